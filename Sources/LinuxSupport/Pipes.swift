import Glibc

/// pipe(2) pairs for a child's standard streams.
public enum Pipes {
    /// A pipe whose two ends close on exec (the spawn's dup2 clears that on the child's copy).
    public static func make() -> (read: Int32, write: Int32)? {
        // Under the spawn lock: a child spawned between pipe(2) and fcntl(2) would inherit
        // both ends and keep another process's output open after it ends.
        spawnLock.withLock { _ in
            var fds: [Int32] = [0, 0]
            guard pipe(&fds) == 0 else { return nil }
            _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
            _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
            return (fds[0], fds[1])
        }
    }

    /// Held while making close-on-exec pipes and while spawning.
    static let spawnLock = AdaptiveMutex(())

    public static func close(_ descriptor: Int32) {
        _ = Glibc.close(descriptor)
    }
}
