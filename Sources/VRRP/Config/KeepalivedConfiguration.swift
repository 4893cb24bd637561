import RacimoCore

/// The VRRP part of a keepalived.conf, as keepalived would run it: defaults filled in, values
/// rounded and overridden where keepalived rounds or overrides them (each such place is a
/// warning), references resolved.
///
/// Built by `KeepalivedConfiguration.parse(_:file:include:)`. Source references are to
/// acassen/keepalived at commit 9cbce3e2117f (v2.4.3-30): `vrrp_parser.c`, `vrrp.c`,
/// `vrrp_data.c`, `vrrp_track.c`, `global_parser.c`, `global_data.c` and the man page
/// `doc/man/man5/keepalived.conf.5.in` ("man" below). Behaviour was also checked against
/// Debian's keepalived 2.2.7 (`keepalived -t -f FILE`).
public struct KeepalivedConfiguration: Sendable, Equatable {
    public var globals: Globals
    /// `vrrp_script` blocks in file order.
    public var scripts: [Script]
    /// `vrrp_instance` blocks in file order.
    public var instances: [Instance]
    public var syncGroups: [SyncGroup]
    /// Every file read: the main file first, then included files in the order read.
    public var files: [String]

    public init(globals: Globals = Globals(), scripts: [Script] = [], instances: [Instance] = [],
                syncGroups: [SyncGroup] = [], files: [String] = []) {
        self.globals = globals
        self.scripts = scripts
        self.instances = instances
        self.syncGroups = syncGroups
        self.files = files
    }

    public func script(named name: String) -> Script? { scripts.first { $0.name == name } }
    public func instance(named name: String) -> Instance? { instances.first { $0.name == name } }
    public func syncGroup(named name: String) -> SyncGroup? { syncGroups.first { $0.name == name } }

    // MARK: - global_defs

    /// `global_defs`, the keywords the VRRP process uses.
    public struct Globals: Sendable, Equatable {
        /// `router_id`; nil means keepalived's default, the host name (`global_data.c` l.360).
        public var routerID: String?
        /// `script_user USER [GROUP]`: whom scripts run as when they name no user. nil means
        /// keepalived's default: `keepalived_script` if that user exists, else the daemon's user
        /// (man l.735-739).
        public var scriptUser: String?
        public var scriptGroup: String?
        /// `enable_script_security`.
        public var enableScriptSecurity = false
        /// `vrrp_version`, 2 unless set (`global_data.c` l.121).
        public var vrrpVersion = 2
        /// `vrrp_garp_master_*`: the defaults every instance starts from.
        public var garp = GARP()
        /// `vrrp_garp_interval`: delay between gratuitous ARPs sent on one interface; 0 = none.
        public var garpInterval: Duration = .zero
        /// `vrrp_gna_interval`: the same for IPv6 neighbour advertisements.
        public var gnaInterval: Duration = .zero
        /// `vrrp_min_garp`: one gratuitous ARP on becoming master, no repeat, no refresh,
        /// for the settings not given explicitly (`vrrp_min_garp_handler()`).
        public var minGARP = false
        /// `v3_checksum_as_v2`: leave the IPv4 pseudo-header out of VRRPv3 checksums.
        public var v3ChecksumAsV2 = false
        /// `vrrp_lower_prio_no_advert`: a master hearing a lower priority does not re-advertise.
        public var lowerPriorityNoAdvert = false
        /// `vrrp_higher_prio_send_advert`: a master losing to a higher priority sends an advert first.
        public var higherPrioritySendAdvert = false

        public init() {}
    }

    /// Gratuitous ARP / neighbour advertisement settings of an instance (man l.395-451).
    public struct GARP: Sendable, Equatable {
        /// Delay before the second burst after becoming master; default 5 s (`vrrp.h` l.167).
        public var masterDelay: Duration = .seconds(5)
        /// Gratuitous ARPs per burst; default 5 (`vrrp.h` l.168).
        public var masterRepeat = 5
        /// Interval of refresh bursts while master; zero (default) means none (`vrrp.h` l.169).
        public var masterRefresh: Duration = .zero
        /// Gratuitous ARPs per refresh burst; default 1 (`vrrp.h` l.170).
        public var masterRefreshRepeat = 1

