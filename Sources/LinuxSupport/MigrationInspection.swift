import Glibc

/// What keeps a running process from moving to another node, read from /proc the way
/// openMosix's `/proc/PID/cantmove` told it: a socket it listens on (clients know this
/// node's address), memory it shares with other processes (System V or /dev/shm segments,
/// shared writable mappings), or a device that exists only here.
public enum MigrationInspection {
    /// Why the process group led by `leader` must stay, as a `StayReason` code, or nil.
    public static func whyStays(group leader: Int32) -> String? {
        for pid in members(of: leader) {
            if let reason = whyStays(pid: pid) { return reason }
        }
        return nil
    }

    /// CPU seconds and resident bytes of `leader`'s process group, summed.
    public static func usage(group leader: Int32) -> (cpuSeconds: Double, residentBytes: Int) {
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        var cpu = 0.0, resident = 0
        for pid in members(of: leader) {
            guard let stat = try? Files.readText("/proc/\(pid)/stat"), let close = stat.lastIndex(of: ")") else { continue }
            // After ") ": state(0) ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime(11) stime(12) … rss(21)
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 21 else { continue }
            cpu += (Double(fields[11]) ?? 0) / ticks + (Double(fields[12]) ?? 0) / ticks
            resident += (Int(fields[21]) ?? 0) * page
        }
        return (cpu, resident)
    }

    /// The processes of `leader`'s process group (a placed process and its children).
    public static func members(of leader: Int32) -> [Int32] {
        var found: [Int32] = []
        for entry in Files.entries(of: "/proc") {
            guard let pid = Int32(entry), let stat = try? Files.readText("/proc/\(pid)/stat"),
                  let close = stat.lastIndex(of: ")") else { continue }
            // After "pid (comm) ": state, ppid, pgrp.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 2, Int32(fields[2]) == leader { found.append(pid) }
        }
        return found.sorted()
    }

    static func whyStays(pid: Int32) -> String? {
        let sockets = socketInodes(of: pid)
        if !sockets.isEmpty && !listening(in: pid).isDisjoint(with: sockets) { return "listeningSocket" }
        if sharesMemory(pid) { return "sharedMemory" }
        if holdsDevice(pid) { return "deviceOpen" }
        return nil
    }

    /// The inodes of the sockets among the process's descriptors.
    static func socketInodes(of pid: Int32) -> Set<String> {
        var inodes: Set<String> = []
        for fd in Files.entries(of: "/proc/\(pid)/fd") {
            guard let target = link("/proc/\(pid)/fd/\(fd)"), target.hasPrefix("socket:[") else { continue }
            inodes.insert(String(target.dropFirst(8).dropLast()))
        }
        return inodes
    }

    /// Inodes of listening TCP sockets and of Unix sockets accepting connections, in the
    /// process's network namespace.
    static func listening(in pid: Int32) -> Set<String> {
        var inodes: Set<String> = []
        for table in ["tcp", "tcp6"] {
            for line in ((try? Files.readText("/proc/\(pid)/net/\(table)")) ?? "").split(separator: "\n").dropFirst() {
                let fields = line.split(separator: " ")
                if fields.count > 9, fields[3] == "0A" { inodes.insert(String(fields[9])) }
            }
        }
        for line in ((try? Files.readText("/proc/\(pid)/net/unix")) ?? "").split(separator: "\n").dropFirst() {
            // Num RefCount Protocol Flags Type St Inode Path: flags 00010000 is __SO_ACCEPTCON.
            let fields = line.split(separator: " ")
            if fields.count > 6, fields[3] == "00010000" { inodes.insert(String(fields[6])) }
        }
        return inodes
    }

    /// System V or POSIX shared memory, or any shared writable mapping.
    static func sharesMemory(_ pid: Int32) -> Bool {
        for line in ((try? Files.readText("/proc/\(pid)/maps")) ?? "").split(separator: "\n") {
            let fields = line.split(separator: " ", maxSplits: 5)
            guard fields.count > 1 else { continue }
            let path = fields.count > 5 ? String(fields[5].drop { $0 == " " }) : ""
            if path.hasPrefix("/SYSV") || path.hasPrefix("/dev/shm/") { return true }
            if fields[1].hasPrefix("rw") && fields[1].hasSuffix("s") { return true }
        }
        return false
    }

    /// A character or block device other than the harmless ones CRIU restores anywhere.
    static func holdsDevice(_ pid: Int32) -> Bool {
        let harmless: Set<String> = ["/dev/null", "/dev/zero", "/dev/random", "/dev/urandom", "/dev/full", "/dev/tty", "/dev/ptmx"]
        for fd in Files.entries(of: "/proc/\(pid)/fd") {
            guard let target = link("/proc/\(pid)/fd/\(fd)"), target.hasPrefix("/dev/"),
                  !harmless.contains(target), !target.hasPrefix("/dev/pts/"), !target.hasPrefix("/dev/shm/") else { continue }
            return true
        }
        return false
    }

    private static func link(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
