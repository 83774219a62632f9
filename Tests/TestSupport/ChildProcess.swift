// Spawning a program with chosen standard output and error, every signal at its default
// action (whatever the test runner inherited), for tests that send signals or make writes fail.

#if canImport(Glibc)
  import Glibc
#endif

/// A child process started with `posix_spawn`; killed on deinit if still running.
public final class ChildProcess {
  /// The child's process id.
  public let pid: pid_t
  /// How it ended, once `waitForExit` has seen it.
  public private(set) var exitStatus: PTYExitStatus?

  /// Spawns `executable` with `arguments` (not including argv[0]); standard input is
  /// `/dev/null`, standard output is `output` (a file descriptor, duplicated), standard error
  /// goes to the file `errorPath`. With `ignoringSIGPIPE` the program runs under `/bin/sh`
  /// with SIGPIPE ignored (`trap '' PIPE; exec ...`), so a closed pipe gives EPIPE.
  public init(
    executable: String, arguments: [String], output: Int32, errorPath: String,
    ignoringSIGPIPE: Bool = false
  ) throws {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_adddup2(&actions, output, 1)
    posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)

    let program = ignoringSIGPIPE ? "/bin/sh" : executable
    let words =
      ignoringSIGPIPE
      ? ["/bin/sh", "-c", "trap '' PIPE; exec \"$0\" \"$@\"", executable] + arguments
      : [executable] + arguments
    let environment = ["PATH=/usr/bin:/bin", "LANG=C.UTF-8", "HOME=/tmp", "COLUMNS=80"]
    pid = try withDefaultSignals { attributes in
      try spawn(
        program, argv: words, environment: environment, actions: &actions,
        attributes: &attributes)
    }
  }

  deinit {
    if exitStatus == nil {
      kill(pid, SIGKILL)
      var status: Int32 = 0
      _ = waitpid(pid, &status, 0)
    }
  }

  /// Sends `signal` to the child.
  public func send(signal: Int32) {
    kill(pid, signal)
  }

  /// Whether the child is still running (it is reaped if it has ended).
  public var isRunning: Bool {
    guard exitStatus == nil else { return false }
    var status: Int32 = 0
    if waitpid(pid, &status, WNOHANG) == pid {
      exitStatus = PTYExitStatus(waitStatus: status)
      return false
    }
    return true
  }

  /// Waits up to `timeout` for the child to end; on timeout kills it and returns nil.
  public func waitForExit(timeout: Duration = .seconds(30)) -> PTYExitStatus? {
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: timeout)
    while isRunning {
      if clock.now >= deadline {
        kill(pid, SIGKILL)
        var status: Int32 = 0
        _ = waitpid(pid, &status, 0)
        exitStatus = PTYExitStatus(waitStatus: status)
        return nil
      }
      usleep(2_000)
    }
    return exitStatus
  }
}