        public init() {}
    }

    // MARK: - vrrp_script

    /// A `vrrp_script` block: a command run periodically whose exit status moves priorities.
    public struct Script: Sendable, Equatable {
        public var name: String
        /// Where the block starts.
        public var location: SourceLocation
        /// The command and its arguments, split as keepalived splits the `script` value
        /// (`set_script_params_array()`, `lib/parser.c` `alloc_strvec_quoted_escaped()`).
        public var command: [String]
        /// Default 1 s, millisecond resolution (`vrrp_track.h` l.46; man l.1443).
        public var interval: Duration = .seconds(1)
        /// Default: the interval (keepalived stores 0 and uses the interval, `vrrp_scheduler.c`).
        public var timeout: Duration = .seconds(1)
        /// −253…253, default 0 (man l.1452).
        public var weight = 0
        /// `weight N reverse`: the weight applies when the script fails instead.
        public var reverse = false
        /// Consecutive successes for OK and failures for KO; both default 1.
        public var rise = 1
        public var fall = 1
        /// `user USER [GROUP]`; nil means `script_user`'s default.
        public var user: String?
        public var group: String?
        /// `init_fail`: the script starts in the failed state.
        public var initFail = false

        public init(name: String, location: SourceLocation, command: [String] = []) {
            self.name = name
            self.location = location
            self.command = command
        }
    }

    // MARK: - vrrp_instance

    public enum State: String, Sendable, Equatable {
        case master = "MASTER"
        case backup = "BACKUP"
    }

    /// A `vrrp_instance` block.
    public struct Instance: Sendable, Equatable {
        public var name: String
        public var location: SourceLocation
        /// The initial state. keepalived derives it from the priority when not given (255 is
        /// MASTER, anything else BACKUP; `vrrp_complete_instance()`).
        public var state: State = .backup
        /// nil only for a unicast instance with `unicast_src_ip` and no interface.
        public var interface: String?
        /// 1…255; required.
        public var virtualRouterID = 0
        /// 1…255. When not given: 255 for `state MASTER`, else 100 (`vrrp_complete_instance()`).
        public var priority = 100
        /// After keepalived's rounding: whole seconds in v2, 10 ms steps in v3.
        public var advertInterval: Duration = .seconds(1)
        /// 2 or 3: `version`, else 3 for IPv6 addresses, else `vrrp_version`.
        public var version = 2
        /// The address family of the VIPs and peers (IPv4 when there are none).
        public var family: IPAddress.Family = .v4
        /// `authentication { auth_type PASS  auth_pass X }`: the first 8 characters of X.
        /// nil when not given, or dropped because VRRPv3 has no authentication field.
        public var authPassword: String?
        public var virtualAddresses: [VirtualAddress] = []
        /// `no_virtual_ipaddress`: no VIPs on purpose.
        public var noVirtualAddresses = false
        public var trackScripts: [TrackedScript] = []
        public var trackInterfaces: [TrackedInterface] = []
        /// False with `nopreempt` (unless keepalived clears it: state MASTER or priority 255).
        public var preempt = true
        /// `preempt_delay`, 0…1000 s.
        public var preemptDelay: Duration = .zero
        /// `unicast_src_ip` or `mcast_src_ip`: the source address of adverts.
        public var sourceAddress: IPAddress?
        /// `unicast_peer { … }`; adverts go to these instead of the multicast group.
        public var unicastPeers: [UnicastPeer] = []
        public var notify = NotifyScripts()
        /// `dont_track_primary`: a down `interface` does not put the instance in FAULT.
        public var dontTrackPrimary = false
        public var garp = GARP()
        public var lowerPriorityNoAdvert = false
        public var higherPrioritySendAdvert = false
        public var v3ChecksumAsV2 = false
        /// The `vrrp_sync_group` this instance belongs to.
        public var syncGroup: String?

        public init(name: String, location: SourceLocation) {
            self.name = name
            self.location = location
        }

        /// Whether adverts are sent to unicast peers rather than the multicast group.
        public var usesUnicast: Bool { !unicastPeers.isEmpty }
    }

