import RacimoCore

/// How one real server is checked, in the terms every checker shares (HAProxy `check`,
/// ldirectord `checktype`, keepalived `*_CHECK`), with the timing of each dialect resolved.
public struct HealthCheckPlan: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// A TCP connect within the timeout (HAProxy's plain `check`, `TCP_CHECK`,
        /// `checktype=connect`).
        case connect
        /// An HTTP request whose reply must match (`option httpchk` + `http-check expect`,
        /// ldirectord `request`/`receive`, keepalived `HTTP_GET`).
        case http(HTTPProbe)
        /// A command run with the server's address and port; exit 0 passes (ldirectord
        /// `checkcommand`, keepalived `MISC_CHECK`).
        case external(command: String, dynamicWeight: Bool)
    }

    /// An HTTP check's request and what its reply must show.
    public struct HTTPProbe: Sendable, Hashable {
        public var method: String
        public var path: String
        /// The Host header; nil sends the server's address.
        public var host: String?
        public var version: String
        /// Accepted status codes; empty accepts any.
        public var statuses: [ClosedRange<Int>]
        /// The status code, as text, must match this regular expression (HAProxy `rstatus`).
        public var statusRegex: String?
        /// The reply (status line, headers and body) must contain this text.
        public var bodyContains: String?
        /// The reply must match this regular expression (ldirectord's `receive` is one).
        public var bodyRegex: String?
        /// HAProxy's `http-check expect !`: the test passes when the match fails.
        public var negated: Bool

        public init(method: String = "GET", path: String = "/", host: String? = nil, version: String = "HTTP/1.0",
                    statuses: [ClosedRange<Int>] = [200...399], statusRegex: String? = nil, bodyContains: String? = nil, bodyRegex: String? = nil,
                    negated: Bool = false) {
            self.method = method
            self.path = path
            self.host = host
            self.version = version
            self.statuses = statuses
        self.statusRegex = statusRegex
            self.bodyContains = bodyContains
            self.bodyRegex = bodyRegex
            self.negated = negated
        }
    }

    public var kind: Kind
    /// Checked on this port instead of the server's.
    public var port: Int?
    /// Time between checks while the server is steady up (HAProxy `inter`, ldirectord
    /// `checkinterval`, keepalived `delay_loop`).
    public var interval: Duration
    /// Between checks while the verdict is changing (HAProxy `fastinter`).
    public var fastInterval: Duration
    /// Between checks while the server is down (HAProxy `downinter`).
    public var downInterval: Duration
    /// One check's whole time limit.
    public var timeout: Duration
    public var rise: Int
    public var fall: Int
    public var initial: HealthCounter.InitialState

    public init(kind: Kind, port: Int? = nil, interval: Duration, fastInterval: Duration? = nil,
                downInterval: Duration? = nil, timeout: Duration, rise: Int, fall: Int,
                initial: HealthCounter.InitialState = .up) {
        self.kind = kind
        self.port = port
        self.interval = interval
        self.fastInterval = fastInterval ?? interval
        self.downInterval = downInterval ?? interval
        self.timeout = timeout
        self.rise = rise
        self.fall = fall
        self.initial = initial
    }

    /// The wait before the next check, given the counter's state (HAProxy's rule, `srv_getinter`):
    /// `downinter` when fully down, `fastinter` while changing, `inter` when fully up.
    public func nextInterval(after counter: HealthCounter) -> Duration {
        if !counter.isUp && counter.health == 0 { return downInterval }
        if counter.isUp && counter.health == counter.rise + counter.fall - 1 { return interval }
        return fastInterval
    }
}
