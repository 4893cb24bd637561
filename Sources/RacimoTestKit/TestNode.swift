import Foundation
import RacimoCore

/// A node's files for a test: a folder with `racimo.toml` and a cluster key (mode 0600).
///
/// The folder is removed by `deinit`. Configurations are written as text, the way a person
/// writes them, so tests exercise the real reader.
public final class TestNode: @unchecked Sendable {
    public let folder: String
    public let name: String
    public var configPath: String { folder + "/racimo.toml" }
    public var keyPath: String { folder + "/cluster.key" }
    public var logPath: String { folder + "/agent.log" }

    /// Creates the folder and writes `key` into it.
    public init(name: String, key: ClusterKey) throws {
        self.name = name
        folder = NSTemporaryDirectory() + "racimo-\(name)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try write(key.fileContents, to: keyPath, mode: 0o600)
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    /// Writes the node's `racimo.toml`.
    public func configure(listen: String, seeds: [String], admin: String, helloInterval: String = "200ms") throws {
        let seedList = seeds.map { "\"\($0)\"" }.joined(separator: ", ")
        try configure(raw: """
            [node]
            name = "\(name)"
            listen = "\(listen)"
            seeds = [\(seedList)]

            [cluster]
            key_file = "cluster.key"

            [admin]
            listen = "\(admin)"

            [membership]
            hello_interval = "\(helloInterval)"
            """)
    }

    /// Writes `text` as the node's `racimo.toml`, whatever it says.
    public func configure(raw text: String) throws {
        try write(text, to: configPath, mode: 0o644)
    }

    /// Writes a file with exactly `mode`, whatever the umask.
    public func write(_ text: String, to path: String, mode: Int) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
    }

    /// What the agent has logged so far (when started with its stderr in `logPath`).
    public var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// When the agent first logged a line containing every one of `fields` (logfmt pairs such as
    /// `msg="member dead"`, `member=h5`) at or after `notBefore`, read from the line's `ts=`.
    ///
    /// Timing from the agent's own log measures the agent, not how long a `racimo` CLI run
    /// takes to start on a busy machine.
    public func firstLogged(_ fields: [String], notBefore: Date) -> Date? {
        RacimoTestKit.firstLogged(fields, in: log, notBefore: notBefore)
    }

}

/// When a logfmt log first has a line containing every one of `fields` at or after
/// `notBefore`, read from the line's `ts=`: the daemon's own time, not a CLI's start-up.
public func firstLogged(_ fields: [String], in log: String, notBefore: Date) -> Date? {
    for line in log.split(separator: "\n") where fields.allSatisfy({ line.contains($0) }) {
        guard line.hasPrefix("ts="), let end = line.firstIndex(of: " ") else { continue }
        let text = String(line[line.index(line.startIndex, offsetBy: 3)..<end])
        if let time = try? Date(text, strategy: logTimestampFormat), time >= notBefore { return time }
    }
    return nil
}

private let logTimestampFormat = Date.ISO8601FormatStyle(timeZoneSeparator: .omitted, includingFractionalSeconds: true)

/// A TCP port nobody on this host listens on right now (the kernel's choice for port 0).
public func freePort() -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = ipv4Address("127.0.0.1", 0)
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
    }
    _ = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// Sends one UDP datagram from this process to `host:port` (an IPv4 address).
public func sendDatagram(_ bytes: [UInt8], to host: String, port: Int) throws {
    let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
    guard fd >= 0 else { throw POSIXError(.EIO) }
    defer { close(fd) }
    var address = ipv4Address(host, port)
    let sent = withUnsafePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
            bytes.withUnsafeBytes { sendto(fd, $0.baseAddress, $0.count, 0, socketAddress, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
    }
    guard sent == bytes.count else { throw POSIXError(.EIO) }
}

/// The value of one Prometheus sample line (`name{labels} value`) in `/metrics` text.
public func metricValue(_ text: String, _ sample: String) -> Double? {
    for line in text.split(separator: "\n") where line.hasPrefix(sample + " ") {
        return Double(line.dropFirst(sample.count + 1))
    }
    return nil
}

/// Connects to `host:port` over TCP, writes `bytes`, and closes (an IPv4 address).
public func sendStream(_ bytes: [UInt8], to host: String, port: Int) throws {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw POSIXError(.EIO) }
    defer { close(fd) }
    var address = ipv4Address(host, port)
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
    var remaining = bytes[...]
    while !remaining.isEmpty {
        let sent = remaining.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard sent > 0 else { throw POSIXError(.EIO) }
        remaining = remaining.dropFirst(sent)
    }
}

private func ipv4Address(_ host: String, _ port: Int) -> sockaddr_in {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr(host)
    address.sin_port = UInt16(port).bigEndian
    return address
}