    /// One line of `virtual_ipaddress`:
    /// `ADDR[/PREFIX] [dev IF] [brd ADDR|+|-] [label L] [scope S] [no_track]` (man l.2092).
    public struct VirtualAddress: Sendable, Equatable {
        public var address: IPAddress
        /// Default 32 for IPv4, 128 for IPv6 (`parse_ipaddress()`).
        public var prefixLength: Int
        /// `dev`: nil means the instance's interface.
        public var device: String?
        /// `brd`/`broadcast`, with `+` and `-` already worked out as keepalived does.
        public var broadcast: IPAddress?
        public var label: String?
        /// `scope`: host, link, global, site, nowhere or a number.
        public var scope: String?
        /// False with `no_track`: the address's interface going down does not cause FAULT.
        public var track = true
        public var location: SourceLocation

        public init(address: IPAddress, prefixLength: Int, device: String? = nil, broadcast: IPAddress? = nil,
                    label: String? = nil, scope: String? = nil, track: Bool = true, location: SourceLocation) {
            self.address = address
            self.prefixLength = prefixLength
            self.device = device
            self.broadcast = broadcast
            self.label = label
            self.scope = scope
            self.track = track
            self.location = location
        }
    }

    /// One line of `track_script`: `NAME [weight N [reverse|noreverse]]`.
    public struct TrackedScript: Sendable, Equatable {
        public var script: String
        /// The line's weight, else the script's.
        public var weight: Int
        public var reverse: Bool
        public var location: SourceLocation

        public init(script: String, weight: Int, reverse: Bool, location: SourceLocation) {
            self.script = script
            self.weight = weight
            self.reverse = reverse
            self.location = location
        }
    }

    /// One line of `track_interface`: `IF [weight N [reverse]]`; weight 0 (default) means the
    /// interface going down puts the instance in FAULT.
    public struct TrackedInterface: Sendable, Equatable {
        public var interface: String
        public var weight: Int
        public var reverse: Bool
        public var location: SourceLocation

        public init(interface: String, weight: Int = 0, reverse: Bool = false, location: SourceLocation) {
            self.interface = interface
            self.weight = weight
            self.reverse = reverse
            self.location = location
        }
    }

    /// One line of `unicast_peer`: `ADDR [min_ttl N] [max_ttl N]` (`alloc_vrrp_unicast_peer()`).
    public struct UnicastPeer: Sendable, Equatable {
        public var address: IPAddress
        public var minTTL = 0
        public var maxTTL = 255

        public init(address: IPAddress, minTTL: Int = 0, maxTTL: Int = 255) {
            self.address = address
            self.minTTL = minTTL
            self.maxTTL = maxTTL
        }
    }

    /// `notify_master CMD [USER [GROUP]]` and the like. The generic `notify` script is called
    /// with `INSTANCE|GROUP name state priority` appended (man l.1550-1606).
    public struct NotifyScript: Sendable, Equatable {
        public var command: [String]
        public var user: String?
        public var group: String?
        public var location: SourceLocation

        public init(command: [String], user: String? = nil, group: String? = nil, location: SourceLocation) {
            self.command = command
            self.user = user
            self.group = group
            self.location = location
        }
    }

    public struct NotifyScripts: Sendable, Equatable {
        public var master: NotifyScript?
        public var backup: NotifyScript?
        public var fault: NotifyScript?
        public var stop: NotifyScript?
        /// `notify`: called on every state change after the specific one.
        public var any: NotifyScript?

        public init() {}
    }

    // MARK: - vrrp_sync_group

    /// A `vrrp_sync_group`: instances that change state together.
    public struct SyncGroup: Sendable, Equatable {
        public var name: String
        public var location: SourceLocation
        /// The `group { … }` names, in order; each is a `vrrp_instance` of the file.
        public var members: [String] = []
        public var notify = NotifyScripts()
        public var trackScripts: [TrackedScript] = []
        public var trackInterfaces: [TrackedInterface] = []
        /// `sync_group_tracking_weight` (or the deprecated `global_tracking`): members keep
        /// their trackers' weights; without it keepalived ignores weighted trackers of members.
        public var trackingWeight = false

        public init(name: String, location: SourceLocation) {
            self.name = name
            self.location = location
        }
    }
}
