import Glibc

/// A job's own memory cgroup: the job's `request_memory` as its limit, and afterwards whether
/// the kernel killed it for going over. Handles both hierarchies, because machines differ:
/// cgroup v1 (a `memory` controller mounted at /sys/fs/cgroup/memory, as on this project's
/// test machine) and v2 (one unified tree, current distributions' default).
public struct MemoryCgroup: Sendable, Equatable {
    public enum Version: Sendable, Equatable { case v1, v2 }

    public let version: Version
    /// The job's cgroup directory.
    public let path: String

    /// Which hierarchy this machine has for memory, if any: v2 when the unified tree offers
    /// the memory controller, else v1 when its memory controller is mounted.
    public static func detect(root: String = "/sys/fs/cgroup") -> (version: Version, base: String)? {
        if let controllers = try? Files.readText("\(root)/cgroup.controllers"),
           controllers.split(whereSeparator: \.isWhitespace).contains("memory") {
            return (.v2, root)
        }
        if Files.exists("\(root)/memory/memory.limit_in_bytes") { return (.v1, "\(root)/memory") }
        return nil
    }

    /// Creates `<base>/<parent>/<name>` with `limitMB` as its hard limit, or nil when cgroups
    /// are not writable here (not root, read-only mount, no memory controller). On v2 the
    /// parent delegates the memory controller to its children, and swap is off for the job so
    /// that going over the request ends in the OOM kill the schedd reports, not in paging.
    public static func create(parent: String, name: String, limitMB: Int, root: String = "/sys/fs/cgroup") -> MemoryCgroup? {
        guard let (version, base) = detect(root: root) else { return nil }
        let parentPath = "\(base)/\(parent)"
        var partial = base
        for component in parent.split(separator: "/") {
            partial += "/\(component)"
            guard makeDirectory(partial) else { return nil }
        }
        if version == .v2 {
            // A v2 parent must enable the controller for its children, and each ancestor
            // between the root and it must have it enabled as well.
            var ancestor = base
            for component in parent.split(separator: "/") {
                Files.writeControl("+memory", to: "\(ancestor)/cgroup.subtree_control")
                ancestor += "/\(component)"
            }
            Files.writeControl("+memory", to: "\(parentPath)/cgroup.subtree_control")
        }
        let path = "\(parentPath)/\(name)"
        guard makeDirectory(path) else { return nil }
        let bytes = "\(limitMB * 1_048_576)"
        let limited: Bool
        switch version {
        case .v1:
            limited = Files.writeControl(bytes, to: "\(path)/memory.limit_in_bytes")
            // Where swap is accounted, the limit covers swap too (it must not be below the first).
            Files.writeControl(bytes, to: "\(path)/memory.memsw.limit_in_bytes")
        case .v2:
            limited = Files.writeControl(bytes, to: "\(path)/memory.max")
            Files.writeControl("0", to: "\(path)/memory.swap.max")
        }
        guard limited else {
            rmdir(path)
            return nil
        }
        return MemoryCgroup(version: version, path: path)
    }

    public init(version: Version, path: String) {
        self.version = version
        self.path = path
    }

    /// The file a process writes its pid to in order to join.
    public var processesFile: String { "\(path)/cgroup.procs" }

    /// How many times the kernel's OOM killer killed a process of this cgroup.
    public var oomKills: Int {
        let file = version == .v1 ? "\(path)/memory.oom_control" : "\(path)/memory.events"
        guard let text = try? Files.readText(file) else { return 0 }
        for line in text.split(separator: "\n") {
            let words = line.split(separator: " ")
            if words.count == 2, words[0] == "oom_kill" { return Int(words[1]) ?? 0 }
        }
        // Kernels before 4.13 have no oom_kill count in v1: a hit limit is the best sign left.
        if version == .v1, let failures = try? Files.readText("\(path)/memory.failcnt") {
            return (Int(failures.filter { !$0.isWhitespace }) ?? 0) > 0 ? 1 : 0
        }
        return 0
    }

    /// Peak memory use in bytes, when the kernel keeps it.
    public var peakBytes: Int? {
        let file = version == .v1 ? "\(path)/memory.max_usage_in_bytes" : "\(path)/memory.peak"
        return (try? Files.readText(file)).flatMap { Int($0.filter { !$0.isWhitespace }) }
    }

    /// Kills whatever is left in the cgroup and removes it.
    public func remove() {
        if let pids = try? Files.readText(processesFile) {
            for pid in pids.split(separator: "\n").compactMap({ Int32($0) }) { kill(pid, SIGKILL) }
        }
        // The directory can only go once its processes are reaped; a few tries cover that.
        for _ in 0..<50 {
            if rmdir(path) == 0 || errno == ENOENT { return }
            usleep(10_000)
        }
    }

    /// Removes the empty parent folders `create` made for `parent` (deepest first), once their
    /// jobs are gone; folders still in use stay.
    public static func removeParents(_ parent: String, root: String = "/sys/fs/cgroup") {
        guard let (_, base) = detect(root: root) else { return }
        var components = parent.split(separator: "/").map(String.init)
        while !components.isEmpty {
            rmdir("\(base)/\(components.joined(separator: "/"))")
            components.removeLast()
        }
    }

    /// Cleans up after agents that died without doing so: under `parent`'s folder, every
    /// `<prefix>-<pid>` folder whose pid is no longer alive has its jobs killed and is removed.
    /// Returns how many processes it killed.
    @discardableResult
    public static func reapStale(under parent: String, prefix: String, root: String = "/sys/fs/cgroup") -> Int {
        guard let (version, base) = detect(root: root) else { return 0 }
        var killed = 0
        let folder = "\(base)/\(parent)"
        for entry in Files.entries(of: folder) where entry.hasPrefix(prefix + "-") {
            guard let pid = Int32(entry.dropFirst(prefix.count + 1)), kill(pid, 0) != 0, errno == ESRCH else { continue }
            for job in Files.entries(of: "\(folder)/\(entry)") where job.hasPrefix("job_") {
                let cgroup = MemoryCgroup(version: version, path: "\(folder)/\(entry)/\(job)")
                killed += ((try? Files.readText(cgroup.processesFile)) ?? "").split(separator: "\n").count
                cgroup.remove()
            }
            rmdir("\(folder)/\(entry)")
        }
        return killed
    }

    private static func makeDirectory(_ path: String) -> Bool {
        mkdir(path, 0o755) == 0 || errno == EEXIST
    }
}
