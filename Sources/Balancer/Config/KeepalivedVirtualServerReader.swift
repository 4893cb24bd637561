import RacimoCore

extension KeepalivedVirtualServers {
    /// Reads the `virtual_server` blocks of a keepalived.conf.
    ///
    /// - Parameters:
    ///   - text: the file's contents; the reader does no I/O and does not follow `include`.
    ///   - file: the name put in every message.
    /// - Returns: the configuration (nil when any error was found, except that a file without
    ///   any `virtual_server` gives an empty configuration and the error "no virtual_server
    ///   block in FILE") and every diagnostic, sorted by position.
    public static func parse(_ text: String, file: String)
        -> (configuration: KeepalivedVirtualServers?, diagnostics: Diagnostics)
    {
        let statements: [ConfigStatement]
        do {
            statements = try BraceConfigLexer.parse(text, file: file)
        } catch {
            return (nil, ConfigSupport.sorted(error.all))
        }
        var reader = KeepalivedVirtualServerReader(file: file)
        let configuration = reader.read(statements)
        let diagnostics = ConfigSupport.sorted(reader.diagnostics)
        if reader.virtualServerCount == 0 {
            return (configuration, diagnostics)
        }
        return (diagnostics.hasErrors ? nil : configuration, diagnostics)
    }
}

/// Keywords of keepalived's checker parser (`keepalived/check/check_parser.c` and the
/// checkers), by block. The rule is the project's: a keyword whose absence would change which
/// server gets a connection is refused (error); one that only changes side matters (scripts,
/// alerts, source address of checks) is ignored with a warning.
enum KeepalivedLVSKeywords {
    /// Timing defaults a virtual server or real server gives its checkers.
    static let checkerDefaults = ["delay_loop", "retry", "delay_before_retry", "warmup", "connect_timeout"]

    static let virtualServer = [
        "real_server", "lb_algo", "lb_kind", "protocol", "persistence_timeout", "sorry_server",
        "lvs_sched", "lvs_method", "persistence_granularity", "virtualhost", "alpha", "quorum", "hysteresis",
        "inhibit_on_failure",
    ] + checkerDefaults + Array(virtualServerIgnored.keys).sorted() + Array(virtualServerRefused.keys).sorted()

    static let virtualServerIgnored: [String: String?] = [
        "ha_suspend": "racimo balancer listens on the virtual address whether or not it is configured",
        "omega": "it only runs quorum_down when the service goes down; use notify scripts of the agent instead",
        "quorum_up": "racimo balancer runs no scripts; watch its metrics instead",
        "quorum_down": "racimo balancer runs no scripts; watch its metrics instead",
        "sorry_server_inhibit": nil,
        "sorry_server_lvs_method": "the sorry server is proxied like the real servers",
        "smtp_alert": "racimo balancer sends no e-mail",
        "nat_mask": nil,
        "ip_family": nil,
        "ops": nil,
    ]

    static let virtualServerRefused: [String: String] = [
        "persistence_engine": "racimo balancer keeps persistence by client address only",
        "sh-port": "racimo's sh scheduler hashes the client address only",
        "sh-fallback": "racimo's sh scheduler does not fall back to another server",
        "mh-port": "racimo has no mh scheduler",
        "mh-fallback": "racimo has no mh scheduler",
        "lb_algo_flags": "racimo's schedulers take no flags",
    ]

    static let checkers = ["TCP_CHECK", "HTTP_GET", "SSL_GET", "MISC_CHECK"]
    static let refusedCheckers = ["SMTP_CHECK", "DNS_CHECK", "UDP_CHECK", "PING_CHECK", "FILE_CHECK", "BFD_CHECK"]

    static let realServer = [
        "weight", "inhibit_on_failure", "lvs_method", "notify_up", "notify_down", "uthreshold", "lthreshold",
        "smtp_alert",
    ] + checkers + checkerDefaults + refusedCheckers

    static let realServerIgnored: [String: String?] = [
        "notify_up": "racimo balancer runs no scripts; watch its metrics instead",
        "notify_down": "racimo balancer runs no scripts; watch its metrics instead",
        "uthreshold": "racimo balancer does not cap a real server's connections",
        "lthreshold": "racimo balancer does not cap a real server's connections",
        "smtp_alert": "racimo balancer sends no e-mail",
    ]

