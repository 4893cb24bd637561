import Glibc

/// Starts a job's process and waits for it, for the startd: posix_spawn(3) of the
/// `racimo job-exec` step (see `JobExec`) in a new process group, then wait4(2) for the
/// exit status and the resource usage HTCondor's event log reports.
public enum JobLauncher {
    public struct Started: Sendable {
        public var pid: Int32
    }

    public enum Failure: Error, CustomStringConvertible {
        case spawn(String)
        /// The job-exec step could not run the program; its own words.
        case beforeExec(String)
        public var description: String {
            switch self {
            case .spawn(let why): "cannot start the job: \(why)"
            case .beforeExec(let why): why
            }
        }
    }

    /// How a process ended, as wait4(2) tells it.
    public struct Ending: Sendable {
        public var exitCode: Int32?
        public var signal: Int32?
        public var coreDumped: Bool
        public var userSeconds: Double
        public var systemSeconds: Double
        public var maxResidentKiB: Int
    }

    /// Spawns `command` (the racimo binary and `job-exec` words) with `environment`, in a
    /// process group of its own, and blocks until it has executed the job's program or
    /// failed to. Call it off the event loop: it waits for the child's exec.
    ///
    /// `standardStreams`, when given, become the child's descriptors 0, 1 and 2 (a placed
    /// process's pipes); otherwise it inherits the agent's.
    ///
    /// With `newSession` the child leads a session of its own (POSIX_SPAWN_SETSID) instead of
    /// just a process group: a placed process is then a whole tree CRIU can checkpoint.
    public static func launch(
        _ command: [String], environment: [String], standardStreams: [Int32]? = nil, newSession: Bool = false
    ) throws(Failure) -> Started {
        // Close-on-exec, so that other children of the agent do not hold the pipe open.
        guard let (readEnd, writeEnd) = Pipes.make() else { throw .spawn("pipe: \(String(cString: strerror(errno)))") }
        defer { close(readEnd) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // dup2 clears close-on-exec on the copy: descriptor 3 is the job-exec step's report.
        for (target, source) in (standardStreams ?? []).enumerated() {
            posix_spawn_file_actions_adddup2(&actions, source, Int32(target))
        }
        posix_spawn_file_actions_adddup2(&actions, writeEnd, 3)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // A process group of its own, so that a kill reaches the job's children too; signals
        // the agent ignores (SIGPIPE) back to their defaults; nothing blocked.
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGCHLD, SIGQUIT] { sigaddset(&defaults, signal) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setpgroup(&attributes, 0)
        let group = newSession ? Int32(0x80) /* POSIX_SPAWN_SETSID */ : POSIX_SPAWN_SETPGROUP
        posix_spawnattr_setflags(&attributes, Int16(group | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = command.map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let status = Pipes.spawnLock.withLock { _ in posix_spawn(&pid, command[0], &actions, &attributes, argv, envp) }
        close(writeEnd)
        guard status == 0 else { throw .spawn("\(command[0]): \(String(cString: strerror(status)))") }

        // The pipe closes at exec (close-on-exec) or carries the reason it did not happen.
        var report: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 512)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
            if count > 0 { report += buffer[0..<count]; continue }
            if count < 0, errno == EINTR { continue }
            break
        }
        if !report.isEmpty {
            _ = wait(pid)
            throw .beforeExec(String(decoding: report, as: UTF8.self))
        }
        return Started(pid: pid)
    }

    /// Blocks until `pid` ends and reaps it.
    public static func wait(_ pid: Int32) -> Ending {
        Subreaper.waited.withLock { _ = $0.insert(pid) }
        defer { Subreaper.waited.withLock { _ = $0.remove(pid) } }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            if errno != EINTR { break }
        }
        let exited = status & 0x7f == 0
        let seconds = { (t: timeval) in Double(t.tv_sec) + Double(t.tv_usec) / 1_000_000 }
        return Ending(
            exitCode: exited ? (status >> 8) & 0xff : nil,
            signal: exited ? nil : status & 0x7f,
            coreDumped: status & 0x80 != 0,
            userSeconds: seconds(usage.ru_utime), systemSeconds: seconds(usage.ru_stime),
            maxResidentKiB: Int(usage.ru_maxrss))
    }

    /// Sends `signal` to the job's whole process group.
    @discardableResult
    public static func signalGroup(_ pid: Int32, _ signal: Int32) -> Bool {
        kill(-pid, signal) == 0
    }
}
