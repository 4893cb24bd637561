import Foundation

/// A client connection kept open by a balancer test: what it sent first, more sends, reads of
/// a known length, then `finish()` shuts its side and reads the reply to the end.
final class HeldClient: Sendable {
    let fd: Int32

    init(port: Int, sending bytes: [UInt8]) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        // On failure deinit closes the socket (it runs for a class whose init throws once
        // every property is set).
        guard connected == 0, Foundation.send(fd, bytes, bytes.count, 0) == bytes.count else { throw POSIXError(.ECONNREFUSED) }
        var limit = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
    }

    func send(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return Foundation.send(fd, bytes, bytes.count, Int32(MSG_NOSIGNAL)) == bytes.count
    }

    /// Reads until `count` bytes came, the peer ends, or the 10 s receive limit passes.
    func read(_ count: Int) -> String {
        var reply: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while reply.count < count {
            let n = recv(fd, &buffer, min(buffer.count, count - reply.count), 0)
            guard n > 0 else { break }
            reply += buffer[..<n]
        }
        return String(decoding: reply, as: UTF8.self)
    }

    func finish(readingAfter pause: Double = 0) -> String {
        shutdown(fd, Int32(SHUT_WR))
        if pause > 0 { Thread.sleep(forTimeInterval: pause) }
        return read(.max)
    }

    deinit { close(fd) }
}
