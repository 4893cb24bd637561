/// Judging an HTTP check's reply, apart from the I/O so that it is tested on its own.
extension HealthCheckPlan.HTTPProbe {
    /// The request a check sends: the server closes after replying, which ends the read.
    public func request(defaultHost: String) -> String {
        "\(method) \(path) \(version)\r\nHost: \(host ?? defaultHost)\r\nUser-Agent: racimo-check\r\n"
            + "Accept: */*\r\nConnection: close\r\n\r\n"
    }

    /// Whether `reply` (as read until the server closed, or cut at the read limit) passes;
    /// the reason says why not, for the log.
    public func verdict(reply: [UInt8]) -> (passed: Bool, reason: String) {
        let text = String(decoding: reply, as: UTF8.self)
        guard let status = Self.statusCode(text) else { return (false, "no HTTP status line in the reply") }
        var failure: String?
        if !statuses.isEmpty, !statuses.contains(where: { $0.contains(status) }) {
            failure = "status \(status)"
        } else if let statusRegex, !Self.matches(String(status), statusRegex) {
            failure = "status \(status) does not match '\(statusRegex)'"
        } else if let bodyContains, !text.contains(bodyContains) {
            failure = "reply does not contain '\(bodyContains)'"
        } else if let bodyRegex, !Self.matches(Self.body(of: text), bodyRegex) {
            failure = "reply does not match '\(bodyRegex)'"
        }
        let passed = (failure == nil) != negated
        return (passed, failure ?? (negated ? "reply matched a negated expect" : "status \(status)"))
    }

    static func statusCode(_ text: String) -> Int? {
        guard text.hasPrefix("HTTP/") else { return nil }
        let words = text.prefix(while: { $0 != "\r" && $0 != "\n" }).split(separator: " ", maxSplits: 2)
        guard words.count >= 2, words[1].count == 3 else { return nil }
        return Int(words[1])
    }

    /// The body: ldirectord matches `receive` against the content, not the headers.
    static func body(of text: String) -> Substring {
        guard let end = text.range(of: "\r\n\r\n") ?? text.range(of: "\n\n") else { return "" }
        return text[end.upperBound...]
    }

    /// A pattern that does not compile matches nothing, so the check fails visibly.
    static func matches(_ text: some StringProtocol, _ pattern: String) -> Bool {
        guard let regex = try? Regex(pattern) else { return false }
        return String(text).contains(regex)
    }
}
