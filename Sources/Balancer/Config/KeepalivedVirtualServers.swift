import RacimoCore

/// The LVS part of a keepalived.conf (`virtual_server` blocks), with keepalived's defaults
/// applied (keepalived.conf(5), "LVS CONFIGURATION").
///
/// The same file also holds keepalived's VRRP configuration, which `racimo vrrp` reads; this
/// reader skips everything that is not a `virtual_server` without a word. Racimo runs every
/// virtual server as a proxy, whatever `lb_kind` says; the reader warns once per file about
/// what that changes.
public struct KeepalivedVirtualServers: Sendable, Equatable {
    /// `lb_kind` / `lvs_method`. Kept for messages; Racimo always proxies.
    public enum ForwardingMethod: String, Sendable, Equatable, CaseIterable {
        case nat = "NAT", dr = "DR", tun = "TUN"
    }

    /// `protocol`; keepalived's default is TCP. SCTP is refused.
    public enum TransportProtocol: String, Sendable, Equatable, CaseIterable {
        case tcp = "TCP", udp = "UDP"
    }

    /// One `url { }` of an HTTP_GET or SSL_GET check.
    public struct URLCheck: Sendable, Equatable {
        /// `path`, as written (keepalived sends it verbatim in the request line).
        public var path: String
        /// `status_code`: the accepted statuses; default 200...299 when none is written.
        public var statusCodes: [ClosedRange<Int>]
        /// `regex`: a regular expression the body must match; nil accepts any body.
        public var regex: String?
        /// `digest`: the MD5 of the body in lowercase hex. Racimo cannot check it yet, so a
        /// file that writes one is refused; the field is kept for when it can.
        public var digest: String?
        /// `virtualhost` inside the `url` block: the Host header for this URL only.
        public var virtualHost: String?

        public init(path: String, statusCodes: [ClosedRange<Int>] = [200...299], regex: String? = nil,
                    digest: String? = nil, virtualHost: String? = nil) {
            self.path = path
            self.statusCodes = statusCodes
            self.regex = regex
            self.digest = digest
            self.virtualHost = virtualHost
        }
    }

    /// One checker block of a real server. Timing settings are resolved: a value written in
    /// the checker wins over the real server's, which wins over the virtual server's.
    public struct Check: Sendable, Equatable {
        public enum Kind: Sendable, Equatable {
            /// `TCP_CHECK`: a connect within `connectTimeout` (default 5 s) to `port`
            /// (`connect_port`; nil = the real server's port).
            case tcp(connectTimeout: Duration, port: Int?)
            /// `HTTP_GET` or (`tls`) `SSL_GET`: every URL must answer as its `url` block says.
            /// `virtualHost` is the checker's `virtualhost`, else the virtual server's.
            case http(urls: [URLCheck], connectTimeout: Duration, port: Int?, virtualHost: String?, tls: Bool)
            /// `MISC_CHECK`: run `path` (command and arguments, as one string); exit 0 = up,
            /// 1 = down; with `dynamic` (`misc_dynamic`), 2...255 = up with weight exit-2.
            /// `timeout` nil = the check's delay loop, as keepalived does.
            case misc(path: String, timeout: Duration?, dynamic: Bool, user: String?)
        }

        public var kind: Kind
        /// `retry` (`nb_get_retry` in HTTP checks): failed attempts before the server is
        /// marked down; default 1.
        public var retry: Int
        /// `delay_before_retry`: default 3 s for HTTP_GET and SSL_GET, 1 s for the others.
        public var delayBeforeRetry: Duration
        /// `delay_loop`: the interval between checks; default the virtual server's.
        public var delayLoop: Duration
        /// `warmup`: a random delay up to this long before the first check; nil = none.
        public var warmup: Duration?
        public var location: SourceLocation

        public init(kind: Kind, retry: Int = 1, delayBeforeRetry: Duration, delayLoop: Duration,
                    warmup: Duration? = nil, location: SourceLocation) {
            self.kind = kind
            self.retry = retry
            self.delayBeforeRetry = delayBeforeRetry
            self.delayLoop = delayLoop
            self.warmup = warmup
            self.location = location
        }
    }

    public struct RealServer: Sendable, Equatable {
        public var endpoint: Endpoint
        /// `weight`, default 1; 0 keeps the server but sends it nothing new.
        public var weight: Int
        /// `inhibit_on_failure` (here or in the virtual server): a failed server keeps its
        /// place with weight 0 instead of being removed.
        public var inhibitOnFailure: Bool
        /// No check means the server is always considered up, as in keepalived.
        public var checks: [Check]
        public var location: SourceLocation

        public init(endpoint: Endpoint, weight: Int = 1, inhibitOnFailure: Bool = false, checks: [Check] = [],
                    location: SourceLocation) {
            self.endpoint = endpoint
            self.weight = weight
            self.inhibitOnFailure = inhibitOnFailure
            self.checks = checks
            self.location = location
        }
    }

    public struct VirtualServer: Sendable, Equatable {
        /// `virtual_server IP PORT`; `fwmark` and `group` forms are refused.
        public var endpoint: Endpoint
        public var transportProtocol: TransportProtocol = .tcp
        /// `lb_algo` / `lvs_sched`: one of `algorithms`; default `wlc`.
        public var algorithm: String = "wlc"
        /// `lb_kind` / `lvs_method`; default NAT.
        public var method: ForwardingMethod = .nat
        /// `delay_loop`: default 60 s; the default of every check's interval.
        public var delayLoop: Duration = .seconds(60)
        /// `persistence_timeout`: client affinity for this long; nil = none. Written without
        /// a value it is 360 s, keepalived's (and ipvsadm's) default.
        public var persistenceTimeout: Duration?
        /// `persistence_granularity`: the mask that groups client addresses for persistence.
        public var persistenceGranularity: IPAddress?
        /// `sorry_server`: used when no real server is up (or the quorum is not met).
        public var sorryServer: Endpoint?
        /// `virtualhost`: the default Host header of HTTP checks.
        public var virtualHost: String?
        /// `alpha`: real servers start as down until their first check succeeds.
        public var alpha: Bool = false
        /// `quorum`: the total weight of up servers needed for the service to be up; default 1.
        public var quorum: Int = 1
        /// `hysteresis`: how far above/below `quorum` the weight must move to change state.
        public var hysteresis: Int = 0
        public var realServers: [RealServer] = []
        public var location: SourceLocation

        public init(endpoint: Endpoint, location: SourceLocation) {
            self.endpoint = endpoint
            self.location = location
        }
    }

    /// The schedulers Racimo implements, as `lb_algo` names them, most common first.
    public static let algorithms = ["wlc", "rr", "wrr", "lc", "lblc", "lblcr", "sh", "dh", "sed", "nq"]

    public var virtualServers: [VirtualServer] = []

    public init(virtualServers: [VirtualServer] = []) { self.virtualServers = virtualServers }
}
