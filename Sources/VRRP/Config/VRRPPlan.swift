import RacimoCore

/// What `racimo vrrp` runs, whatever file it came from: the virtual routers with everything
/// their driver needs besides the state machine (interface, addresses with their prefixes,
/// peers, trackers to feed, scripts to call).
///
/// Built from a keepalived.conf (`init(keepalived:)`) or from Heartbeat's files; the driver
/// only fills in what needs the host, such as the interface's own address.
public struct VRRPPlan: Sendable, Equatable {
    /// One `vrrp_instance`.
    public struct Instance: Sendable, Equatable {
        /// The state machine's settings; `primaryAddress` is `sourceAddress` when one is
        /// configured, else a placeholder the driver replaces with the interface's address.
        public var settings: VirtualRouter.Settings
        public var interface: String
        public var family: IPAddress.Family
        /// keepalived's `unicast_src_ip`.
        public var sourceAddress: IPAddress?
        /// The virtual addresses with prefix, device and label, in configuration order.
        public var virtualAddresses: [KeepalivedConfiguration.VirtualAddress]
        /// Unicast peers; empty means multicast to 224.0.0.18 or ff02::12.
        public var unicastPeers: [IPAddress]
        public var checksum: ChecksumRule
        /// The trackers the state machine weighs; the driver feeds them by name.
        public var trackers: [Tracker]
        /// Whether the instance's own interface going down is a FAULT (keepalived's default;
        /// `dont_track_primary` turns it off).
        public var tracksInterface: Bool
        public var notify: KeepalivedConfiguration.NotifyScripts
        /// Commands run in order on becoming master and in reverse on leaving it (Heartbeat's
        /// resource group after its addresses), as `start`/`stop` argument lists.
        public var resources: [Resource]

        public init(settings: VirtualRouter.Settings, interface: String, family: IPAddress.Family) {
            self.settings = settings
            self.interface = interface
            self.family = family
            self.sourceAddress = nil
            self.virtualAddresses = []
            self.unicastPeers = []
            self.checksum = .pseudoHeader
            self.trackers = []
            self.tracksInterface = true
            self.notify = .init()
            self.resources = []
        }
    }

    /// One resource of a resource group: a command run with `start` on taking over and `stop`
    /// on giving up (Heartbeat's `haresources` init scripts and resource agents).
    public struct Resource: Sendable, Equatable {
        public var name: String
        /// The command and its arguments; the driver appends `start` or `stop`.
        public var command: [String]

        public init(name: String, command: [String]) {
            self.name = name
            self.command = command
        }
    }

    /// A `vrrp_sync_group`: its members move together.
    public struct Group: Sendable, Equatable {
        public var name: String
        public var members: [String]
        public var trackingWeight: Bool
        public var notify: KeepalivedConfiguration.NotifyScripts

        public init(name: String, members: [String], trackingWeight: Bool, notify: KeepalivedConfiguration.NotifyScripts) {
            self.name = name
            self.members = members
            self.trackingWeight = trackingWeight
            self.notify = notify
        }
    }

    public var instances: [Instance]
    /// The `vrrp_script`s some instance tracks, to be run by the driver.
    public var scripts: [KeepalivedConfiguration.Script]
    public var groups: [Group]
    /// keepalived's `script_user [group]`: who runs scripts that name no `user` of their own.
    /// nil: the daemon's own user.
    public var scriptUser: (user: String, group: String?)? {
        get { scriptUserName.map { ($0, scriptGroupName) } }
        set { scriptUserName = newValue?.user; scriptGroupName = newValue?.group }
    }
    var scriptUserName: String?
    var scriptGroupName: String?

    public init(instances: [Instance], scripts: [KeepalivedConfiguration.Script] = [], groups: [Group] = []) {
        self.instances = instances
        self.scripts = scripts
        self.groups = groups
    }

    /// The placeholder primary address of an instance whose address comes from its interface.
    public static func unspecified(_ family: IPAddress.Family) -> IPAddress {
        IPAddress(bytes: Array(repeating: 0, count: family.byteCount))!
    }
}