    /// Keywords every checker accepts (`install_checker_common_keywords()`).
    static let checkerCommon = checkerDefaults + [
        "connect_port", "bindto", "bind_port", "bind_if", "fwmark", "connect_ip", "log_all_failures", "alpha",
    ]
    static let checkerIgnored: [String: String?] = [
        "bindto": "checks are sent from the director's own address",
        "bind_port": "checks are sent from an ephemeral port",
        "bind_if": "checks are sent from the director's own address",
        "fwmark": "checks are not marked",
        "log_all_failures": nil,
        "alpha": "set alpha in the virtual_server",
        "fast_recovery": nil,
        "enable_sni": nil,
        "tls_compliant": nil,
        "http_protocol": nil,
    ]
    static let checkerRefused: [String: String] = [
        "connect_ip": "racimo checks the real server's own address; check it with a MISC_CHECK script instead"
    ]

    static let http = ["url", "virtualhost", "nb_get_retry", "fast_recovery", "enable_sni", "tls_compliant", "http_protocol"]
        + checkerCommon
    static let url = ["path", "status_code", "regex", "digest", "virtualhost", "regex_no_match", "regex_options",
                      "regex_stack", "regex_min_offset", "regex_max_offset"]
    static let misc = ["misc_path", "misc_timeout", "misc_dynamic", "user"] + checkerCommon
}

struct KeepalivedVirtualServerReader {
    typealias Configuration = KeepalivedVirtualServers
    let file: String
    var diagnostics: [Diagnostic] = []
    var virtualServerCount = 0
    /// Forwarding methods in the order first written, with where, for the one warning per file.
    var methods: [(Configuration.ForwardingMethod, SourceLocation)] = []

    init(file: String) { self.file = file }

    var errorCount: Int { diagnostics.count { $0.severity == .error } }

    mutating func error(_ at: SourceLocation, _ message: String, suggestion: String? = nil, hint: String? = nil) {
        diagnostics.append(.error(at: at, message, suggestion: suggestion, hint: hint))
    }

    mutating func warning(_ at: SourceLocation, _ message: String, hint: String? = nil) {
        diagnostics.append(.warning(at: at, message, hint: hint))
    }

    mutating func read(_ statements: [ConfigStatement]) -> Configuration {
        var configuration = Configuration()
        for statement in statements {
            let keyword = statement.keyword
            switch keyword.text {
            case "virtual_server":
                virtualServerCount += 1
                guard let server = readVirtualServer(statement) else { continue }
                if let other = configuration.virtualServers.first(where: {
                    $0.endpoint == server.endpoint && $0.transportProtocol == server.transportProtocol
                }) {
                    error(statement.arguments[0].location,
                          "virtual_server \(server.endpoint) \(server.transportProtocol.rawValue) is already defined at \(other.location)")
                    continue
                }
                configuration.virtualServers.append(server)
            case "virtual_server_group":
                warning(keyword.location, "virtual_server_group is not supported by racimo balancer and is ignored",
                        hint: "a virtual_server that names the group is refused; write one virtual_server per address")
            case "include", "includer", "includem", "includew", "includeb", "includea":
                // TODO: follow includes once the include mechanism (VRRP's IncludePath) moves to RacimoCore.
                warning(keyword.location, "'\(keyword.text)' is not followed when reading virtual_server blocks",
                        hint: "virtual servers in included files are not read; write them in this file")
            default:
                if keyword.text.hasPrefix("@"), statement.arguments.first?.text.hasPrefix("virtual_server") == true {
                    virtualServerCount += 1
                    error(keyword.location, "lines for one system only ('\(keyword.text) ...') are not supported",
                          hint: "give each director its own file without the '@' prefix")
                }
                // Anything else (global_defs, vrrp_*, static_*) is racimo vrrp's part of the file.
                continue
            }
        }
        if virtualServerCount == 0 {
            error(SourceLocation(file: file, line: 1, column: 1), "no virtual_server block in \(file)",
                  hint: "racimo balancer needs at least one virtual_server IP PORT { ... }")
        }
        if let (_, location) = methods.first {
            var names: [String] = []
            for (method, _) in methods where !names.contains(method.rawValue) { names.append(method.rawValue) }
            warning(location, Self.forwardingMessage(names))
        }
        return configuration
    }

