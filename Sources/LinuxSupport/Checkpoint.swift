import Glibc

/// CRIU, for moving a running process: `criu dump` of a process tree into an images folder on
/// the node it leaves, and (through `racimo job-exec --restore`, see `JobExec`) `criu restore`
/// on the node it goes to, with its standard streams joined to that node's pipes.
///
/// `criu` is the command that runs CRIU (a path, or a wrapper around one); CRIU needs root.
public enum Checkpoint {
    /// Whether `criu check` passes; the failure's last lines otherwise.
    public static func check(criu: [String]) -> Result<Void, CheckpointFailure> {
        run(criu + ["check"], log: nil)
    }

    /// Checkpoints the tree of `pid` (a session leader) into `images` and leaves it stopped
    /// (the caller ends it once it has read what the pipes still hold). On failure CRIU
    /// resumes the tree and the reason is returned.
    ///
    /// A user's process is checkpointed by CRIU running as that user, with only the two
    /// capabilities CRIU's unprivileged mode needs (CAP_CHECKPOINT_RESTORE, CAP_SYS_PTRACE):
    /// root's CRIU could do more than the user could, and needs CAP_SYS_RESOURCE to read
    /// another user's limits, which containers often withhold.
    public static func dump(pid: Int32, images: String, criu: [String], owner: Owner) -> Result<Void, CheckpointFailure> {
        // The process is frozen while CRIU works: CRIU must not queue behind the node's other
        // CPU-bound processes (a dump that took 0.03 s alone took 0.8 s beside two of them).
        run(["/usr/bin/nice", "-n", "-10"] + command(criu, as: owner) + ["dump", "-t", String(pid), "-D", images, "-o", "dump.log", "--manage-cgroups=ignore", "--leave-stopped"]
                + unprivileged(owner),
            log: images + "/dump.log")
    }

    /// `criu` run as `owner` (through setpriv, with CRIU's two capabilities), or as is for root.
    public static func command(_ criu: [String], as owner: Owner) -> [String] {
        guard owner.uid != 0 else { return criu }
        // The process's own groups: CRIU restores them, and may not change them unprivileged.
        let groups = owner.groups.isEmpty ? "--clear-groups" : "--groups=" + owner.groups.map(String.init).joined(separator: ",")
        return ["/usr/bin/setpriv", "--reuid=\(owner.uid)", "--regid=\(owner.gid)", groups,
                "--inh-caps=+checkpoint_restore,+sys_ptrace,+setpcap", "--ambient-caps=+checkpoint_restore,+sys_ptrace,+setpcap"] + criu
    }

    /// `--unprivileged` for a user's CRIU.
    public static func unprivileged(_ owner: Owner) -> [String] {
        owner.uid == 0 ? [] : ["--unprivileged"]
    }

    /// Makes `path` a folder `owner` alone can use (the images hold the process's memory).
    public static func makeFolder(_ path: String, owner: Owner) -> Bool {
        guard mkdir(path, 0o700) == 0 || errno == EEXIST else { return false }
        return chown(path, owner.uid, owner.gid) == 0
    }

    /// Gives `path` to `owner`.
    public static func give(_ path: String, to owner: Owner) {
        _ = chown(path, owner.uid, owner.gid)
    }

    /// The inode of the pipe behind `descriptor` of process `pid` (what `--inherit-fd` names).
    public static func pipeInode(pid: Int32, descriptor: Int32) -> UInt64? {
        var buffer = [CChar](repeating: 0, count: 256)
        let count = readlink("/proc/\(pid)/fd/\(descriptor)", &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard text.hasPrefix("pipe:[") else { return nil }
        return UInt64(text.dropFirst(6).dropLast())
    }

    /// Bytes in the pipe on descriptor `fd` of process `pid` that it has not read yet. The
    /// pipe is reopened through /proc (a reader's end holds nothing open for the writer), so
    /// this works after the writer has closed its end.
    public static func unreadBytes(pid: Int32, descriptor fd: Int32) -> Int {
        let pipe = open("/proc/\(pid)/fd/\(fd)", O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard pipe >= 0 else { return 0 }
        defer { close(pipe) }
        var count: Int32 = 0
        return ioctl(pipe, UInt(FIONREAD), &count) == 0 ? Int(count) : 0
    }

    static func run(_ command: [String], log: String?) -> Result<Void, CheckpointFailure> {
        let started: JobLauncher.Started
        do { started = try JobLauncher.launch(command, environment: ["PATH=/usr/sbin:/usr/bin:/sbin:/bin"]) } catch {
            return .failure(CheckpointFailure(description: "cannot run \(command[0]): \(error)"))
        }
        let ending = JobLauncher.wait(started.pid)
        if ending.exitCode == 0 { return .success(()) }
        var why = "\(command.prefix(2).joined(separator: " ")) failed (\(ending.exitCode.map { "exit \($0)" } ?? "signal \(ending.signal ?? 0)"))"
        if let log, let text = try? Files.readText(log) {
            // CRIU's last error says "Dumping FAILED"; the first says why.
            let errors = text.split(separator: "\n").filter { $0.contains("Error") && !$0.contains("RLIMIT_NOFILE") }
            if !errors.isEmpty { why += ": " + errors.prefix(2).joined(separator: "; ") }
        }
        return .failure(CheckpointFailure(description: why))
    }
}

extension Checkpoint {
    /// Whose process is checkpointed or restored: CRIU runs as them.
    public struct Owner: Sendable, Equatable {
        public var uid: UInt32
        public var gid: UInt32
        public var groups: [UInt32]
        public init(uid: UInt32, gid: UInt32, groups: [UInt32]) {
            self.uid = uid
            self.gid = gid
            self.groups = groups
        }
    }
}

public struct CheckpointFailure: Error, CustomStringConvertible, Sendable {
    public var description: String
}
