import RacimoCore

extension HAProxyConfiguration {
    /// Reads the proxying part of a haproxy.cfg.
    ///
    /// - Parameters:
    ///   - text: the file's contents; the reader does no I/O.
    ///   - file: the name put in every message.
    /// - Returns: the configuration (nil when any error was found) and every diagnostic,
    ///   sorted by position.
    public static func parse(_ text: String, file: String)
        -> (configuration: HAProxyConfiguration?, diagnostics: Diagnostics)
    {
        var reader = HAProxyReader(file: file)
        let configuration = reader.read(text)
        let diagnostics = ConfigSupport.sorted(reader.diagnostics)
        return (diagnostics.hasErrors ? nil : configuration, diagnostics)
    }
}

enum HAProxyKeywords {
    static let sections = ["global", "defaults", "frontend", "backend", "listen"]
    /// Proxy keywords Racimo reads, with the sections they are allowed in (d f b l).
    static let supported: [String: String] = [
        "mode": "dfbl", "bind": "fl", "balance": "dbl", "server": "bl", "default-server": "dbl",
        "option": "dfbl", "no": "dfbl", "http-check": "dbl", "timeout": "dfbl", "retries": "dbl",
        "default_backend": "dfl", "use_backend": "fl", "acl": "fl",
    ]
    /// Known, ignored with a warning: logging, statistics, error pages, limits and tuning that
    /// do not decide which server a connection goes to.
    static let ignored = [
        "log", "log-format", "log-tag", "errorfile", "errorfiles", "errorloc", "errorloc302", "errorloc303",
        "maxconn", "stats", "description", "id", "capture", "compression", "http-reuse", "unique-id-format",
        "unique-id-header", "email-alert", "monitor-uri", "fullconn", "hash-type", "rate-limit", "backlog",
        "grace", "declare", "http-error", "log-format-sd", "error-log-format", "max-keep-alive-queue",
    ]
    /// Known, refused: each can send a request elsewhere, refuse it, or change what reaches
    /// the server, so running without it would route differently from HAProxy.
    static let refused = [
        "http-request", "http-response", "http-after-response", "tcp-request", "tcp-response", "redirect",
        "cookie", "stick", "stick-table", "use-server", "force-persist", "ignore-persist", "persist",
        "server-template", "dispatch", "transparent", "source", "http-send-name-header", "filter",
        "dynamic-cookie-key", "tcp-check", "disabled", "enabled", "reqadd", "reqrep", "reqdel", "rspadd",
        "rsprep", "rspdel", "block", "monitor", "load-server-state-from-file", "server-state-file-name",
    ]
    static let proxyKeywords = Array(supported.keys).sorted() + ignored + refused
    /// Options read.
    static let options = ["httpchk", "tcp-check", "redispatch"]
    /// Options ignored with a warning.
    static let ignoredOptions = [
        "httplog", "tcplog", "dontlognull", "forwardfor", "http-server-close", "httpclose", "http-keep-alive",
        "log-health-checks", "logasap", "dontlog-normal", "log-separate-errors", "tcpka",
        "clitcpka", "srvtcpka", "splice-auto", "splice-request", "splice-response", "contstats",
        "http-buffer-request", "abortonclose", "socket-stats", "http-pretend-keepalive",
        "http-no-delay", "nolinger", "independent-streams", "originalto", "prefer-last-server",
        "http-ignore-probes", "accept-invalid-http-request", "accept-invalid-http-response", "checkcache",
        "forceclose", "http-use-htx", "httplog", "tcp-smart-accept", "tcp-smart-connect", "log-health-checks",
    ]
    /// Options refused: they change which requests reach which server.
    static let refusedOptions = [
        "ssl-hello-chk", "smtpchk", "mysql-check", "pgsql-check", "redis-check", "ldap-check", "spop-check",
        "external-check", "http_proxy", "http-use-proxy-header", "persist", "transparent", "allbackups",
        "tcp-check", "httpchk", "redispatch", "http-restrict-req-hdr-names", "disable-h2-upgrade",
    ]
    static let timeouts = [
        "connect", "client", "server", "check", "queue", "http-request", "http-keep-alive", "tunnel",
        "client-fin", "server-fin",
    ]
    static let ignoredTimeouts = ["tarpit", "contimeout", "clitimeout", "srvtimeout"]
    /// Server parameters read, and whether each takes a value.
    static let serverParameters: [String: Bool] = [
        "check": false, "inter": true, "fastinter": true, "downinter": true, "fall": true, "rise": true,
        "weight": true, "backup": false, "maxconn": true, "disabled": false, "enabled": false,
        "slowstart": true, "port": true, "no-check": false, "no-backup": false,
    ]
    /// Server parameters ignored with a warning, and whether each takes a value.
    static let ignoredServerParameters: [String: Bool] = [
        "id": true, "maxqueue": true, "minconn": true, "observe": true, "error-limit": true, "on-error": true,
        "log-proto": true, "check-send-proxy": false, "pool-max-conn": true, "pool-purge-delay": true,
        "tcp-ut": true, "max-reuse": true, "agent-inter": true, "on-marked-down": true, "on-marked-up": true,
        "init-addr": true, "resolve-prefer": true,
    ]
}

