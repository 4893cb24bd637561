/// A host and port as written in configuration: `10.213.0.1:9401`, `[fd00::1]:9401`, `node2:9401`.
public struct Endpoint: Hashable, Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `host:port` or `[v6]:port`; with no port, `defaultPort` is used when given.
    public init?(parsing text: String, defaultPort: Int? = nil) {
        var host = Substring(text)
        var portText: Substring?
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { return nil }
            let rest = host[host.index(after: close)...]
            host = host[host.index(after: host.startIndex)..<close]
            if rest.hasPrefix(":") { portText = rest.dropFirst() } else if !rest.isEmpty { return nil }
        } else if let colon = host.lastIndex(of: ":") {
            // More than one colon without brackets is a bare IPv6 address, which has no port.
            if host.firstIndex(of: ":") == colon {
                portText = host[host.index(after: colon)...]
                host = host[..<colon]
            }
        }
        guard !host.isEmpty else { return nil }
        let port: Int
        if let portText {
            guard let value = Int(portText), (1...65535).contains(value) else { return nil }
            port = value
        } else {
            guard let defaultPort else { return nil }
            port = defaultPort
        }
        self.init(host: String(host), port: port)
    }

    /// 4 or 6 for a numeric address, nil for a name.
    public var family: Int? {
        if host.contains(":") { return 6 }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy({ UInt8($0) != nil }) ? 4 : nil
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
