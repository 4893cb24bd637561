import NIOCore

/// Removing a client's `Connection: close` before a request goes to a server: the client's
/// wish to close concerns its own connection (RFC 9110 §7.6.1, Connection is hop-by-hop), and
/// dropping it lets the server connection stay open for the next request of any client, as
/// HAProxy's default `http-keep-alive` mode does.
enum HTTPConnectionHeader {
    /// `head` (request line and header lines, without the blank line) with every `Connection`
    /// header line left out.
    static func removing(from head: ByteBuffer, allocator: ByteBufferAllocator) -> ByteBuffer {
        var output = allocator.buffer(capacity: head.readableBytes)
        head.withUnsafeReadableBytes { raw in
            var start = 0
            while start < raw.count {
                var end = start
                while end < raw.count && raw[end] != UInt8(ascii: "\n") { end += 1 }
                end = min(raw.count, end + 1)
                if !isConnectionLine(raw, from: start) {
                    output.writeBytes(UnsafeRawBufferPointer(rebasing: raw[start..<end]))
                }
                start = end
            }
        }
        return output
    }

    private static let name = Array("connection:".utf8)

    private static func isConnectionLine(_ raw: UnsafeRawBufferPointer, from start: Int) -> Bool {
        guard raw.count - start >= name.count else { return false }
        for (i, expected) in name.enumerated() {
            var byte = raw[start + i]
            if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") { byte += 32 }
            if byte != expected { return false }
        }
        return true
    }
}
