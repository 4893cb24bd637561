import Glibc

/// One reading of this node's load, capacity and memory, from /proc and the cgroup filesystem.
///
/// "This node" is the agent's cgroup when it runs confined (a container, or a test host with
/// `scripts/netns/hosts --cpus`), so that several nodes on one machine each see their own load,
/// as separate machines would; otherwise it is the whole machine.
public struct NodeReading: Equatable, Sendable {
    /// The kernel's 1-minute load average (always the machine's: the kernel keeps no other).
    public var loadAverage: Double
    /// Runnable tasks of the node right now, this agent's own threads excluded.
    public var runnable: Int
    public var cpus: Int
    public var memoryTotal: UInt64
    public var memoryFree: UInt64
    /// CPU time the node has used, in seconds (a counter: utilisation is its rate).
    public var cpuSeconds: Double
    /// The cgroup taken as the node, or nil for the whole machine.
    public var cgroup: String?
}

public enum NodeReadings {
    /// Reads the node now. Never throws: a missing file gives a zero, and the agent keeps going.
    public static func read() -> NodeReading {
        let loadavg = (try? Files.readText("/proc/loadavg")) ?? ""
        let fields = loadavg.split(separator: " ")
        let loadAverage = fields.first.flatMap { Double($0) } ?? 0
        if let scope = confinedScope() {
            return readCgroup(scope, loadAverage: loadAverage)
        }
        // Field 4 is "running/total"; the reader itself is one of the running.
        let running = fields.count > 3 ? Int(fields[3].split(separator: "/").first ?? "") ?? 1 : 1
        let memory = meminfo()
        return NodeReading(
            loadAverage: loadAverage, runnable: max(0, running - 1), cpus: Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))),
            memoryTotal: memory.total, memoryFree: memory.available, cpuSeconds: machineCPUSeconds(), cgroup: nil)
    }

    /// The cgroup directories of a confined node: (cpuset dir, memory dir, cgroup path), or nil.
    struct Scope {
        var tasksFile: String
        var cpusFile: String
        var memoryLimitFile: String?
        var memoryUsageFile: String?
        var path: String
    }

    static func confinedScope() -> Scope? {
        guard let text = try? Files.readText("/proc/self/cgroup") else { return nil }
        var cpusetPath: String?, memoryPath: String?, unifiedPath: String?
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3 else { continue }
            let controllers = parts[1].split(separator: ","), path = String(parts[2])
            if controllers.contains("cpuset") { cpusetPath = path }
            if controllers.contains("memory") { memoryPath = path }
            if parts[0] == "0" && parts[1].isEmpty { unifiedPath = path }
        }
        if let cpusetPath, cpusetPath != "/", Files.exists("/sys/fs/cgroup/cpuset\(cpusetPath)/tasks") {
            let memory = memoryPath.flatMap { $0 == "/" ? nil : "/sys/fs/cgroup/memory\($0)" }
            return Scope(
                tasksFile: "/sys/fs/cgroup/cpuset\(cpusetPath)/tasks",
                cpusFile: "/sys/fs/cgroup/cpuset\(cpusetPath)/cpuset.effective_cpus",
                memoryLimitFile: memory.map { $0 + "/memory.limit_in_bytes" },
                memoryUsageFile: memory.map { $0 + "/memory.usage_in_bytes" }, path: cpusetPath)
        }
        if let unifiedPath, unifiedPath != "/", Files.exists("/sys/fs/cgroup\(unifiedPath)/cgroup.threads"),
           isRestricted("/sys/fs/cgroup\(unifiedPath)") {
            let base = "/sys/fs/cgroup\(unifiedPath)"
            return Scope(
                tasksFile: base + "/cgroup.threads", cpusFile: base + "/cpuset.cpus.effective",
                memoryLimitFile: base + "/memory.max", memoryUsageFile: base + "/memory.current", path: unifiedPath)
        }
        return nil
    }

    static func readCgroup(_ scope: Scope, loadAverage: Double) -> NodeReading {
        let me = getpid()
        var runnable = 0
        var ticks: UInt64 = 0
        for tid in ((try? Files.readText(scope.tasksFile)) ?? "").split(separator: "\n") {
            // /proc/TID/task/TID/stat is the thread's own; /proc/TID/stat would be its whole process.
            guard let stat = try? Files.readText("/proc/\(tid)/task/\(tid)/stat"), let close = stat.lastIndex(of: ")") else { continue }
            // Fields after the command name: state is field 3, utime 14, stime 15 (proc(5)).
            let after = stat[stat.index(after: close)...].split(separator: " ")
            guard after.count > 13 else { continue }
            ticks += (UInt64(after[11]) ?? 0) + (UInt64(after[12]) ?? 0)
            if after[0] == "R", threadGroup(of: String(tid)) != me { runnable += 1 }
        }
        let machine = meminfo()
        let limit = scope.memoryLimitFile.flatMap { try? Files.readText($0) }.flatMap { UInt64($0.filter { !$0.isWhitespace }) }
        let usage = scope.memoryUsageFile.flatMap { try? Files.readText($0) }.flatMap { UInt64($0.filter { !$0.isWhitespace }) }
        let total = min(limit ?? machine.total, machine.total)
        let free = usage.map { total > $0 ? total - $0 : 0 } ?? machine.available
        let cpus = ((try? Files.readText(scope.cpusFile)).map(countCPUs)).flatMap { $0 > 0 ? $0 : nil }
            ?? Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        return NodeReading(
            loadAverage: loadAverage, runnable: runnable, cpus: cpus, memoryTotal: total, memoryFree: min(free, total),
            cpuSeconds: Double(ticks) / Double(sysconf(Int32(_SC_CLK_TCK))), cgroup: scope.path)
    }

    /// A v2 cgroup is a node of its own only when it is held to fewer CPUs or less memory than the
    /// machine: under systemd every service has a cgroup, and `racimo.service` is not a node.
    static func isRestricted(_ base: String) -> Bool {
        let machineCPUs = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        let cpus = (try? Files.readText(base + "/cpuset.cpus.effective")).map(countCPUs) ?? machineCPUs
        let memory = (try? Files.readText(base + "/memory.max"))?.filter { !$0.isWhitespace } ?? "max"
        return (cpus > 0 && cpus < machineCPUs) || memory != "max"
    }

    /// The process a thread belongs to (`Tgid` in /proc/TID/status).
    static func threadGroup(of tid: String) -> Int32? {
        guard let status = try? Files.readText("/proc/\(tid)/status") else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("Tgid:") {
            return Int32(line.dropFirst(5).filter { !$0.isWhitespace })
        }
        return nil
    }

    /// Counts the CPUs of a cpuset list such as "0-3,6".
    public static func countCPUs(_ list: String) -> Int {
        list.filter { !$0.isWhitespace }.split(separator: ",").reduce(0) { count, part in
            let bounds = part.split(separator: "-").compactMap { Int($0) }
            return count + (bounds.count == 2 ? bounds[1] - bounds[0] + 1 : bounds.count)
        }
    }

    static func meminfo() -> (total: UInt64, available: UInt64) {
        var total: UInt64 = 0, available: UInt64 = 0
        for line in ((try? Files.readText("/proc/meminfo")) ?? "").split(separator: "\n") {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count >= 2, let kib = UInt64(parts[1]) else { continue }
            if parts[0] == "MemTotal:" { total = kib * 1024 }
            if parts[0] == "MemAvailable:" { available = kib * 1024 }
        }
        return (total, available)
    }

    /// Non-idle CPU time of the whole machine, from the first line of /proc/stat.
    static func machineCPUSeconds() -> Double {
        guard let stat = try? Files.readText("/proc/stat"), let line = stat.split(separator: "\n").first else { return 0 }
        let values = line.split(separator: " ").dropFirst().compactMap { UInt64($0) }
        guard values.count >= 5 else { return 0 }
        // user nice system idle iowait irq softirq steal: idle and iowait are not work.
        let busy = values.enumerated().filter { $0.offset != 3 && $0.offset != 4 && $0.offset < 8 }.reduce(0) { $0 + $1.element }
        return Double(busy) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}