struct HAProxyReader {
    typealias Configuration = HAProxyConfiguration
    let file: String
    var diagnostics: [Diagnostic] = []

    /// Settings shared by the kinds of proxy section; what `defaults` holds.
    struct ProxySettings {
        var mode: Configuration.Mode = .tcp
        var balance: Configuration.Balance = .roundrobin
        var healthCheck: Configuration.HealthCheck = .connect
        var httpExpect: Configuration.HTTPExpect?
        var retries = 3
        var redispatch = false
        var timeouts = Configuration.Timeouts()
        var defaultServer = Configuration.Server(name: "", host: "", port: nil, location: SourceLocation(file: "", line: 0, column: 0))
        var defaultBackend: String?
        var defaultBackendWord: ConfigWord?
    }

    enum Kind: String { case global, defaults, frontend, backend, listen }

    struct Section {
        var kind: Kind
        var name: String
        var location: SourceLocation
        var settings: ProxySettings
        var binds: [Configuration.Bind] = []
        var servers: [Configuration.Server] = []
        var acls: [String: [Configuration.ACLTest]] = [:]
        var useBackends: [(Configuration.UseBackend, ConfigWord)] = []
        var aclUses: [ConfigWord] = []
    }

    var defaults = ProxySettings()
    var sections: [Section] = []
    var current: Section?

    init(file: String) { self.file = file }

    mutating func error(_ at: SourceLocation, _ message: String, suggestion: String? = nil, hint: String? = nil) {
        diagnostics.append(.error(at: at, message, suggestion: suggestion, hint: hint))
    }

    mutating func warning(_ at: SourceLocation, _ message: String, hint: String? = nil) {
        diagnostics.append(.warning(at: at, message, hint: hint))
    }

    mutating func read(_ text: String) -> Configuration {
        let lines: [ConfigLine]
        do {
            lines = try LineConfigLexer.parse(text, file: file)
        } catch {
            diagnostics.append(contentsOf: error.all)
            return Configuration()
        }
        for line in lines {
            let words = line.words
            let keyword = words[0].text
            if let kind = Kind(rawValue: keyword) {
                finishSection()
                openSection(kind, words)
                continue
            }
            guard let section = current else {
                if let s = Suggestion.closest(to: keyword, in: HAProxyKeywords.sections) {
                    error(words[0].location, "unknown section '\(keyword)'", suggestion: s)
                } else {
                    error(words[0].location, "'\(keyword)' is outside any section",
                          hint: "start a section first: global, defaults, frontend, backend or listen")
                }
                continue
            }
            if section.kind == .global {
                warning(words[0].location, "global setting '\(keyword)' is not used by racimo balancer and is ignored")
                continue
            }
            readProxyLine(words, kind: section.kind)
        }
        finishSection()
        return complete()
    }

