import RacimoCore

/// The proxying part of a haproxy.cfg, with `defaults` applied to every proxy and HAProxy's
/// built-in defaults filled in. A `listen` section appears both as a frontend and as a
/// backend of the same name (the frontend's default backend).
public struct HAProxyConfiguration: Sendable, Equatable {
    public enum Mode: String, Sendable, Equatable, CaseIterable {
        case tcp, http
    }

    /// `balance`; HAProxy's default is roundrobin.
    public enum Balance: String, Sendable, Equatable, CaseIterable {
        case roundrobin
        case staticRoundRobin = "static-rr"
        case leastconn, first, source
    }

    /// `timeout NAME`; nil where the file sets none (HAProxy then waits without limit, and
    /// warns for connect/client/server).
    public struct Timeouts: Sendable, Equatable {
        public var connect: Duration?
        public var client: Duration?
        public var server: Duration?
        public var check: Duration?
        public var queue: Duration?
        public var httpRequest: Duration?
        public var httpKeepAlive: Duration?
        public var tunnel: Duration?
        public var clientFin: Duration?
        public var serverFin: Duration?
        public init() {}
    }

    /// `http-check expect [!] status|rstatus|string|rstring PATTERN`.
    public struct HTTPExpect: Sendable, Equatable {
        public enum Kind: String, Sendable, Equatable, CaseIterable {
            case status, rstatus, string, rstring
        }
        public var kind: Kind
        public var pattern: String
        public var negated: Bool
        public init(kind: Kind, pattern: String, negated: Bool = false) {
            self.kind = kind
            self.pattern = pattern
            self.negated = negated
        }
    }

    /// What a server's `check` does.
    public enum HealthCheck: Sendable, Equatable {
        /// No `option httpchk`/`tcp-check`: a TCP connect.
        case connect
        /// `option tcp-check` with no `tcp-check` rules: a TCP connect.
        case tcpCheck
        /// `option httpchk [METHOD] [URI] [VERSION]` (defaults `OPTIONS / HTTP/1.0`); without an
        /// `http-check expect`, any 2xx or 3xx status passes.
        case http(method: String, uri: String, version: String, expect: HTTPExpect?)
    }

    public struct Server: Sendable, Equatable {
        public var name: String
        public var host: String
        /// nil: the port the client connected to, as HAProxy does for a server without one.
        public var port: Int?
        public var check = false
        /// `inter`, default 2 s; `fastinter` and `downinter` default to it.
        public var inter: Duration = .seconds(2)
        public var fastInter: Duration?
        public var downInter: Duration?
        /// `fall` (default 3) failed checks mark it down; `rise` (default 2) passed ones mark it up.
        public var fall = 3
        public var rise = 2
        /// `weight`, 0-256, default 1.
        public var weight = 1
        public var backup = false
        /// `maxconn`; nil = no limit.
        public var maxConnections: Int?
        /// `disabled`: starts in maintenance.
        public var disabled = false
        /// `slowstart`: ramp-up after recovery; nil = none.
        public var slowStart: Duration?
        /// `port`: the port checked instead of the server's.
        public var checkPort: Int?
        /// `send-proxy` (1) or `send-proxy-v2` (2): the PROXY protocol header that tells the
        /// server the client's address; nil sends none.
        public var proxyProtocol: Int?
        /// `agent-check` with `agent-port` (and `agent-inter`, default `inter`): the server's
        /// own agent reports its state and weight.
        public var agentCheck = false
        public var agentPort: Int?
        public var agentInter: Duration?
        /// `source` on the server line: where connections to it come from.
        public var source: SourceBinding?
        public var location: SourceLocation

        public init(name: String, host: String, port: Int?, location: SourceLocation) {
            self.name = name
            self.host = host
            self.port = port
            self.location = location
        }
    }

