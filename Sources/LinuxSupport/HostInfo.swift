import Glibc

/// Facts about the machine the agent runs on.
public enum HostInfo {
    /// The kernel's hostname (in a UTS namespace, that namespace's), short form.
    public static func hostname() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.split(separator: ".").first.map(String.init) ?? name
    }

    public static var processID: Int32 { getpid() }

    /// The real user id of this process (0 for root).
    public static var userID: UInt32 { getuid() }

    public static var isRoot: Bool { geteuid() == 0 }

    /// Wall-clock time in milliseconds since the Unix epoch (CLOCK_REALTIME).
    public static func wallClockMilliseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }
}
