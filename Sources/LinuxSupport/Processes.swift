import Glibc

/// Signals to child processes, for what Foundation's `Process` cannot send (it has SIGTERM
/// and SIGINT only): a command past its time limit gets SIGKILL.
public enum Processes {
    /// Sends `signal` to process `pid`; false if there is no such process any more.
    @discardableResult
    public static func signal(_ pid: Int32, _ signal: Int32) -> Bool {
        Glibc.kill(pid, signal) == 0
    }

    public static let kill: Int32 = SIGKILL
    public static let terminate: Int32 = SIGTERM
}