    public struct Backend: Sendable, Equatable {
        public var name: String
        public var location: SourceLocation
        public var mode: Mode = .tcp
        public var balance: Balance = .roundrobin
        public var healthCheck: HealthCheck = .connect
        /// `retries`, default 3.
        public var retries = 3
        /// `option redispatch`: retry on another server; off by default.
        public var redispatch = false
        /// `option redispatch <interval>`: every Pth retry goes elsewhere when positive, the
        /// Nth before the last when negative; HAProxy's default -1 is the last retry.
        public var redispatchInterval = -1
        /// `source`: where connections to the servers come from; nil: the kernel's choice.
        public var source: SourceBinding?
        /// `option forwardfor`: add `X-Forwarded-For`; off by default.
        public var forwardFor = false
        public var timeouts = Timeouts()
        public var servers: [Server] = []
        public init(name: String, location: SourceLocation) {
            self.name = name
            self.location = location
        }
    }

    /// An address a frontend listens on; `host` is empty for all addresses (`*:80`, `:80`).
    public struct Bind: Sendable, Equatable {
        public var host: String
        public var port: Int
        public var location: SourceLocation
        public init(host: String, port: Int, location: SourceLocation) {
            self.host = host
            self.port = port
            self.location = location
        }
    }

    /// The ACL tests Racimo supports.
    public enum ACLTest: Sendable, Equatable {
        /// `hdr(host) [-i] VALUE...`: the Host header equals one of the values (the port part
        /// is compared too, as HAProxy does).
        case host([String], caseInsensitive: Bool)
        /// `path_beg [-i] PREFIX...`: the path starts with one of the prefixes.
        case pathBegins([String], caseInsensitive: Bool)
    }

    /// One term of a condition: a named ACL (all its `acl` lines ORed), maybe negated.
    public struct ConditionTerm: Sendable, Equatable {
        public var acl: String
        public var negated: Bool
        public init(acl: String, negated: Bool = false) {
            self.acl = acl
            self.negated = negated
        }
    }

    /// `if`/`unless` followed by terms: alternatives (`or`, `||`) of terms that must all hold.
    public struct Condition: Sendable, Equatable {
        public var unless: Bool
        public var alternatives: [[ConditionTerm]]
        public init(unless: Bool = false, alternatives: [[ConditionTerm]]) {
            self.unless = unless
            self.alternatives = alternatives
        }
    }

    public struct UseBackend: Sendable, Equatable {
        public var backend: String
        public var condition: Condition
        public var location: SourceLocation
    }

    public struct Frontend: Sendable, Equatable {
        public var name: String
        public var location: SourceLocation
        public var mode: Mode = .tcp
        public var binds: [Bind] = []
        public var timeouts = Timeouts()
        /// Named ACLs, each a list of tests that are ORed.
        public var acls: [String: [ACLTest]] = [:]
        public var useBackends: [UseBackend] = []
        public var defaultBackend: String?
        /// `option forwardfor`: add `X-Forwarded-For`; off by default.
        public var forwardFor = false
        public init(name: String, location: SourceLocation) {
            self.name = name
            self.location = location
        }
    }

    public var frontends: [Frontend] = []
    public var backends: [Backend] = []
    /// `nbthread` in `global`: the proxy threads; nil: one per CPU, HAProxy's default.
    public var threads: Int?

    public init() {}

    public func backend(named name: String) -> Backend? { backends.first { $0.name == name } }
    public func frontend(named name: String) -> Frontend? { frontends.first { $0.name == name } }
}

/// HAProxy's time format: an unsigned integer with an optional unit (`us`, `ms`, `s`, `m`,
/// `h`, `d`); no unit means milliseconds. Values above 2^31-1 ms are refused as HAProxy does.
public enum HAProxyTime {
    public static func parse(_ text: String) -> Duration? {
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, let value = Int64(digits) else { return nil }
        let unit = text.dropFirst(digits.count)
        let micros: Int64
        switch unit {
        case "us": micros = 1
        case "", "ms": micros = 1_000
        case "s": micros = 1_000_000
        case "m": micros = 60_000_000
        case "h": micros = 3_600_000_000
        case "d": micros = 86_400_000_000
        default: return nil
        }
        let (total, overflow) = value.multipliedReportingOverflow(by: micros)
        guard !overflow, total <= Int64(Int32.max) * 1_000 else { return nil }
        return .microseconds(total)
    }
}
