import RacimoCore

extension LdirectordConfiguration {
    /// Reads an ldirectord.cf.
    ///
    /// - Parameters:
    ///   - text: the file's contents; the reader does no I/O.
    ///   - file: the name put in every message.
    /// - Returns: the configuration (nil when any error was found) and every diagnostic,
    ///   sorted by position.
    public static func parse(_ text: String, file: String)
        -> (configuration: LdirectordConfiguration?, diagnostics: Diagnostics)
    {
        var reader = LdirectordReader(file: file)
        let configuration = reader.read(text)
        let diagnostics = ConfigSupport.sorted(reader.diagnostics)
        return (diagnostics.hasErrors ? nil : configuration, diagnostics)
    }
}

/// Keywords ldirectord knows, by where they may appear.
enum LdirectordKeywords {
    /// Supported anywhere (global defaults, overridable per virtual service).
    static let timing = ["checkinterval", "checktimeout", "negotiatetimeout", "failurecount", "quiescent", "fallback"]
    /// Supported in a `virtual=` block only.
    static let virtualOnly = [
        "real", "scheduler", "protocol", "checktype", "service", "request", "receive", "virtualhost",
        "httpmethod", "checkport", "persistent", "netmask", "checkcommand",
    ]
    /// Known to ldirectord, ignored by Racimo with a warning: logging, alerts, process control
    /// and reload behaviour, none of which decides where a connection goes.
    static let ignored = [
        "autoreload", "callback", "logfile", "execute", "supervised", "fork", "emailalert",
        "emailalertfreq", "emailalertstatus", "emailalertfrom", "smtp", "cleanstop", "maintenancedir",
        "readdquiescent", "fallbackcommand", "monitorfile", "login", "passwd", "database", "secret",
        "cleanstop", "checkcount",
    ]
    static let all = timing + virtualOnly + ignored + ["virtual"]
}

struct LdirectordReader {
    typealias Configuration = LdirectordConfiguration
    let file: String
    var diagnostics: [Diagnostic] = []
    var configuration = Configuration()
    /// Per-virtual overrides of timing settings, applied over the final global ones.
    var overrides: [TimingOverride] = []

    struct TimingOverride {
        var checkInterval: Duration?
        var checkTimeout: Duration?
        var negotiateTimeout: Duration?
        var failureCount: Int?
        var quiescent: Bool?
        var fallback: Configuration.RealServer?
    }
    var warnedForwarding = false

    init(file: String) { self.file = file }

    mutating func error(_ at: SourceLocation, _ message: String, suggestion: String? = nil, hint: String? = nil) {
        diagnostics.append(.error(at: at, message, suggestion: suggestion, hint: hint))
    }

    mutating func warning(_ at: SourceLocation, _ message: String, hint: String? = nil) {
        diagnostics.append(.warning(at: at, message, hint: hint))
    }

    /// One `key=value` statement: the key word, the value text and where it starts, and any
    /// further words.
    struct Statement {
        var key: String
        var keyWord: ConfigWord
        var value: String
        var valueLocation: SourceLocation
        var valueQuoted: Bool
        var rest: [ConfigWord]
    }

    func statement(_ line: ConfigLine) -> Statement? {
        let words = line.words
        let first = words[0]
        if let eq = first.text.firstIndex(of: "=") {
            let key = String(first.text[..<eq])
            let after = String(first.text[first.text.index(after: eq)...])
            if !after.isEmpty || words.count == 1 {
                let offset = key.unicodeScalars.count + 1 + (first.quoted ? 1 : 0)
                return Statement(key: key, keyWord: first, value: after,
                                 valueLocation: ConfigSupport.location(first, offset: offset),
                                 valueQuoted: first.quoted, rest: Array(words.dropFirst()))
            }
            return Statement(key: key, keyWord: first, value: words[1].text, valueLocation: words[1].location,
                             valueQuoted: words[1].quoted, rest: Array(words.dropFirst(2)))
        }
        guard words.count > 1, words[1].text.hasPrefix("=") else { return nil }
        let after = String(words[1].text.dropFirst())
        if !after.isEmpty || words.count == 2 {
            return Statement(key: first.text, keyWord: first, value: after,
                             valueLocation: ConfigSupport.location(words[1], offset: 1),
                             valueQuoted: words[1].quoted, rest: Array(words.dropFirst(2)))
        }
        return Statement(key: first.text, keyWord: first, value: words[2].text, valueLocation: words[2].location,
                         valueQuoted: words[2].quoted, rest: Array(words.dropFirst(3)))
    }

