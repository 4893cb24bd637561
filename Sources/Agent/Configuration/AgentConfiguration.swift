import Membership
import RacimoCore

/// A node's `racimo.toml`: who it is, where it listens, which key it signs with, which roles it plays.
///
/// ```toml
/// [node]
/// name = "h1"                                   # default: the machine's hostname
/// listen = "10.213.0.1:9401"                    # node-to-node frames (UDP and TCP)
/// seeds = ["10.213.0.2:9401", "10.213.0.3"]     # port defaults to 9401
///
/// [cluster]
/// key_file = "cluster.key"                      # relative to this file's folder
/// next_key_file = "next.key"                    # optional: accepted too, for key rotation
///
/// [admin]
/// listen = "127.0.0.1:9400"
///
/// [membership]
/// hello_interval = "1s"
/// probe_interval = "200ms"                      # and probe_timeout, gossip_interval, push_pull_interval
/// speed = 10000                                 # relative CPU speed (mosctl setspeed)
/// ```
public struct AgentConfiguration: Sendable, Equatable {
    /// The file it was read from, as named by the user.
    public var file: String
    public var nodeName: NodeName
    public var listen: Endpoint
    public var seeds: [Endpoint]
    public var keyFile: String
    public var nextKeyFile: String?
    /// How far a frame's timestamp may be from this node's clock (`FrameVerifier`).
    public var frameFreshness: Duration
    public var adminListen: Endpoint
    /// The admin bearer token; by default `admin.token` beside the key file.
    public var adminTokenFile: String
    public var logLevel: LogLevel
    public var helloInterval: Duration
    /// The addresses this node is reached at, one per link (Heartbeat's several media); by
    /// default the listen address. Required when listening on a wildcard address.
    public var addresses: [Endpoint]
    /// The failure detector's settings (`[membership]` keys override the defaults).
    public var membership: MembershipSettings
    /// Relative CPU speed, 10000 for a reference CPU (openMosix's `mosctl setspeed`).
    public var speed: Int
    /// LAN auto-discovery (openMosix's omdiscd): the IPv4 multicast group and port announces go
    /// to, on the interface of the first address. Off when nil.
    public var discovery: Endpoint?
    /// Roles this node plays, in dependency order (membership first). Shutdown runs in reverse.
    public var roles: [Role]
    /// The `vrrp` role's settings, when it plays it.
    public var vrrp: VRRPRole?
    /// The `balancer` role's settings, when it plays it.
    public var balancer: BalancerRole?
    /// The `scheduler` role's settings (the job queue), when it plays it.
    public var scheduler: SchedulerRole?
    /// The `execute` role's settings (runs jobs), when it plays it.
    public var execute: ExecuteRole?
    /// The `run` role's settings (run anywhere), when it plays it.
    public var run: RunRole? = nil

    public static let defaultFramePort = 9401
    public static let defaultAdminPort = 9400
    public static let defaultPath = "/etc/racimo/racimo.toml"

    /// The level names swift-log knows, as users write them.
    public enum LogLevel: String, Sendable, CaseIterable {
        case trace, debug, info, notice, warning, error, critical
    }
}

/// A part a node can play. All but monitor run today; the others are recognised so that a
/// configuration written for a later version says so plainly instead of "unknown table".
public enum Role: String, Sendable, CaseIterable, Comparable {
    case membership, vrrp, balancer, monitor, scheduler, execute, run

    /// Whether this version of Racimo can run the role.
    public var isAvailable: Bool { self != .monitor }

    public static func < (a: Role, b: Role) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// `[vrrp]`: this node runs the `vrrp_*` part of a keepalived.conf, as `racimo vrrp -f` does.
///
/// ```toml
/// [vrrp]
/// keepalived_conf = "/etc/keepalived/keepalived.conf"   # relative to this file's folder
/// status_file = "/run/racimo-vrrp.json"                  # what `racimo vrrp status` reads
/// ```
public struct VRRPRole: Sendable, Equatable {
    public var keepalivedFile: String
    /// nil: the default of `racimo vrrp status`.
    public var statusFile: String?

    public init(keepalivedFile: String, statusFile: String? = nil) {
        self.keepalivedFile = keepalivedFile
        self.statusFile = statusFile
    }
}

/// `[balancer]`: this node runs the services of a haproxy.cfg, ldirectord.cf or keepalived.conf
/// (`virtual_server` blocks), as `racimo balancer -f` does.
///
/// ```toml
/// [balancer]
/// file = "/etc/haproxy/haproxy.cfg"      # relative to this file's folder
/// format = "haproxy"                     # haproxy, ldirectord or keepalived; default: guessed
/// status_file = "/run/racimo-lb.json"    # what `racimo lb list` reads
/// ```
public struct BalancerRole: Sendable, Equatable {
    public var file: String
    /// nil: guessed from the file's content.
    public var format: String?
    /// nil: the default of `racimo lb list`.
    public var statusFile: String?

    public init(file: String, format: String? = nil, statusFile: String? = nil) {
        self.file = file
        self.format = format
        self.statusFile = statusFile
    }
}
