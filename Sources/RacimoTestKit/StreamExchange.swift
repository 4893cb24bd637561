import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Connects to `host:port` (IPv4), writes each of `writes` in turn (a pause between them lets
/// a test split a request), with `halfClose` shuts its sending side, then reads until the
/// peer closes, `expect` bytes have come, or `timeout` passes; returns what was read, as text.
public func exchangeStream(_ writes: [[UInt8]], host: String, port: Int, expect: Int = .max,
                           halfClose: Bool = false, timeout: Duration = .seconds(5)) throws -> String {
    try exchangeStreamReads(writes, host: host, port: port, expect: expect, halfClose: halfClose, timeout: timeout)
        .joined()
}

/// `exchangeStream`, returning what each read returned: a test can see how a reply was cut.
public func exchangeStreamReads(_ writes: [[UInt8]], host: String, port: Int, expect: Int = .max,
                                halfClose: Bool = false, timeout: Duration = .seconds(5)) throws -> [String] {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw POSIXError(.EIO) }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    inet_pton(AF_INET, host, &address.sin_addr)
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
    for (i, bytes) in writes.enumerated() {
        if i > 0 { Thread.sleep(forTimeInterval: 0.05) }
        var remaining = bytes[...]
        while !remaining.isEmpty {
            let sent = remaining.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { throw POSIXError(.EPIPE) }
            remaining = remaining.dropFirst(sent)
        }
    }
    if halfClose { shutdown(fd, Int32(SHUT_WR)) }
    var received = 0
    var reads: [String] = []
    let deadline = ContinuousClock.now + timeout
    var buffer = [UInt8](repeating: 0, count: 65536)
    while received < expect, ContinuousClock.now < deadline {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, 100) > 0 else { continue }
        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count <= 0 { break }
        received += count
        reads.append(String(decoding: buffer[0..<count], as: UTF8.self))
    }
    return reads
}
