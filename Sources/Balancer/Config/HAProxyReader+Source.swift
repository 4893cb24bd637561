import RacimoCore

/// Reading haproxy.cfg: `source`, in a proxy section or on a server line.
extension HAProxyReader {
    static let sourceSyntax = "source ADDRESS[:PORT] [usesrc clientip|client|ADDRESS[:PORT]]"

    /// `source ADDRESS[:PORT] [usesrc { ADDRESS[:PORT] | client | clientip }]`; `words` starts
    /// at the address. nil after an error.
    mutating func readSource(_ words: ArraySlice<ConfigWord>, at: SourceLocation) -> SourceBinding? {
        guard let first = words.first else {
            error(at, "'source' needs an address", hint: Self.sourceSyntax)
            return nil
        }
        guard let (address, port) = sourceAddress(first) else { return nil }
        var binding = SourceBinding(address: address, port: port, location: at)
        var rest = words.dropFirst()
        guard let option = rest.first else { return binding }
        rest = rest.dropFirst()
        guard option.text == "usesrc" else {
            if option.text == "interface" {
                error(option.location, "'source ... interface' is not supported",
                      hint: "it chooses the interface connections leave by; route them instead")
            } else {
                error(option.location, "unexpected '\(option.text)' after 'source \(first.text)'", hint: Self.sourceSyntax)
            }
            return nil
        }
        guard let target = rest.first else {
            error(option.location, "'usesrc' needs clientip, client or an address", hint: Self.sourceSyntax)
            return nil
        }
        switch target.text {
        case "clientip": binding.foreign = .clientIP
        case "client": binding.foreign = .client
        default:
            if target.text.hasPrefix("hdr_ip(") {
                error(target.location, "'usesrc hdr_ip(...)' is not supported", hint: "use 'usesrc clientip'")
                return nil
            }
            guard let (foreign, foreignPort) = sourceAddress(target) else { return nil }
            guard let foreign else {
                error(target.location, "'usesrc' needs a particular address, found '\(target.text)'", hint: Self.sourceSyntax)
                return nil
            }
            binding.foreign = .address(foreign, port: foreignPort)
        }
        if let extra = rest.dropFirst().first {
            error(extra.location, "unexpected '\(extra.text)' after 'usesrc \(target.text)'", hint: Self.sourceSyntax)
            return nil
        }
        return binding
    }

    /// ADDRESS, ADDRESS:PORT or [IPv6]:PORT; an address of all zeros (or `*`) is nil, the
    /// kernel's choice, as is port 0.
    private mutating func sourceAddress(_ word: ConfigWord) -> (IPAddress?, Int)? {
        var host = Substring(word.text), portText: Substring = ""
        if host.hasPrefix("["), let close = host.firstIndex(of: "]") {
            let after = host[host.index(after: close)...]
            host = host[host.index(after: host.startIndex)..<close]
            portText = after.hasPrefix(":") ? after.dropFirst() : after
        } else if host.filter({ $0 == ":" }).count == 1, let colon = host.firstIndex(of: ":") {
            portText = host[host.index(after: colon)...]
            host = host[..<colon]
        }
        let port: Int
        if portText.isEmpty {
            port = 0
        } else if let n = ConfigSupport.integer(String(portText)), n <= 65535 {
            port = n
        } else {
            error(word.location, portText.contains("-") ? "port ranges in 'source' are not supported, found '\(word.text)'"
                  : "expected ADDRESS[:PORT] in 'source', found '\(word.text)'", hint: Self.sourceSyntax)
            return nil
        }
        if host == "*" { return (nil, port) }
        guard let address = IPAddress(parsing: String(host)) else {
            error(word.location, "'\(host)' is not an IP address", hint: Self.sourceSyntax)
            return nil
        }
        return (address.bytes.allSatisfy { $0 == 0 } ? nil : address, port)
    }

    /// A source address of one family cannot reach a server of the other: each server's
    /// binding (its own, else the backend's) is checked against its numeric address.
    mutating func checkSourceFamilies(_ backendSource: SourceBinding?, _ servers: [Configuration.Server]) {
        for server in servers {
            guard let binding = server.source ?? backendSource, let target = IPAddress(parsing: server.host) else { continue }
            let fixed: IPAddress? = if case .address(let address, _)? = binding.foreign { address } else { binding.address }
            guard let fixed, fixed.family != target.family else { continue }
            error(binding.location ?? server.location,
                  "source address \(fixed) is \(fixed.family) but server '\(server.name)' is \(target.family) (\(server.host))",
                  hint: "give each family's servers a source address of their own family")
        }
    }
}
