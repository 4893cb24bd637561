import RacimoCore

/// A real server's name within its pool (HAProxy's server name, LVS's `-r` address:port).
public struct ServerID: Hashable, Comparable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let name: String
    public init(_ name: String) { self.name = name }
    public init(stringLiteral name: String) { self.name = name }
    public static func < (a: ServerID, b: ServerID) -> Bool { a.name < b.name }
    public var description: String { name }
}

/// One real server as every scheduler sees it: HAProxy's `struct server` fields the `lb_*.c`
/// files read, and the IPVS `struct ip_vs_dest` counters (`include/net/ip_vs.h`).
public struct Server: Hashable, Sendable {
    /// Administrative and health state (HAProxy's `SRV_ST_*` and `SRV_ADMF_*`).
    public enum State: Hashable, Sendable {
        /// Takes new connections.
        case up
        /// Failed its checks: removed from IPVS (keepalived's default), skipped by HAProxy.
        case down
        /// Administratively disabled (HAProxy MAINT): no traffic at all.
        case maintenance
        /// Stays in the pool with effective weight 0 (HAProxy DRAIN, LVS quiescent weight 0):
        /// existing and persistent clients keep going, nobody new is scheduled.
        case drain
    }

    public let id: ServerID
    public var address: IPAddress
    /// Configured weight (IPVS 0…65535, HAProxy 0…256).
    public var weight: Int
    public var state: State
    /// HAProxy `backup`: used only while no active server can take traffic.
    public var isBackup: Bool
    /// HAProxy `maxconn`, read by `first` (nil: unlimited).
    public var maxConnections: Int?
    /// IPVS ActiveConn (ESTABLISHED).
    public var activeConnections: Int
    /// IPVS InActConn (closed, still in the table: TIME_WAIT, FIN_WAIT…).
    public var inactiveConnections: Int

    public init(_ id: ServerID, address: IPAddress, weight: Int = 1, state: State = .up, isBackup: Bool = false,
                maxConnections: Int? = nil, activeConnections: Int = 0, inactiveConnections: Int = 0) {
        self.id = id
        self.address = address
        self.weight = weight
        self.state = state
        self.isBackup = isBackup
        self.maxConnections = maxConnections
        self.activeConnections = activeConnections
        self.inactiveConnections = inactiveConnections
    }

    /// The weight a scheduler may use: 0 unless UP. Draining is how IPVS and HAProxy both
    /// stop new traffic without cutting existing flows, so it reads as weight 0 here.
    public var effectiveWeight: Int { state == .up ? max(0, weight) : 0 }

    /// Still in the IPVS destination list: keepalived removes a failed server but keeps a
    /// quiesced (weight 0) one, which matters to `sh`/`dh` tables.
    public var isListed: Bool { state == .up || state == .drain }

    /// IPVS `ip_vs_dest_conn_overhead` (`include/net/ip_vs.h`): active × 256 + inactive,
    /// "it is not the exact ratio of active/inactive costs, just a good guess".
    public var ipvsOverhead: Int { activeConnections << 8 + inactiveConnections }
}
