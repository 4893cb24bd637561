/// The replies the balancer writes itself, shaped like HAProxy's built-in error pages
/// (`src/http_htx.c`, `http_err_msgs`): small HTML, no caching, connection closed.
enum HTTPErrorResponse {
    static func bytes(status: Int) -> String {
        let (reason, text): (String, String) = switch status {
        case 400: ("Bad request", "Your browser sent an invalid request.")
        case 408: ("Request Time-out", "Your browser didn't send a complete request in time.")
        case 431: ("Request Header Fields Too Large", "The request's header is larger than the balancer accepts.")
        case 501: ("Not Implemented", "The request uses a transfer coding the balancer does not support.")
        case 502: ("Bad Gateway", "The server returned an invalid or incomplete response.")
        case 503: ("Service Unavailable", "No server is available to handle this request.")
        case 504: ("Gateway Time-out", "The server didn't respond in time.")
        case 505: ("HTTP Version Not Supported", "Only HTTP/1.0 and HTTP/1.1 are supported.")
        default: ("Error", "The request could not be handled.")
        }
        let body = "<html><body><h1>\(status) \(reason)</h1>\n\(text)\n</body></html>\n"
        return "HTTP/1.1 \(status) \(reason)\r\ncontent-length: \(body.utf8.count)\r\ncache-control: no-cache\r\n"
            + "content-type: text/html\r\nconnection: close\r\n\r\n" + body
    }

    /// The reply's bytes, made once per status.
    static func encoded(status: Int) -> [UInt8] {
        cache[status] ?? Array(bytes(status: status).utf8)
    }

    private static let cache = Dictionary(uniqueKeysWithValues: [400, 408, 431, 501, 502, 503, 504, 505].map {
        ($0, Array(bytes(status: $0).utf8))
    })
}
