import CLinuxSupport
import Glibc

/// `racimo job-exec --restore`: the parent of a process CRIU brings back on this node.
///
/// The agent spawns it like any placed process, with the new pipes as descriptors 0, 1 and 2.
/// It becomes a child subreaper, runs `criu restore --restore-detached` with those pipes in
/// place of the dumped ones (`--inherit-fd`), so the restored process is reparented to it;
/// then it lets go of the pipes (their only holder must be the process, or the agent would
/// never see end of file), waits for the process, and ends the way it ended. The agent thus
/// waits for its own child, as for a fresh start. Failures before the process runs go to
/// descriptor 3, as job-exec's do.
public enum RestoreKeeper {
    public struct Plan: Equatable, Sendable {
        public var images: String
        /// The dumped process's stdin, stdout and stderr pipe inodes.
        public var pipes: [UInt64]
        public var criu: [String]
        /// Whose process it is: CRIU restores it running as them.
        public var owner: Checkpoint.Owner

        public init(images: String, pipes: [UInt64], criu: [String], owner: Checkpoint.Owner) {
            self.images = images
            self.pipes = pipes
            self.criu = criu
            self.owner = owner
        }

        /// The words after `job-exec`.
        public var commandLine: [String] {
            ["--restore", images, "--pipes", pipes.map(String.init).joined(separator: ","), "--user", "\(owner.uid):\(owner.gid):" + owner.groups.map(String.init).joined(separator: ","), "--"] + criu
        }
    }

    public static func parse(_ words: [String]) -> Plan? {
        guard words.count >= 8, words[0] == "--restore", words[2] == "--pipes", words[4] == "--user", words[6] == "--" else { return nil }
        let pipes = words[3].split(separator: ",").compactMap { UInt64($0) }
        let user = words[5].split(separator: ":", omittingEmptySubsequences: false)
        guard pipes.count == 3, user.count == 3, let uid = UInt32(user[0]), let gid = UInt32(user[1]) else { return nil }
        let groups = user[2].split(separator: ",").compactMap { UInt32($0) }
        return Plan(images: words[1], pipes: pipes, criu: Array(words[7...]), owner: Checkpoint.Owner(uid: uid, gid: gid, groups: groups))
    }

    public static func run(_ plan: Plan) -> Never {
        _ = fcntl(3, F_SETFD, FD_CLOEXEC)
        guard racimo_become_subreaper() == 0 else { fail("cannot become a subreaper: \(String(cString: strerror(errno)))") }
        let pidFile = plan.images + "/restored.pid"
        let owner = plan.owner
        // The user's CRIU reopens the new pipes through /proc/self/fd: they must be the user's.
        for fd: Int32 in [0, 1, 2] { _ = fchown(fd, owner.uid, owner.gid) }
        var arguments = Checkpoint.command(plan.criu, as: owner) + [
            "restore", "-D", plan.images, "-o", "restore.log", "--restore-detached", "--manage-cgroups=ignore",
            "--pidfile", pidFile,
        ] + Checkpoint.unprivileged(owner)
        for (fd, inode) in plan.pipes.enumerated() { arguments += ["--inherit-fd", "fd[\(fd)]:pipe:[\(inode)]"] }
        let argv = arguments.map { strdup($0) } + [nil]
        var criu: pid_t = 0
        guard posix_spawn(&criu, arguments[0], nil, nil, argv, environ) == 0 else { fail("cannot run \(arguments[0])") }
        var status: Int32 = 0
        while waitpid(criu, &status, 0) < 0 && errno == EINTR {}
        guard status == 0, let text = try? Files.readText(pidFile), let restored = Int32(text.split(separator: "\n").first ?? "") else {
            let log = (try? Files.readText(plan.images + "/restore.log")) ?? ""
            let lines = log.split(separator: "\n")
            let errors = lines.filter { $0.contains("Error") && !$0.contains("RLIMIT_NOFILE") }
            var said = errors.prefix(2).joined(separator: "; ")
            // CRIU names the missing image on the line before "Unexpected EOF".
            if let first = lines.firstIndex(where: { $0.contains("Unexpected EOF") }), first > 0 { said += " (after: \(lines[first - 1]))" }
            fail("criu restore failed" + (errors.isEmpty ? "" : ": " + said))
        }
        close(3)
        let null = open("/dev/null", O_RDWR)
        for fd: Int32 in [0, 1, 2] { dup2(null, fd) }
        while true {
            let child = wait(&status)
            if child < 0 && errno == ECHILD { _exit(0) }
            guard child == restored else { continue }
            if status & 0x7f == 0 { _exit((status >> 8) & 0xff) }
            let signal = status & 0x7f
            Glibc.signal(signal, SIG_DFL)
            kill(getpid(), signal)
            _exit(128 + signal)
        }
    }

    private static func fail(_ message: String) -> Never {
        let bytes = Array(message.utf8)
        _ = bytes.withUnsafeBytes { write(3, $0.baseAddress, $0.count) }
        _exit(127)
    }
}