    mutating func read(_ text: String) -> Configuration {
        let lines: [ConfigLine]
        do {
            lines = try LineConfigLexer.parse(text, file: file)
        } catch {
            diagnostics.append(contentsOf: error.all)
            return configuration
        }
        var inVirtual = false
        for line in lines {
            guard var s = statement(line) else {
                error(line.words[0].location, "expected 'keyword=value', found '\(line.words[0].text)'")
                continue
            }
            let keyLocation = s.keyWord.location
            let key = s.key.lowercased()
            if line.indent == 0 { inVirtual = false }
            if key == "virtual" {
                if line.indent > 0 && inVirtual {
                    error(keyLocation, "'virtual' cannot be inside another virtual service",
                          hint: "start it at the beginning of the line")
                    continue
                }
                readVirtual(s)
                inVirtual = true
                continue
            }
            guard LdirectordKeywords.all.contains(key) else {
                error(keyLocation, "unknown keyword '\(s.key)'",
                      suggestion: Suggestion.closest(to: key, in: LdirectordKeywords.all))
                continue
            }
            if line.indent > 0 && !inVirtual {
                error(keyLocation, "'\(s.key)' is indented but there is no 'virtual=' above it",
                      hint: "ldirectord reads indented lines as part of the preceding virtual service")
                continue
            }
            if LdirectordKeywords.ignored.contains(key) {
                warning(keyLocation, "'\(s.key)' is not supported by racimo balancer and is ignored")
                continue
            }
            if ["request", "receive", "checkcommand"].contains(key), !s.rest.isEmpty {
                s.value = ([s.value] + s.rest.map(\.text)).joined(separator: " ")
                s.rest = []
            }
            if key != "fallback", key != "real", let extra = s.rest.first {
                error(extra.location, "unexpected '\(extra.text)' after '\(s.key)=\(s.value)'",
                      hint: "quote a value that contains spaces")
                continue
            }
            if inVirtual {
                readVirtualSetting(key, s)
            } else if LdirectordKeywords.timing.contains(key) {
                var timing = configuration.global
                readTiming(key, s, into: &timing)
                configuration.global = timing
            } else {
                error(keyLocation, "'\(s.key)' belongs in a virtual service",
                      hint: "indent it under a 'virtual=' line")
            }
        }
        // Per-virtual settings override the global ones wherever the global ones were written.
        for index in configuration.virtualServices.indices {
            var timing = configuration.global
            let o = overrides[index]
            if let v = o.checkInterval { timing.checkInterval = v }
            if let v = o.checkTimeout { timing.checkTimeout = v }
            if let v = o.negotiateTimeout { timing.negotiateTimeout = v }
            if let v = o.failureCount { timing.failureCount = v }
            if let v = o.quiescent { timing.quiescent = v }
            if let v = o.fallback { timing.fallback = v }
            configuration.virtualServices[index].timing = timing
        }
        for service in configuration.virtualServices where !service.endpoint.host.isEmpty {
            if service.checkType == .negotiate, case .other(let name) = service.service {
                error(service.location, "negotiate checks for service '\(name)' are not supported",
                      hint: "use 'checktype=connect', or 'service=http' if the servers speak HTTP")
            }
            if service.checkType == .external(command: "") {
                error(service.location, "checktype=external needs a 'checkcommand='")
            }
            if service.reals.isEmpty && service.timing.fallback == nil {
                warning(service.location, "virtual service \(service.endpoint) has no real server and no fallback",
                        hint: "connections to it will be refused")
            }
        }
        return configuration
    }

    static func forwardingMessage(_ method: Configuration.ForwardingMethod) -> String {
        let change: String
        switch method {
        case .gate, .ipip:
            change = "replies now pass through the director instead of going straight to the client; "
                + "the real servers no longer need the virtual address on lo:0 (or a tunnel) nor arp_ignore/arp_announce"
        case .masq:
            change = "replies still pass through the director, but the real servers no longer need it as their default gateway"
        }
        return "forwarding method '\(method.rawValue)' is run as a TCP proxy: \(change); "
            + "the real servers see connections from the director's address, not the client's"
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" { s = s.dropFirst() }
        while s.last == " " || s.last == "\t" { s = s.dropLast() }
        return String(s)
    }
}