    mutating func openSection(_ kind: Kind, _ words: [ConfigWord]) {
        let location = words[0].location
        var rest = words.dropFirst()
        var name = ""
        switch kind {
        case .global:
            if let extra = rest.first { error(extra.location, "'global' takes no name, found '\(extra.text)'") }
        case .defaults:
            // `defaults [NAME]`: named defaults (HAProxy 2.6) act as the next defaults here.
            if let n = rest.first { name = n.text; rest = rest.dropFirst() }
            if let extra = rest.first {
                error(extra.location, "unexpected '\(extra.text)' after 'defaults'",
                      hint: "'defaults NAME from OTHER' is not supported")
            }
        case .frontend, .backend, .listen:
            guard let n = rest.first else {
                error(location, "'\(kind.rawValue)' needs a name")
                current = Section(kind: kind, name: "", location: location, settings: defaults)
                return
            }
            name = n.text
            rest = rest.dropFirst()
        }
        if kind == .defaults {
            // Each defaults section starts again from HAProxy's built-in defaults.
            defaults = ProxySettings()
            current = Section(kind: .defaults, name: name, location: location, settings: defaults)
            return
        }
        var section = Section(kind: kind, name: name, location: location, settings: defaults)
        if kind == .frontend || kind == .listen, let address = rest.first {
            if address.text == "from" {
                error(address.location, "'from' (named defaults) is not supported")
            } else {
                warning(address.location,
                        "'\(kind.rawValue) \(name) \(address.text)' is the HAProxy 1.5 form; HAProxy 2.6 and later refuse it",
                        hint: "write the address on a 'bind \(address.text)' line in the section")
                readBind([words[0], address], into: &section)
                if let extra = rest.dropFirst().first {
                    error(extra.location, "unexpected '\(extra.text)' after the address")
                }
            }
        } else if let extra = rest.first {
            error(extra.location, "unexpected '\(extra.text)' after '\(kind.rawValue) \(name)'",
                  hint: kind == .backend ? "a backend has no address; list its servers with 'server'" : nil)
        }
        current = section
    }

    mutating func finishSection() {
        guard let section = current else { return }
        current = nil
        if section.kind == .defaults {
            defaults = section.settings
            defaults.defaultBackend = section.settings.defaultBackend
            return
        }
        if section.kind == .global || section.name.isEmpty { return }
        sections.append(section)
    }

    func allowed(_ keyword: String, in kind: Kind) -> Bool {
        guard let letters = HAProxyKeywords.supported[keyword] else { return false }
        let letter: Character = switch kind {
        case .defaults: "d"
        case .frontend: "f"
        case .backend: "b"
        case .listen: "l"
        case .global: "g"
        }
        return letters.contains(letter)
    }

