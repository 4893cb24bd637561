import Glibc

/// The last step before a job's program runs, in a fresh process: `racimo job-exec`.
///
/// The startd spawns its own binary with these arguments; this code then joins the job's
/// cgroup (as root), drops to the submitting user (supplementary groups, then gid, then uid,
/// so nothing can be regained), opens the job's files *as that user* (a job cannot write
/// where its owner could not), changes to its directory and executes the program in place,
/// so the startd's child is the job itself and wait4(2) gives its own exit and rusage.
///
/// Anything that fails before the program runs is written to file descriptor 3, a pipe the
/// startd reads: an empty pipe at exec means the program started.
public enum JobExec {
    public struct Plan: Equatable, Sendable {
        public var uid: UInt32
        public var gid: UInt32
        public var groups: [UInt32]
        /// `cgroup.procs` of the job's cgroup, when it has one.
        public var cgroupProcs: String?
        public var directory: String
        public var input: String?
        public var output: String?
        public var error: String?
        public var executable: String
        public var arguments: [String]

        public init(
            uid: UInt32, gid: UInt32, groups: [UInt32], cgroupProcs: String?, directory: String,
            input: String?, output: String?, error: String?, executable: String, arguments: [String]
        ) {
            self.uid = uid
            self.gid = gid
            self.groups = groups
            self.cgroupProcs = cgroupProcs
            self.directory = directory
            self.input = input
            self.output = output
            self.error = error
            self.executable = executable
            self.arguments = arguments
        }

        /// The command line that `JobExec.parse` reads back (after the `job-exec` word).
        public var commandLine: [String] {
            var words = ["--uid", "\(uid)", "--gid", "\(gid)", "--groups", groups.map(String.init).joined(separator: ","),
                         "--dir", directory]
            if let cgroupProcs { words += ["--cgroup", cgroupProcs] }
            if let input { words += ["--in", input] }
            if let output { words += ["--out", output] }
            if let error { words += ["--err", error] }
            return words + ["--", executable] + arguments
        }
    }

    /// Reads a `Plan` from the words after `job-exec`; nil when they are not one.
    public static func parse(_ words: [String]) -> Plan? {
        var options: [String: String] = [:]
        var index = 0
        while index < words.count, words[index] != "--" {
            guard index + 1 < words.count else { return nil }
            options[words[index]] = words[index + 1]
            index += 2
        }
        guard index + 1 < words.count, let uid = options["--uid"].flatMap(UInt32.init),
              let gid = options["--gid"].flatMap(UInt32.init), let directory = options["--dir"]
        else { return nil }
        let groups = (options["--groups"] ?? "").split(separator: ",").compactMap { UInt32($0) }
        return Plan(
            uid: uid, gid: gid, groups: groups, cgroupProcs: options["--cgroup"], directory: directory,
            input: options["--in"], output: options["--out"], error: options["--err"],
            executable: words[index + 1], arguments: Array(words[(index + 2)...]))
    }

    /// Carries out `plan` and executes the program; returns only by exiting 127 after telling
    /// descriptor 3 what went wrong.
    public static func run(_ plan: Plan) -> Never {
        if let procs = plan.cgroupProcs {
            // "0" is the writing process itself, in cgroup v1 and v2 alike.
            guard Files.writeControl("0", to: procs) else { fail("cannot join the job's cgroup (\(procs))") }
        }
        if getuid() == 0 {
            let groups = plan.groups.map { gid_t($0) }
            guard setgroups(groups.count, groups) == 0 else { fail("setgroups: \(errorText())") }
            guard setgid(plan.gid) == 0 else { fail("setgid(\(plan.gid)): \(errorText())") }
            guard setuid(plan.uid) == 0 else { fail("setuid(\(plan.uid)): \(errorText())") }
        } else if getuid() != plan.uid {
            fail("the execute node's agent runs as uid \(getuid()) and cannot run a job as uid \(plan.uid)")
        }
        guard chdir(plan.directory) == 0 else { fail("cannot enter \(plan.directory): \(errorText())") }
        // "-": keep the standard input the launcher gave (a placed process's pipe).
        if plan.input != "-" { redirect(plan.input ?? "/dev/null", to: 0, flags: O_RDONLY) }
        if let output = plan.output { redirect(output, to: 1, flags: O_WRONLY | O_CREAT | O_TRUNC) }
        if let error = plan.error { redirect(error, to: 2, flags: O_WRONLY | O_CREAT | O_TRUNC) }
        _ = fcntl(3, F_SETFD, FD_CLOEXEC)
        closeInherited()
        let argv = ([plan.executable] + plan.arguments).map { strdup($0) } + [nil]
        execv(plan.executable, argv)
        fail("cannot execute \(plan.executable): \(errorText())")
    }

    /// Closes every descriptor above 3 that the agent let through: sockets and event-loop
    /// descriptors NIO and the libraries beneath it did not mark close-on-exec. A job must
    /// never hold the agent's authenticated connections, nor keep its listening ports open.
    private static func closeInherited() {
        for entry in Files.entries(of: "/proc/self/fd") {
            if let fd = Int32(entry), fd > 3 { close(fd) }
        }
    }

    private static func redirect(_ path: String, to descriptor: Int32, flags: Int32) {
        let fd = open(path, flags | O_CLOEXEC, 0o644)
        guard fd >= 0 else { fail("cannot open \(path): \(errorText())") }
        guard dup2(fd, descriptor) >= 0 else { fail("dup2 for \(path): \(errorText())") }
        close(fd)
    }

    private static func errorText() -> String { String(cString: strerror(errno)) }

    private static func fail(_ message: String) -> Never {
        let bytes = Array(message.utf8)
        _ = bytes.withUnsafeBytes { write(3, $0.baseAddress, $0.count) }
        _exit(127)
    }
}
