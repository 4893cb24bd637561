import Glibc

/// Blocking reads and writes of the caller's own descriptors and signal dispositions, for
/// `racimo run`, which stands in at home for a process running elsewhere.
public enum StandardStreams {
    /// Reads up to `count` bytes; empty at end of file, nil on an error.
    public static func read(_ descriptor: Int32, count: Int = 65536) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: count)
        while true {
            let got = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, count) }
            if got >= 0 { return Array(buffer[0..<got]) }
            if errno != EINTR { return nil }
        }
    }

    /// Writes all of `bytes`; false when the reader is gone (EPIPE) or another error.
    @discardableResult
    public static func write(_ bytes: [UInt8], to descriptor: Int32) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let wrote = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + offset, bytes.count - offset) }
            if wrote > 0 { offset += wrote; continue }
            if wrote < 0 && errno == EINTR { continue }
            return false
        }
        return true
    }

    /// False when `descriptor` is a terminal this process group does not own (a background
    /// job), where reading would stop the process with SIGTTIN.
    public static func mayRead(_ descriptor: Int32) -> Bool {
        guard isatty(descriptor) == 1 else { return true }
        return tcgetpgrp(descriptor) == getpgrp()
    }

    /// Ignores `signal` so that a dispatch source can take it instead.
    public static func ignore(_ signal: Int32) {
        _ = Glibc.signal(signal, SIG_IGN)
    }

    /// Ends this process the way the placed process ended: by the same signal, so the shell
    /// reports what it would have reported for a local program.
    public static func die(by signal: Int32) -> Never {
        _ = Glibc.signal(signal, SIG_DFL)
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, signal)
        sigprocmask(SIG_UNBLOCK, &set, nil)
        _ = Glibc.kill(getpid(), signal)
        exit(128 + signal)
    }

    /// Stops this process as a terminal's Ctrl-Z would.
    public static func stopSelf() {
        _ = Glibc.kill(getpid(), SIGSTOP)
    }

    public static var processID: Int32 { getpid() }
}
