// posix_spawn for the test helpers: the signal set-up and the C strings, written once.

#if canImport(Glibc)
  import Glibc
#endif

/// Runs `body` with spawn attributes that put every signal at its default action and block
/// none (whatever the test runner inherited), plus `extraFlags`.
func withDefaultSignals<T>(extraFlags: Int32 = 0, _ body: (inout posix_spawnattr_t) throws -> T)
  rethrows -> T
{
  var attributes = posix_spawnattr_t()
  posix_spawnattr_init(&attributes)
  defer { posix_spawnattr_destroy(&attributes) }
  let flags = Int32(POSIX_SPAWN_SETSIGDEF) | Int32(POSIX_SPAWN_SETSIGMASK) | extraFlags
  posix_spawnattr_setflags(&attributes, Int16(flags))
  var defaults = sigset_t()
  sigfillset(&defaults)
  posix_spawnattr_setsigdefault(&attributes, &defaults)
  var mask = sigset_t()
  sigemptyset(&mask)
  posix_spawnattr_setsigmask(&attributes, &mask)
  return try body(&attributes)
}

/// Spawns `program` with `argv` (argv[0] included) and `environment`; returns the child's pid.
func spawn(
  _ program: String, argv: [String], environment: [String],
  actions: inout posix_spawn_file_actions_t, attributes: inout posix_spawnattr_t
) throws -> pid_t {
  var cArgv: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
  var cEnvironment: [UnsafeMutablePointer<CChar>?] = environment.map { strdup($0) } + [nil]
  defer {
    cArgv.forEach { free($0) }
    cEnvironment.forEach { free($0) }
  }
  var child: pid_t = 0
  let result = posix_spawn(&child, program, &actions, &attributes, &cArgv, &cEnvironment)
  guard result == 0 else {
    throw PTYError(description: "posix_spawn \(program): \(String(cString: strerror(result)))")
  }
  return child
}