    static func forwardingMessage(_ methods: [String]) -> String {
        let change: String
        if methods.contains("DR") || methods.contains("TUN") {
            change = "replies now pass through the director instead of going straight to the client; "
                + "the real servers no longer need the virtual address on lo:0 (or a tunnel) nor arp_ignore/arp_announce"
        } else {
            change = "replies still pass through the director, but the real servers no longer need it as their default gateway"
        }
        let list = methods.joined(separator: ", ")
        return "lb_kind \(list) \(methods.count == 1 ? "is" : "are") run as a TCP proxy: \(change); "
            + "the real servers see connections from the director's address, and the client's address "
            + "reaches them only through PROXY protocol or transparent proxying"
    }

    // MARK: Values

    /// The single argument of `statement`, or nil after an error if it has none or several.
    mutating func single(_ statement: ConfigStatement) -> ConfigWord? {
        guard let value = statement.arguments.first else {
            error(statement.keyword.location, "'\(statement.keyword.text)' needs a value")
            return nil
        }
        if statement.arguments.count > 1 {
            let extra = statement.arguments[1]
            error(extra.location, "unexpected '\(extra.text)' after '\(statement.keyword.text) \(value.text)'",
                  hint: "quote a value that contains spaces")
            return nil
        }
        return value
    }

    /// Reports arguments after a keyword that takes none; true when there were none.
    @discardableResult
    mutating func noArguments(_ statement: ConfigStatement) -> Bool {
        guard let extra = statement.arguments.first else { return true }
        error(extra.location, "'\(statement.keyword.text)' takes no value, found '\(extra.text)'")
        return false
    }

    /// Reports a block after a keyword that takes none.
    mutating func noBlock(_ statement: ConfigStatement) {
        if statement.block != nil {
            error(statement.keyword.location, "'\(statement.keyword.text)' takes no '{ }' block")
        }
    }

    mutating func integer(_ word: ConfigWord, _ name: String, _ range: ClosedRange<Int>) -> Int? {
        guard let value = ConfigSupport.integer(word.text), range.contains(value) else {
            error(word.location, "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound), found '\(word.text)'")
            return nil
        }
        return value
    }

    /// keepalived's timers: seconds, with an optional decimal fraction (`1.5`), at most a day.
    mutating func seconds(_ word: ConfigWord, _ name: String, allowZero: Bool = false) -> Duration? {
        let parts = word.text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let isNumber = !word.text.isEmpty && parts.allSatisfy { !$0.isEmpty && $0.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }
        if isNumber, let value = DurationLiteral.parse(word.text + "s"), value <= .seconds(86_400),
           allowZero || value > .zero {
            return value
        }
        error(word.location, "\(name) must be a number of seconds \(allowZero ? "from 0" : "above 0") up to 86400, found '\(word.text)'",
              hint: "keepalived timers are plain seconds, such as 5 or 1.5")
        return nil
    }

    mutating func port(_ word: ConfigWord, _ name: String) -> Int? {
        integer(word, name, 1...65535)
    }

    /// `IP PORT` as two words, from `arguments[at...]`; the address must be numeric.
    mutating func endpoint(_ statement: ConfigStatement, from at: Int = 0) -> Endpoint? {
        let args = statement.arguments
        let what = statement.keyword.text
        guard args.count > at else {
            error(statement.keyword.location, "'\(what)' needs an address and a port", hint: "write '\(what) IP PORT'")
            return nil
        }
        guard let address = IPAddress(parsing: args[at].text) else {
            let combined = Endpoint(parsing: args[at].text)
            error(args[at].location, "expected an IP address for '\(what)', found '\(args[at].text)'",
                  hint: combined != nil && args.count == at + 1
                    ? "keepalived wants the address and port as two words: '\(what) \(combined!.host) \(combined!.port)'"
                    : "keepalived takes numeric addresses only, such as 192.168.0.10 or fd00::10")
            return nil
        }
        guard args.count > at + 1 else {
            error(statement.keyword.location, "'\(what)' needs a port after \(args[at].text)", hint: "write '\(what) IP PORT'")
            return nil
        }
        guard let port = port(args[at + 1], "the port of '\(what)'") else { return nil }
        if args.count > at + 2 {
            error(args[at + 2].location, "unexpected '\(args[at + 2].text)' after '\(what) \(args[at].text) \(args[at + 1].text)'")
            return nil
        }
        return Endpoint(host: address.description, port: port)
    }
}
