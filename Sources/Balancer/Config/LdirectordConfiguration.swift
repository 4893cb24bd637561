import RacimoCore

/// The load-balancing part of an ldirectord.cf, with ldirectord's defaults applied.
///
/// Racimo runs every virtual service as a TCP proxy, whatever forwarding method the file
/// names; the reader warns once per file about what that changes.
public struct LdirectordConfiguration: Sendable, Equatable {
    /// How a real server is reached in LVS. Kept for messages; Racimo always proxies.
    public enum ForwardingMethod: String, Sendable, Equatable, CaseIterable {
        case gate, masq, ipip
    }

    /// LVS schedulers (`ipvsadm -s`); ldirectord's default is `wrr`.
    public enum Scheduler: String, Sendable, Equatable, CaseIterable {
        case rr, wrr, lc, wlc, lblc, lblcr, dh, sh, sed, nq
    }

    /// `checktype`: how ldirectord decides a real server is up.
    public enum CheckType: Sendable, Equatable {
        /// Send `request` for `service` and look for `receive` in the reply (the default).
        case negotiate
        /// A TCP connect within `checktimeout`.
        case connect
        /// Run `checkcommand` (exit 0 = up) with `checktimeout`.
        case external(command: String)
        /// `on`: no check; the server is always considered up.
        case on
        /// `off`: no check; the server is always considered down.
        case off
    }

    /// `service`: the protocol a negotiate check speaks. Only `http` and `none` can be
    /// checked by Racimo; others are refused when `checktype=negotiate`.
    public enum Service: Sendable, Equatable {
        case http
        case none
        case other(String)
    }

    public struct RealServer: Sendable, Equatable {
        public var endpoint: Endpoint
        public var method: ForwardingMethod
        /// Default 1, as ldirectord; 0 keeps the server but sends it nothing new.
        public var weight: Int
        /// Per-server `"request", "receive"` overriding the virtual service's.
        public var request: String?
        public var receive: String?
        public var location: SourceLocation

        public init(endpoint: Endpoint, method: ForwardingMethod = .gate, weight: Int = 1,
                    request: String? = nil, receive: String? = nil, location: SourceLocation) {
            self.endpoint = endpoint
            self.method = method
            self.weight = weight
            self.request = request
            self.receive = receive
            self.location = location
        }
    }

    /// Settings that may be written globally and overridden in a `virtual=` block.
    public struct Timing: Sendable, Equatable {
        /// `checkinterval`, default 10 s.
        public var checkInterval: Duration = .seconds(10)
        /// `checktimeout`, default 5 s (connect and external checks).
        public var checkTimeout: Duration = .seconds(5)
        /// `negotiatetimeout`, default 30 s (negotiate checks).
        public var negotiateTimeout: Duration = .seconds(30)
        /// `failurecount`, default 1: one failed check marks a server down.
        public var failureCount: Int = 1
        /// `quiescent`, default yes: a failed server keeps its place with weight 0 instead of
        /// being removed, so existing connections are left alone.
        public var quiescent: Bool = true
        /// `fallback`: used when no real server is up.
        public var fallback: RealServer?

        public init() {}
    }

    public struct VirtualService: Sendable, Equatable {
        public var endpoint: Endpoint
        public var location: SourceLocation
        public var reals: [RealServer] = []
        /// `protocol=udp`: datagrams, relayed per client flow; default TCP.
        public var isUDP = false
        public var scheduler: Scheduler = .wrr
        public var checkType: CheckType = .negotiate
        /// Default: guessed from the port as ldirectord does (80 → http), else none.
        public var service: Service
        /// The path checked, always starting with `/`; default `/`.
        public var request: String = "/"
        /// A regular expression the reply must match; nil accepts any reply.
        public var receive: String?
        /// `virtualhost`: the Host header of HTTP checks.
        public var virtualHost: String?
        /// `httpmethod`: GET (default) or HEAD.
        public var httpMethod: String = "GET"
        /// `checkport`: the port checked instead of each real server's.
        public var checkPort: Int?
        /// `persistent`: client affinity (by source address) for this long; nil = none.
        public var persistence: Duration?
        /// `netmask`: the source addresses grouped by `persistent`; default 255.255.255.255.
        public var persistenceNetmask: IPAddress?
        public var timing: Timing

        public init(endpoint: Endpoint, location: SourceLocation, timing: Timing) {
            self.endpoint = endpoint
            self.location = location
            self.timing = timing
            self.service = endpoint.port == 80 ? .http : .none
        }
    }

    /// The global settings (also the defaults of every virtual service).
    public var global = Timing()
    public var virtualServices: [VirtualService] = []

    public init() {}
}
