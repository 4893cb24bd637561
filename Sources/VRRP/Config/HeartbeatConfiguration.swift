import RacimoCore

/// A Heartbeat 1.x/2.x (R1 mode) cluster as its three files describe it: ha.cf (nodes,
/// timing, links), haresources (resource groups and their preferred node) and authkeys
/// (the key that signs heartbeats).
///
/// Built by `HeartbeatConfiguration.parse(haCf:haresources:authkeys:)`. References are to
/// Heartbeat 3.0.6 as packaged in balabit-deps/balabit-os-6-heartbeat (commit d1b95cfc6503):
/// `heartbeat/config.c`, `heartbeat/auth.c`, `heartbeat/lib/ResourceManager.in`,
/// `resources/heartbeat/IPaddr2.in`, `doc/ha.cf`, `doc/haresources`, `doc/authkeys`.
public struct HeartbeatConfiguration: Sendable, Equatable {
    /// `node` names in ha.cf order; they must match `uname -n` of the machines.
    public var nodes: [String] = []
    /// Time between heartbeats; default 1 s (`init_config()`).
    public var keepalive: Duration = .seconds(1)
    /// Silence after which a node is declared dead; default 30 s.
    public var deadtime: Duration = .seconds(30)
    /// Silence after which a "late heartbeat" is logged; default deadtime / 2.
    public var warntime: Duration = .seconds(15)
    /// Deadtime right after start; default deadtime if above 10 s, else 12 s below 6 s, else
    /// twice deadtime (`init_config()`).
    public var initdead: Duration = .seconds(30)
    /// Dead time of ping nodes; default deadtime.
    public var deadping: Duration = .seconds(30)
    /// `udpport`, default 694 (the `ha-cluster` service).
    public var udpPort = 694
    /// The links heartbeats travelled on, in ha.cf order.
    public var media: [Medium] = []
    /// `auto_failback`; Heartbeat's default is `legacy`, which fails back like `on`.
    public var autoFailback: AutoFailback = .legacy
    /// `watchdog DEVICE`.
    public var watchdog: String?
    /// `respawn USER COMMAND...` lines.
    public var respawn: [Respawn] = []
    /// `apiauth CLIENT uid=... gid=...` lines: who may use Heartbeat's client API.
    public var apiAuth: [APIAuth] = []
    /// `ping HOST...`: addresses treated as pseudo-members, for ipfail.
    public var pingNodes: [String] = []
    /// `ping_group NAME HOST...`: up while any of its hosts answers.
    public var pingGroups: [PingGroup] = []
    public var logFacility: String?
    public var logFile: String?
    public var debugFile: String?
    /// `crm`/`pacemaker` on: resources come from Pacemaker's CIB, not haresources.
    public var pacemaker = false
    /// haresources lines, in order.
    public var resourceGroups: [ResourceGroup] = []
    /// authkeys.
    public var authentication: AuthKeys

    public init(authentication: AuthKeys) {
        self.authentication = authentication
    }

    /// Whether a recovered preferred node takes its resources back (`auto_failback on` or
    /// `legacy`), as VRRP preemption does; false for `auto_failback off` (`nopreempt`).
    public var preempt: Bool { autoFailback != .off }

    /// The VRRP priority Racimo gives `node` for `group`: 150 for the group's preferred node
    /// (the first word of its haresources line), and for the others 100, 99, 98, … in ha.cf
    /// order, so that priorities differ and the ha.cf order breaks ties as Heartbeat's
    /// `hb_standby` did. nil for a node not in ha.cf.
    public func priority(of node: String, in group: ResourceGroup) -> Int? {
        guard let index = nodes.firstIndex(where: { $0.lowercased() == node.lowercased() }) else { return nil }
        if node.lowercased() == group.preferredNode.lowercased() { return 150 }
        let others = nodes[..<index].filter { $0.lowercased() != group.preferredNode.lowercased() }
        return 100 - others.count
    }

    public enum AutoFailback: String, Sendable, Equatable {
        case on, off, legacy
    }

    /// A heartbeat link (ha.cf media directives, `lib/plugins/HBcomm/*.c`).
    public enum Medium: Sendable, Equatable {
        /// `bcast IF...`: UDP broadcast on the interface, to `udpport`.
        case broadcast(interface: String)
        /// `mcast IF GROUP PORT TTL LOOP`.
        case multicast(interface: String, group: IPAddress, port: Int, ttl: Int, loop: Bool)
        /// `ucast IF PEER`: UDP to one peer (every node lists all peers; its own is skipped).
        case unicast(interface: String, peer: String)
        /// `serial DEVICE...`: a null-modem cable; Racimo has no equivalent.
        case serial(device: String)

