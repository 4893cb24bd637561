import RacimoCore

/// Reading haproxy.cfg: `bind` and `server` lines with their parameters.
extension HAProxyReader {
    mutating func readBind(_ words: [ConfigWord], into section: inout Section) {
        guard words.count > 1 else {
            error(words[0].location, "'bind' needs an address and port")
            return
        }
        let w = words[1]
        for part in w.text.split(separator: ",", omittingEmptySubsequences: false) {
            let text = String(part)
            var hostText = text
            var portText = ""
            if text.hasPrefix("[") || text.filter({ $0 == ":" }).count == 1 {
                if let colon = text.lastIndex(of: ":") {
                    hostText = String(text[..<colon])
                    portText = String(text[text.index(after: colon)...])
                }
                if hostText.hasPrefix("["), hostText.hasSuffix("]") { hostText = String(hostText.dropFirst().dropLast()) }
            } else if text.contains("@") {
                error(w.location, "bind address '\(text)' is not supported", hint: "use ADDRESS:PORT")
                return
            }
            if hostText == "*" || hostText == "0.0.0.0" || hostText == "::" { hostText = hostText == "::" ? "::" : "" }
            guard let port = ConfigSupport.integer(portText), (1...65535).contains(port) else {
                if portText.contains("-") {
                    error(w.location, "port ranges in 'bind' are not supported, found '\(text)'")
                } else {
                    error(w.location, "expected ADDRESS:PORT in 'bind', found '\(text)'",
                          hint: "for example *:80, 192.168.1.200:2000 or [::]:443")
                }
                return
            }
            guard hostText.isEmpty || hostText == "::" || IPAddress(parsing: hostText) != nil else {
                error(w.location, "'\(hostText)' is not an IP address", hint: "bind to an address, or * for all")
                return
            }
            section.binds.append(Configuration.Bind(host: hostText, port: port, location: w.location))
        }
        var rest = words.dropFirst(2)
        while let option = rest.first {
            rest = rest.dropFirst()
            if ["ssl", "crt", "crt-list", "ca-file", "alpn", "npn", "accept-proxy", "transparent", "verify", "namespace",
                "interface", "defer-accept", "tfo", "v4v6", "v6only", "mss", "proto"].contains(option.text) {
                error(option.location, "bind option '\(option.text)' is not supported",
                      hint: "it changes what clients connecting here must speak or where they can come from")
            } else {
                warning(option.location, "bind option '\(option.text)' is not supported and is ignored")
            }
            return
        }
    }

    mutating func readServer(_ args: [ConfigWord], at: SourceLocation, into section: inout Section) {
        guard args.count >= 2 else {
            error(at, "'server' needs a name and an address", hint: "server NAME ADDRESS[:PORT] [parameters]")
            return
        }
        let (name, address) = (args[0], args[1])
        var host = address.text
        var port: Int?
        if let endpoint = Endpoint(parsing: address.text) {
            host = endpoint.host
            port = endpoint.port
        } else if address.text.hasSuffix(":") || address.text.contains("]:") || (address.text.filter { $0 == ":" }.count == 1) {
            error(address.location, "expected ADDRESS[:PORT] for server '\(name.text)', found '\(address.text)'")
            return
        } else if host.hasPrefix("["), host.hasSuffix("]") {
            host = String(host.dropFirst().dropLast())
        }
        guard !host.isEmpty, !host.contains("@"), !host.contains("/") else {
            error(address.location, "expected ADDRESS[:PORT] for server '\(name.text)', found '\(address.text)'")
            return
        }
        if let other = section.servers.first(where: { $0.name == name.text }) {
            error(name.location, "server '\(name.text)' is already defined at \(other.location)")
        }
        var server = section.settings.defaultServer
        server.name = name.text
        server.host = host
        server.port = port
        server.location = at
        readServerParameters(args.dropFirst(2), into: &server)
        if server.agentCheck && server.agentPort == nil {
            error(name.location, "server '\(name.text)' has 'agent-check' but no 'agent-port' to reach its agent")
        }
        section.servers.append(server)
    }

    mutating func readServerParameters(_ args: ArraySlice<ConfigWord>, into server: inout Configuration.Server) {
        var rest = args
        while let p = rest.first {
            rest = rest.dropFirst()
            let name = p.text
            if name == "source" {
                // source ADDRESS[:PORT] [usesrc X | interface X]: two or four words.
                let count = ["usesrc", "interface"].contains(rest.dropFirst().first?.text ?? "") ? 3 : 1
                guard let binding = readSource(rest.prefix(count), at: p.location) else { return }
                server.source = binding
                rest = rest.dropFirst(count)
                continue
            }
            let takesValue = HAProxyKeywords.serverParameters[name] ?? HAProxyKeywords.ignoredServerParameters[name]
            guard let takesValue else {
                error(p.location, "unknown or unsupported server parameter '\(name)'",
                      suggestion: Suggestion.closest(to: name, in: Array(HAProxyKeywords.serverParameters.keys).sorted()),
                      hint: nil)
                return  // the rest of the line cannot be trusted
            }
            var value: ConfigWord?
            if takesValue {
                guard let v = rest.first else {
                    error(p.location, "server parameter '\(name)' needs a value")
                    return
                }
                value = v
                rest = rest.dropFirst()
            }
            if HAProxyKeywords.ignoredServerParameters[name] != nil {
                warning(p.location, "server parameter '\(name)' is not supported and is ignored")
                continue
            }
            func time() -> Duration? {
                guard let v = value, let d = HAProxyTime.parse(v.text), d > .zero else {
                    error(value?.location ?? p.location,
                          "'\(name)' needs a time such as 2000 (milliseconds) or 2s, found '\(value?.text ?? "")'")
                    return nil
                }
                return d
            }
            func number(_ range: ClosedRange<Int>) -> Int? {
                guard let v = value, let n = ConfigSupport.integer(v.text), range.contains(n) else {
                    error(value?.location ?? p.location,
                          "'\(name)' needs a whole number from \(range.lowerBound) to \(range.upperBound), found '\(value?.text ?? "")'")
                    return nil
                }
                return n
            }
            switch name {
            case "check": server.check = true
            case "no-check": server.check = false
            case "backup": server.backup = true
            case "no-backup": server.backup = false
            case "disabled": server.disabled = true
            case "enabled": server.disabled = false
            case "inter": if let d = time() { server.inter = d }
            case "fastinter": if let d = time() { server.fastInter = d }
            case "downinter": if let d = time() { server.downInter = d }
            case "slowstart": if let d = time() { server.slowStart = d }
            case "fall": if let n = number(1...1_000_000) { server.fall = n }
            case "rise": if let n = number(1...1_000_000) { server.rise = n }
            case "weight": if let n = number(0...256) { server.weight = n }
            case "maxconn": if let n = number(0...1_000_000_000) { server.maxConnections = n == 0 ? nil : n }
            case "port": if let n = number(1...65535) { server.checkPort = n }
            case "send-proxy": server.proxyProtocol = 1
            case "send-proxy-v2": server.proxyProtocol = 2
            case "no-send-proxy", "no-send-proxy-v2": server.proxyProtocol = nil
            case "agent-check": server.agentCheck = true
            case "no-agent-check": server.agentCheck = false
            case "agent-port": if let n = number(1...65535) { server.agentPort = n }
            case "agent-inter": if let d = time() { server.agentInter = d }
            default: break
            }
        }
    }
}
