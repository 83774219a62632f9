import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

// Process-wide state read by the signal handler.
//
// Why `nonisolated(unsafe)` is safe here: `slotPaths` and `slotStates` are allocated once (under
// `TemporaryFileRegistry.lock`) before the handler is first installed and never freed, so the
// handler never sees a dangling pointer and never triggers lazy global initialisation. A slot's
// path bytes are written while its state is 0 and only then is the state set to 1 (an aligned
// `sig_atomic_t` store); the handler only reads states and paths and calls `unlink`, `signal`
// and `raise`, which are async-signal-safe.

/// `slotCount` buffers of `slotSize` bytes: the NUL-terminated temporary paths.
nonisolated(unsafe) private var slotPaths: UnsafeMutablePointer<CChar>? = nil
/// One state per slot: 1 while its path is a live temporary file.
nonisolated(unsafe) private var slotStates: UnsafeMutablePointer<sig_atomic_t>? = nil

private let slotCount = 32
/// `PATH_MAX` plus the terminating NUL: no longer path can be created anyway.
private let slotSize = Int(PATH_MAX) + 1

/// Deletes every registered temporary file, then dies from the signal's default action.
private func removeTemporaryFilesAndDie(_ signal: Int32) {
  if let paths = slotPaths, let states = slotStates {
    for slot in 0..<slotCount where states[slot] == 1 {
      _ = unlink(paths + slot * slotSize)
    }
  }
  // SA_RESETHAND put back the default action and SA_NODEFER lets it arrive now.
  _ = raise(signal)
}

/// The temporary files being written, deleted if SIGINT, SIGTERM or SIGHUP ends the process
/// (a Ctrl-C during a long write leaves no `*.tmp-*` file behind).
///
/// The handler is installed for a signal only while that signal's action is the default one
/// (to end the process): a program that ignores a signal or handles it itself (training's
/// Ctrl-C, or a `TerminalKit` session, whose handler exits after restoring the terminal) keeps
/// its behaviour, and the file is not removed under it. The check is made again at every
/// registration, so handlers put back by others are picked up.
enum TemporaryFileRegistry {
  /// The signals after which temporary files are removed.
  static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

  private static let lock = NSLock()

  /// Registers `path` for deletion on a terminating signal; returns its slot (nil when every
  /// slot is taken or the path is too long: the file is then simply not cleaned up).
  static func register(_ path: String) -> Int? {
    let bytes = Array(path.utf8CString)
    guard bytes.count <= slotSize else { return nil }
    return lock.withLock {
      let (paths, states) = storage()
      guard let slot = (0..<slotCount).first(where: { states[$0] == 0 }) else { return nil }
      bytes.withUnsafeBufferPointer { buffer in
        guard let base = buffer.baseAddress else { return }
        (paths + slot * slotSize).update(from: base, count: buffer.count)
      }
      states[slot] = 1
      installHandlers()
      return slot
    }
  }

  /// Stops watching `slot` (its file was renamed into place or deleted).
  static func unregister(_ slot: Int) {
    lock.withLock {
      let (_, states) = storage()
      states[slot] = 0
    }
  }

  /// The slot buffers, allocated on first use. Call with `lock` held.
  private static func storage() -> (UnsafeMutablePointer<CChar>, UnsafeMutablePointer<sig_atomic_t>)
  {
    if let paths = slotPaths, let states = slotStates { return (paths, states) }
    let paths = UnsafeMutablePointer<CChar>.allocate(capacity: slotCount * slotSize)
    paths.initialize(repeating: 0, count: slotCount * slotSize)
    let states = UnsafeMutablePointer<sig_atomic_t>.allocate(capacity: slotCount)
    states.initialize(repeating: 0, count: slotCount)
    slotPaths = paths
    slotStates = states
    return (paths, states)
  }

  /// Installs the handler for each signal whose action is currently the default. Call with
  /// `lock` held.
  private static func installHandlers() {
    for signal in signals {
      var current = sigaction()
      guard sigaction(signal, nil, &current) == 0 else { continue }
      // SIG_DFL is the null handler; SIG_IGN and real handlers are not.
      guard current.__sigaction_handler.sa_handler == nil else { continue }
      var action = sigaction()
      action.__sigaction_handler.sa_handler = { removeTemporaryFilesAndDie($0) }
      action.sa_flags = Int32(
        bitPattern: UInt32(truncatingIfNeeded: SA_RESETHAND)
          | UInt32(truncatingIfNeeded: SA_NODEFER))
      sigfillset(&action.sa_mask)
      _ = sigaction(signal, &action, nil)
    }
  }
}
