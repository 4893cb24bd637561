/// Removing `Connection` header lines from a head: a client's `Connection: close` before its
/// request goes to a server (the client's wish concerns its own connection, RFC 9110 §7.6.1:
/// Connection is hop-by-hop, and without it the server connection stays open for the next
/// request of any client, as HAProxy's default `http-keep-alive` mode does), and a server's
/// before the balancer says `Connection: close` itself.
enum HTTPConnectionHeader {
    /// Calls `body` with each line of `head` (request or status line and header lines,
    /// without the blank line) except `Connection` header lines, in order.
    static func forEachLine(keptFrom head: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> Void) {
        var start = 0
        while start < head.count {
            var end = start
            while end < head.count && head[end] != UInt8(ascii: "\n") { end += 1 }
            end = min(head.count, end + 1)
            if !isConnectionLine(head, from: start) { body(UnsafeRawBufferPointer(rebasing: head[start..<end])) }
            start = end
        }
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