    mutating func readProxyLine(_ words: [ConfigWord], kind: Kind) {
        let keyword = words[0].text
        let at = words[0].location
        if HAProxyKeywords.ignored.contains(keyword) {
            warning(at, "'\(keyword)' is not supported by racimo balancer and is ignored")
            return
        }
        if HAProxyKeywords.refused.contains(keyword) {
            error(at, "'\(keyword)' is not supported by racimo balancer",
                  hint: "ignoring it would send connections differently from HAProxy")
            return
        }
        guard HAProxyKeywords.supported[keyword] != nil else {
            error(at, "unknown keyword '\(keyword)' in '\(kind.rawValue)' section",
                  suggestion: Suggestion.closest(to: keyword, in: HAProxyKeywords.proxyKeywords + HAProxyKeywords.sections))
            return
        }
        guard allowed(keyword, in: kind) else {
            error(at, "'\(keyword)' is not allowed in a '\(kind.rawValue)' section")
            return
        }
        guard var section = current else { return }
        defer { current = section }
        let args = Array(words.dropFirst())
        func one(_ what: String) -> ConfigWord? {
            guard let first = args.first else {
                error(at, "'\(keyword)' needs \(what)")
                return nil
            }
            if let extra = args.dropFirst().first {
                error(extra.location, "unexpected '\(extra.text)' after '\(keyword) \(first.text)'")
                return nil
            }
            return first
        }
        switch keyword {
        case "mode":
            guard let w = one("tcp or http") else { return }
            if let mode = Configuration.Mode(rawValue: w.text) {
                section.settings.mode = mode
            } else if w.text == "health" {
                error(w.location, "'mode health' is not supported")
            } else {
                error(w.location, "unknown mode '\(w.text)'",
                      suggestion: Suggestion.closest(to: w.text, in: Configuration.Mode.allCases.map(\.rawValue)))
            }
        case "bind":
            readBind(words, into: &section)
        case "balance":
            guard let w = args.first else { error(at, "'balance' needs an algorithm"); return }
            if let balance = Configuration.Balance(rawValue: w.text) {
                if let extra = args.dropFirst().first {
                    error(extra.location, "unexpected '\(extra.text)' after 'balance \(w.text)'")
                    return
                }
                section.settings.balance = balance
            } else if ["uri", "url_param", "random", "rdp-cookie", "hash"].contains(w.text) || w.text.hasPrefix("hdr(")
                        || w.text.hasPrefix("rdp-cookie(") {
                error(w.location, "'balance \(w.text)' is not supported",
                      hint: "use roundrobin, static-rr, leastconn, first or source")
            } else {
                error(w.location, "unknown balance algorithm '\(w.text)'",
                      suggestion: Suggestion.closest(to: w.text, in: Configuration.Balance.allCases.map(\.rawValue)))
            }
        case "server":
            readServer(args, at: at, into: &section)
        case "default-server":
            var server = section.settings.defaultServer
            readServerParameters(args[...], into: &server)
            section.settings.defaultServer = server
        case "option", "no":
            readOption(words, into: &section)
        case "http-check":
            readHTTPCheck(args, at: at, into: &section)
        case "timeout":
            readTimeout(args, at: at, into: &section)
        case "retries":
            guard let w = one("a number") else { return }
            if let n = ConfigSupport.integer(w.text), n <= 1_000_000 {
                section.settings.retries = n
            } else {
                error(w.location, "'retries' needs a whole number, found '\(w.text)'")
            }
        case "default_backend":
            guard let w = one("a backend name") else { return }
            section.settings.defaultBackend = w.text
            section.settings.defaultBackendWord = w
        case "use_backend":
            readUseBackend(args, at: at, into: &section)
        case "acl":
            readACL(args, at: at, into: &section)
        default:
            break
        }
    }

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
        section.servers.append(server)
    }

    mutating func readServerParameters(_ args: ArraySlice<ConfigWord>, into server: inout Configuration.Server) {
        var rest = args
        while let p = rest.first {
            rest = rest.dropFirst()
            let name = p.text
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
            default: break
            }
        }
    }

    mutating func readOption(_ words: [ConfigWord], into section: inout Section) {
        var args = words.dropFirst()
        var negated = false
        if words[0].text == "no" {
            guard args.first?.text == "option" else {
                error(words[0].location, "'no' must be followed by 'option'")
                return
            }
            negated = true
            args = args.dropFirst()
        }
        guard let name = args.first else {
            error(words[0].location, "'option' needs a name")
            return
        }
        let rest = Array(args.dropFirst())
        switch name.text {
        case "redispatch":
            if let n = rest.first, ConfigSupport.integer(n.text.hasPrefix("-") ? String(n.text.dropFirst()) : n.text) == nil {
                error(n.location, "'option redispatch' takes an optional interval number, found '\(n.text)'")
                return
            }
            section.settings.redispatch = !negated
        case "httpchk":
            guard !negated else { section.settings.healthCheck = .connect; return }
            var method = "OPTIONS", uri = "/", version = "HTTP/1.0"
            switch rest.count {
            case 0: break
            case 1: uri = rest[0].text
            case 2: (method, uri) = (rest[0].text, rest[1].text)
            default: (method, uri, version) = (rest[0].text, rest[1].text, rest[2...].map(\.text).joined(separator: " "))
            }
            section.settings.healthCheck = .http(method: method, uri: uri, version: version, expect: nil)
        case "tcp-check":
            if let extra = rest.first { error(extra.location, "unexpected '\(extra.text)' after 'option tcp-check'"); return }
            section.settings.healthCheck = negated ? .connect : .tcpCheck
        default:
            if HAProxyKeywords.ignoredOptions.contains(name.text) {
                warning(name.location, "option '\(name.text)' is not supported by racimo balancer and is ignored")
            } else if HAProxyKeywords.refusedOptions.contains(name.text) {
                error(name.location, "option '\(name.text)' is not supported by racimo balancer",
                      hint: "ignoring it would send connections differently from HAProxy")
            } else {
                error(name.location, "unknown option '\(name.text)'",
                      suggestion: Suggestion.closest(to: name.text, in: HAProxyKeywords.options + HAProxyKeywords.ignoredOptions + HAProxyKeywords.refusedOptions))
            }
        }
    }

    mutating func readHTTPCheck(_ args: [ConfigWord], at: SourceLocation, into section: inout Section) {
        guard let sub = args.first else { error(at, "'http-check' needs 'expect'"); return }
        guard sub.text == "expect" else {
            if sub.text == "disable-on-404" {
                warning(sub.location, "'http-check disable-on-404' is not supported and is ignored")
            } else {
                error(sub.location, "'http-check \(sub.text)' is not supported", hint: "only 'http-check expect' is")
            }
            return
        }
        var rest = args.dropFirst()
        var negated = false
        if rest.first?.text == "!" { negated = true; rest = rest.dropFirst() }
        guard let kindWord = rest.first else { error(sub.location, "'http-check expect' needs a match such as 'status 200'"); return }
        guard let kind = Configuration.HTTPExpect.Kind(rawValue: kindWord.text) else {
            error(kindWord.location, "'http-check expect \(kindWord.text)' is not supported",
                  suggestion: Suggestion.closest(to: kindWord.text, in: Configuration.HTTPExpect.Kind.allCases.map(\.rawValue)))
            return
        }
        guard let pattern = rest.dropFirst().first else { error(kindWord.location, "'\(kind.rawValue)' needs a pattern"); return }
        if let extra = rest.dropFirst(2).first { error(extra.location, "unexpected '\(extra.text)' in 'http-check expect'"); return }
        section.settings.httpExpect = Configuration.HTTPExpect(kind: kind, pattern: pattern.text, negated: negated)
    }

    mutating func readTimeout(_ args: [ConfigWord], at: SourceLocation, into section: inout Section) {
        guard let name = args.first else { error(at, "'timeout' needs a name such as connect, client or server"); return }
        if HAProxyKeywords.ignoredTimeouts.contains(name.text) {
            warning(name.location, "'timeout \(name.text)' is not supported and is ignored")
            return
        }
        guard HAProxyKeywords.timeouts.contains(name.text) else {
            error(name.location, "unknown timeout '\(name.text)'",
                  suggestion: Suggestion.closest(to: name.text, in: HAProxyKeywords.timeouts))
            return
        }
        guard let value = args.dropFirst().first else { error(name.location, "'timeout \(name.text)' needs a time"); return }
        if let extra = args.dropFirst(2).first { error(extra.location, "unexpected '\(extra.text)' after 'timeout \(name.text) \(value.text)'"); return }
        guard let d = HAProxyTime.parse(value.text) else {
            error(value.location, "expected a time such as 5000 (milliseconds) or 5s, found '\(value.text)'",
                  hint: "units: us, ms, s, m, h, d; no unit means milliseconds")
            return
        }
        var t = section.settings.timeouts
        switch name.text {
        case "connect": t.connect = d
        case "client": t.client = d
        case "server": t.server = d
        case "check": t.check = d
        case "queue": t.queue = d
        case "http-request": t.httpRequest = d
        case "http-keep-alive": t.httpKeepAlive = d
        case "tunnel": t.tunnel = d
        case "client-fin": t.clientFin = d
        default: t.serverFin = d
        }
        section.settings.timeouts = t
    }

    mutating func readACL(_ args: [ConfigWord], at: SourceLocation, into section: inout Section) {
        guard args.count >= 2 else { error(at, "'acl' needs a name, a criterion and values"); return }
        let name = args[0], criterion = args[1]
        var rest = args.dropFirst(2)
        var caseInsensitive = false
        while let flag = rest.first, flag.text.hasPrefix("-") {
            rest = rest.dropFirst()
            switch flag.text {
            case "-i": caseInsensitive = true
            case "--": break
            default:
                error(flag.location, "ACL flag '\(flag.text)' is not supported", hint: "only -i is")
                return
            }
            if flag.text == "--" { break }
        }
        let values = rest.map(\.text)
        guard !values.isEmpty else { error(criterion.location, "ACL '\(name.text)' needs at least one value"); return }
        let test: Configuration.ACLTest
        switch criterion.text {
        case "hdr(host)", "hdr(Host)", "req.hdr(host)": test = .host(values, caseInsensitive: caseInsensitive)
        case "path_beg": test = .pathBegins(values, caseInsensitive: caseInsensitive)
        default:
            error(criterion.location, "ACL criterion '\(criterion.text)' is not supported",
                  suggestion: Suggestion.closest(to: criterion.text, in: ["hdr(host)", "path_beg"]),
                  hint: "only hdr(host) and path_beg are")
            return
        }
        section.acls[name.text, default: []].append(test)
    }

    mutating func readUseBackend(_ args: [ConfigWord], at: SourceLocation, into section: inout Section) {
        guard let backend = args.first else { error(at, "'use_backend' needs a backend name"); return }
        guard let keyword = args.dropFirst().first else {
            error(at, "'use_backend' needs a condition ('if' or 'unless')", hint: "use 'default_backend' for an unconditional backend")
            return
        }
        guard keyword.text == "if" || keyword.text == "unless" else {
            error(keyword.location, "expected 'if' or 'unless', found '\(keyword.text)'")
            return
        }
        var alternatives: [[Configuration.ConditionTerm]] = [[]]
        for w in args.dropFirst(2) {
            if w.text == "or" || w.text == "||" {
                guard !(alternatives.last?.isEmpty ?? true) else { error(w.location, "'\(w.text)' needs a term before it"); return }
                alternatives.append([])
                continue
            }
            if w.text.hasPrefix("{") || w.text == "}" {
                error(w.location, "anonymous ACLs ('{ ... }') are not supported", hint: "declare the test with 'acl NAME ...'")
                return
            }
            var name = w.text
            var negated = false
            if name.hasPrefix("!") { negated = true; name.removeFirst() }
            guard !name.isEmpty else { error(w.location, "'!' needs an ACL name after it"); return }
            alternatives[alternatives.count - 1].append(.init(acl: name, negated: negated))
            section.aclUses.append(ConfigWord(text: name, location: w.location))
        }
        guard !(alternatives.last?.isEmpty ?? true) else { error(keyword.location, "'\(keyword.text)' needs a condition"); return }
        section.useBackends.append((.init(backend: backend.text, condition: .init(unless: keyword.text == "unless", alternatives: alternatives), location: at), backend))
    }

    mutating func complete() -> Configuration {
        var configuration = Configuration()
        var seen: [String: SourceLocation] = [:]
        var seenBackends: [String: SourceLocation] = [:]
        for section in sections {
            let isFrontend = section.kind != .backend, isBackend = section.kind != .frontend
            if isFrontend {
                if let other = seen[section.name] {
                    error(section.location, "frontend '\(section.name)' is already defined at \(other)")
                }
                seen[section.name] = section.location
            }
            if isBackend {
                if let other = seenBackends[section.name] {
                    error(section.location, "backend '\(section.name)' is already defined at \(other)")
                }
                seenBackends[section.name] = section.location
            }
        }
        for section in sections {
            let s = section.settings
            if section.kind != .frontend {
                var backend = Configuration.Backend(name: section.name, location: section.location)
                backend.mode = s.mode
                backend.balance = s.balance
                backend.retries = s.retries
                backend.redispatch = s.redispatch
                backend.timeouts = s.timeouts
                backend.servers = section.servers
                backend.healthCheck = s.healthCheck
                if case .http(let m, let u, let v, _) = s.healthCheck {
                    backend.healthCheck = .http(method: m, uri: u, version: v, expect: s.httpExpect)
                } else if s.httpExpect != nil {
                    warning(section.location, "'http-check expect' has no effect without 'option httpchk' in '\(section.name)'")
                }
                if backend.servers.isEmpty {
                    warning(section.location, "\(section.kind.rawValue) '\(section.name)' has no server",
                            hint: "connections sent to it will be refused")
                }
                configuration.backends.append(backend)
            }
            if section.kind != .backend {
                var frontend = Configuration.Frontend(name: section.name, location: section.location)
                frontend.mode = s.mode
                frontend.binds = section.binds
                frontend.timeouts = s.timeouts
                frontend.acls = section.acls
                frontend.useBackends = section.useBackends.map(\.0)
                frontend.defaultBackend = section.kind == .listen ? section.name : s.defaultBackend
                if section.binds.isEmpty {
                    error(section.location, "\(section.kind.rawValue) '\(section.name)' has no 'bind' line",
                          hint: "add 'bind ADDRESS:PORT'")
                }
                for use in section.aclUses where section.acls[use.text] == nil {
                    error(use.location, "unknown ACL '\(use.text)'",
                          suggestion: Suggestion.closest(to: use.text, in: section.acls.keys.sorted()))
                }
                configuration.frontends.append(frontend)
            }
        }
        // References to backends, and mode agreement (HAProxy refuses an http frontend with a tcp backend).
        for section in sections where section.kind != .backend {
            var references = section.useBackends.map { ($0.1, $0.0.backend) }
            if section.kind == .frontend, let w = s(section) { references.append((w, w.text)) }
            for (word, name) in references {
                guard let backend = configuration.backend(named: name) else {
                    error(word.location, "unknown backend '\(name)'",
                          suggestion: Suggestion.closest(to: name, in: configuration.backends.map(\.name)))
                    continue
                }
                if backend.mode != section.settings.mode {
                    error(word.location, "\(section.settings.mode.rawValue)-mode \(section.kind.rawValue) '\(section.name)' cannot use \(backend.mode.rawValue)-mode backend '\(name)'")
                }
            }
            if section.settings.mode == .tcp, !section.useBackends.isEmpty {
                error(section.useBackends[0].0.location, "'use_backend' with hdr(host) or path_beg needs 'mode http' in '\(section.name)'")
            }
        }
        return configuration
    }

    private func s(_ section: Section) -> ConfigWord? { section.settings.defaultBackendWord }
}