        /// The network interface of the link, nil for a serial line.
        public var interface: String? {
            switch self {
            case .broadcast(let i), .multicast(let i, _, _, _, _), .unicast(let i, _): i
            case .serial: nil
            }
        }
    }

    public struct Respawn: Sendable, Equatable {
        public var user: String
        public var command: [String]
        public var location: SourceLocation

        public init(user: String, command: [String], location: SourceLocation) {
            self.user = user
            self.command = command
            self.location = location
        }
    }

    public struct APIAuth: Sendable, Equatable {
        public var client: String
        public var users: [String]
        public var groups: [String]
        public var location: SourceLocation

        public init(client: String, users: [String], groups: [String], location: SourceLocation) {
            self.client = client
            self.users = users
            self.groups = groups
            self.location = location
        }
    }

    public struct PingGroup: Sendable, Equatable {
        public var name: String
        public var hosts: [String]

        public init(name: String, hosts: [String]) {
            self.name = name
            self.hosts = hosts
        }
    }

    /// One logical haresources line: the preferred node, then resources started left to
    /// right and stopped right to left.
    public struct ResourceGroup: Sendable, Equatable {
        /// As written; Heartbeat compares it with node names case-insensitively.
        public var preferredNode: String
        public var resources: [Resource]
        public var location: SourceLocation

        public init(preferredNode: String, resources: [Resource], location: SourceLocation) {
            self.preferredNode = preferredNode
            self.resources = resources
            self.location = location
        }

        /// The addresses of the group (IPaddr and IPaddr2 resources), in order.
        public var addresses: [Address] {
            resources.compactMap { if case .address(let address) = $0.kind { address } else { nil } }
        }
    }

    /// One resource of a group, `Type::arg1::arg2` or a plain name.
    public struct Resource: Sendable, Equatable {
        public enum Kind: Sendable, Equatable {
            /// `IPaddr::…`, `IPaddr2::…` or a bare IPv4 address: a virtual address.
            case address(Address)
            /// `ldirectord[::CONFIG]`: ldirectord with that configuration; Racimo's balancer.
            /// `configFile` is as written (default `ldirectord.cf`), `path` resolved against
            /// the folder of haresources, where ldirectord looked (`/etc/ha.d`).
            case balancer(configFile: String, path: String)
            /// `LVSSyncDaemonSwap::master|backup`: the IPVS connection-sync daemon runs as
            /// master where the group runs; Racimo's state sync.
            case stateSync(role: String)
            /// Anything else: `/etc/ha.d/resource.d/NAME` or `/etc/init.d/NAME`, run with the
            /// arguments and `start`, `stop` or `status`.
            case command(name: String, arguments: [String])
        }

        public var kind: Kind
        /// The word as written.
        public var text: String
        public var location: SourceLocation

        public init(kind: Kind, text: String, location: SourceLocation) {
            self.kind = kind
            self.text = text
            self.location = location
        }
    }

    /// `ip[/bits[/interface[:label]][/broadcast]]` (`resources/heartbeat/IPaddr2.in`).
    public struct Address: Sendable, Equatable {
        public var address: IPAddress
        /// nil: the prefix of the route that reaches the address, as Heartbeat's `findif` did.
        public var prefixLength: Int?
        /// nil: the interface of that route.
        public var interface: String?
        public var label: String?
        public var broadcast: IPAddress?
        /// `IPaddr` or `IPaddr2` (a bare address means `IPaddr`).
        public var agent: String

        public init(address: IPAddress, prefixLength: Int? = nil, interface: String? = nil, label: String? = nil,
                    broadcast: IPAddress? = nil, agent: String) {
            self.address = address
            self.prefixLength = prefixLength
            self.interface = interface
            self.label = label
            self.broadcast = broadcast
            self.agent = agent
        }
    }

    /// authkeys: `auth N` chooses the signing key; each `N METHOD [KEY]` line defines one.
    public struct AuthKeys: Sendable, Equatable {
        public enum Method: String, Sendable, Equatable {
            case md5, sha1, crc
        }

        public struct Key: Sendable, Equatable {
            public var id: Int
            public var method: Method
            /// nil for crc, which takes none.
            public var secret: String?
            public var location: SourceLocation

            public init(id: Int, method: Method, secret: String?, location: SourceLocation) {
                self.id = id
                self.method = method
                self.secret = secret
                self.location = location
            }
        }

        /// The `auth N` number.
        public var activeID: Int
        /// Every key in file order; keys other than the active one are accepted when checking
        /// (Heartbeat's way of changing keys without a flash cut).
        public var keys: [Key]

        public init(activeID: Int, keys: [Key]) {
            self.activeID = activeID
            self.keys = keys
        }

        /// The key that signs: the one `auth` names.
        public var active: Key? { keys.first { $0.id == activeID } }
    }
}
