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
        "default_backend": "dfl", "use_backend": "fl", "acl": "fl", "source": "dbl",
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
        "server-template", "dispatch", "transparent", "http-send-name-header", "filter",
        "dynamic-cookie-key", "tcp-check", "disabled", "enabled", "reqadd", "reqrep", "reqdel", "rspadd",
        "rsprep", "rspdel", "block", "monitor", "load-server-state-from-file", "server-state-file-name",
    ]
    static let proxyKeywords = Array(supported.keys).sorted() + ignored + refused
    /// Options read.
    static let options = ["httpchk", "tcp-check", "redispatch", "forwardfor"]
    /// Options ignored with a warning.
    static let ignoredOptions = [
        "httplog", "tcplog", "dontlognull", "http-server-close", "httpclose", "http-keep-alive",
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
        "send-proxy": false, "send-proxy-v2": false, "no-send-proxy": false, "no-send-proxy-v2": false,
        "agent-check": false, "no-agent-check": false, "agent-port": true, "agent-inter": true,
        "source": true,
    ]
    /// Server parameters ignored with a warning, and whether each takes a value.
    static let ignoredServerParameters: [String: Bool] = [
        "id": true, "maxqueue": true, "minconn": true, "observe": true, "error-limit": true, "on-error": true,
        "log-proto": true, "check-send-proxy": false, "pool-max-conn": true, "pool-purge-delay": true,
        "tcp-ut": true, "max-reuse": true, "agent-send": true, "agent-addr": true, "on-marked-down": true, "on-marked-up": true,
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
        var redispatchInterval = -1
        var source: SourceBinding?
        var forwardFor = false
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
    /// `nbthread` from `global`.
    var threads: Int?
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
                readGlobalLine(words)
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
}
