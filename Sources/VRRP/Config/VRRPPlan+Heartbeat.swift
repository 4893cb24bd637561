import Crypto
import RacimoCore

/// What a Heartbeat (R1) cluster becomes when `racimo vrrp --heartbeat DIR` runs it: one VRRP
/// version 2 instance per haresources line. The rules, each documented in docs/vrrp.md:
///
/// - **Name and VRID.** Group N is instance `hb_N`. Its virtual router ID is
///   `1 + FNV-1a-32(first address, dotted) mod 255`, moved up to the next free ID (wrapping
///   255 → 1) when an earlier group has it, so both nodes, which read the same haresources,
///   agree without being told. `--vrid N` gives group 1 ID N, group 2 N+1, and so on.
/// - **Priority** from `HeartbeatConfiguration.priority(of:in:)`: 150 on the group's node,
///   100, 99, … on the others in ha.cf order. `auto_failback off` is `nopreempt`; every node
///   starts as BACKUP, as every Heartbeat node started without resources.
/// - **Timing.** Adverts every `keepalive`, rounded to whole seconds (at least 1), the unit of
///   VRRP version 2. A backup declares the master dead after 3 missed adverts plus the skew
///   time, VRRP's rule (and racimo's for keepalived.conf too), not after `deadtime`: 3.4 to
///   3.6 s with the default keepalive of 1 s, where Heartbeat's default deadtime was 30 s.
///   `warntime` and `initdead` have no equivalent.
/// - **Addresses.** `IPaddr`/`IPaddr2` become virtual addresses: the prefix from the resource,
///   else from the interface's subnet that holds the address (Heartbeat's `findif`), else /32;
///   the device from the resource, else the adverts' interface; the broadcast from the
///   resource, else computed as IPaddr2's default `+`; a label `IF:LABEL`.
/// - **Adverts** go out on the first network link of ha.cf (`bcast`, `mcast` or `ucast`), to
///   224.0.0.18 when that interface has a `bcast` or `mcast` link, else to the `ucast` peers.
/// - **Other resources** run in haresources order as `SCRIPT ARGS… start` after the addresses
///   are added, and `stop` in reverse as they go (off the event loop: the addresses leave at
///   once, so the new master is not kept waiting on a slow stop). SCRIPT is found as Heartbeat found it, in
///   the resource directories and then /etc/init.d (`HeartbeatHost.resourceDirectories`); a
///   resource without a script is skipped with a warning. `ldirectord` and `LVSSyncDaemonSwap`
///   run this way too, with a warning, until Racimo's balancer and state sync replace them.
/// - **Authentication.** VRRP v2 carries an 8-byte password in clear text; it is the first 8
///   hex digits of the SHA-256 of the active authkeys key, so that the two racimo nodes (and a
///   keepalived given the same `auth_pass`) agree. This keeps clusters sharing a network apart;
///   it does not authenticate messages, which the warning says. `crc` gives no password.
extension VRRPPlan {
    /// What only the host can tell the mapping: where resource scripts are and what the
    /// interfaces hold. `assumed` answers without looking, for tests and `-t` elsewhere.
    public struct HeartbeatHost: Sendable {
        /// Where a resource's script is looked for, in order (Heartbeat: `/etc/ha.d/resource.d`,
        /// then `/etc/init.d`).
        public var resourceDirectories: [String]
        /// Whether a script exists and can be run.
        public var isExecutable: @Sendable (_ path: String) -> Bool
        /// The prefix length of the subnet of `interface` that holds `address`, as Heartbeat's
        /// `findif` found it; nil when none does.
        public var subnetPrefix: @Sendable (_ address: IPAddress, _ interface: String) -> Int?
        /// Whether `address` is one of this host's own on `interface` (a `ucast` line naming
        /// this node, which Heartbeat skipped).
        public var isLocal: @Sendable (_ address: IPAddress, _ interface: String) -> Bool

        public init(resourceDirectories: [String] = ["/etc/ha.d/resource.d", "/etc/init.d"],
                    isExecutable: @escaping @Sendable (String) -> Bool,
                    subnetPrefix: @escaping @Sendable (IPAddress, String) -> Int?,
                    isLocal: @escaping @Sendable (IPAddress, String) -> Bool) {
            self.resourceDirectories = resourceDirectories
            self.isExecutable = isExecutable
            self.subnetPrefix = subnetPrefix
            self.isLocal = isLocal
        }

        /// Every script in /etc/ha.d/resource.d, no subnet known, no local address.
        public static let assumed = HeartbeatHost(isExecutable: { _ in true }, subnetPrefix: { _, _ in nil }, isLocal: { _, _ in false })
    }

    /// The plan Heartbeat's files describe for `node` (this host's name, as Heartbeat matched
    /// `uname -n`), or nil when `node` is not in ha.cf or a group cannot run as VRRP.
    public init?(heartbeat configuration: HeartbeatConfiguration, node: String) {
        guard let plan = Self.heartbeat(configuration, node: node).plan else { return nil }
        self = plan
    }

    /// The plan Heartbeat's files describe for `node`, with what changes on the way as
    /// diagnostics (file:line:column of ha.cf, haresources and authkeys).
    ///
    /// - Parameters:
    ///   - virtualRouterID: the first group's VRID (`--vrid`); nil derives it from the group.
    ///   - host: where scripts are and what the interfaces hold.
    public static func heartbeat(_ c: HeartbeatConfiguration, node: String, virtualRouterID: UInt8? = nil,
                                 host: HeartbeatHost = .assumed) -> (plan: VRRPPlan?, diagnostics: Diagnostics)
    {
        var d: [Diagnostic] = []
        let haresources = c.resourceGroups.first?.location.file ?? "haresources"
        let directory = haresources.lastIndex(of: "/").map { String(haresources[...$0]) } ?? ""
        let haCf = directory + "ha.cf"
        let start = SourceLocation(file: haCf, line: 1, column: 1)
        func sorted() -> Diagnostics {
            let order = [haCf, haresources, directory + "authkeys"]
            return Diagnostics(d.enumerated().sorted { a, b in
                func key(_ x: Diagnostic) -> (Int, Int, Int) {
                    guard let l = x.location else { return (Int.max, 0, 0) }
                    return (order.firstIndex(of: l.file) ?? Int.max - 1, l.line, l.column)
                }
                return key(a.element) != key(b.element) ? key(a.element) < key(b.element) : a.offset < b.offset
            }.map(\.element))
        }

        guard let me = heartbeatNode(node, in: c.nodes) else {
            d.append(.error(at: start, "this host, \(node), is not a node of ha.cf (\(c.nodes.joined(separator: ", ")))",
                            suggestion: Suggestion.closest(to: node, in: c.nodes),
                            hint: "Heartbeat matched the 'node' lines with uname -n; pass --node NAME to say which node this host is"))
            return (nil, sorted())
        }

        // The adverts' link.
        var links: [String] = []
        for interface in c.media.compactMap(\.interface) where !links.contains(interface) { links.append(interface) }
        let interface = links.first ?? "eth0"
        if links.count > 1 {
            d.append(.warning(at: start,
                              "heartbeat links on \(links.dropFirst().joined(separator: ", ")) are not used: racimo vrrp sends its adverts on \(interface) only, where Heartbeat sent heartbeats on every link so that one failed network did not split the nodes",
                              hint: "bond the interfaces and name the bond in ha.cf, so that the adverts survive one network failing"))
        }
        let multicast = c.media.contains {
            switch $0 {
            case .broadcast(let i), .multicast(let i, _, _, _, _): i == interface
            default: false
            }
        }
        var peers: [IPAddress] = []
        if !multicast {
            for case .unicast(let i, let peer) in c.media where i == interface {
                guard let address = IPAddress(parsing: peer), address.family == .v4 else {
                    d.append(.warning(at: start, "'ucast \(i) \(peer)' is not used: racimo vrrp needs the peer's IPv4 address, not a name",
                                      hint: "write 'ucast \(i) ADDRESS'"))
                    continue
                }
                if !host.isLocal(address, interface), !peers.contains(address) { peers.append(address) }
            }
        }

        // Timing.
        let advert = VRRPTiming.wireInterval(c.keepalive, version: .v2)
        if advert != c.keepalive {
            d.append(.warning(at: start,
                              "keepalive \(DurationLiteral.format(c.keepalive)) becomes an advert every \(DurationLiteral.format(advert)): VRRP version 2 counts whole seconds"))
        }

        // Authentication.
        var authentication = VRRPAuthentication.none
        if let key = c.authentication.active, let secret = key.secret {
            authentication = .password(heartbeatPassword(forKey: secret))
            d.append(.warning(
                at: key.location,
                "key \(key.id) (\(key.method.rawValue)) becomes VRRP version 2's 8-character password, the first 8 hex digits of the key's SHA-256: the racimo nodes ignore adverts without it, but it travels in clear text in every advert, so it keeps clusters that share a network apart and does not authenticate messages as Heartbeat's \(key.method.rawValue) signatures did",
                hint: "keep the nodes' network trusted; a keepalived peer needs 'auth_pass' set to the output of: printf %s KEY | sha256sum | cut -c1-8"))
        }
        for key in c.authentication.keys where key.id != c.authentication.activeID {
            d.append(Diagnostic(.note, at: key.location,
                                "key \(key.id) is not used: racimo checks adverts against the 'auth \(c.authentication.activeID)' key only, where Heartbeat accepted every key listed",
                                hint: "change the key on both nodes together"))
        }

        var instances: [Instance] = []
        var used: Set<UInt8> = []
        for (index, group) in c.resourceGroups.enumerated() {
            let name = "hb_\(index + 1)"
            let addresses: [(HeartbeatConfiguration.Address, SourceLocation)] = group.resources.compactMap {
                if case .address(let address) = $0.kind { (address, $0.location) } else { nil }
            }
            guard let first = addresses.first?.0 else {
                d.append(.error(at: group.location,
                                "resource group of \(group.preferredNode) has no IPaddr or IPaddr2 resource: racimo vrrp starts a group's resources when it takes the group's addresses",
                                hint: "add the group's service address, e.g. IPaddr2::10.0.0.10/24/\(interface)"))
                continue
            }
            let vrid: UInt8
            var origin: String
            if let chosen = virtualRouterID {
                guard Int(chosen) + index <= 255 else {
                    d.append(.error(at: group.location, "--vrid \(chosen) leaves no virtual router ID for resource group \(index + 1) (group N gets ID \(chosen)+N-1, at most 255)"))
                    continue
                }
                vrid = chosen + UInt8(index)
                origin = "from --vrid"
            } else {
                var candidate = derivedVirtualRouterID(first.address)
                while used.contains(candidate) { candidate = candidate == 255 ? 1 : candidate + 1 }
                vrid = candidate
                origin = "derived from \(first.address); --vrid chooses another"
            }
            used.insert(vrid)
            let priority = UInt8(min(max(c.priority(of: me, in: group) ?? 100, 1), 254))

            var vips: [KeepalivedConfiguration.VirtualAddress] = []
            for (address, location) in addresses where !vips.contains(where: { $0.address == address.address }) {
                let device = address.interface ?? interface
                var prefix = address.prefixLength ?? host.subnetPrefix(address.address, device)
                if prefix == nil {
                    prefix = 32
                    d.append(.warning(at: location,
                                      "\(address.agent) \(address.address) has no netmask and no subnet of \(device) holds it: racimo adds it as \(address.address)/32, where Heartbeat could not start it",
                                      hint: "write the netmask, e.g. \(address.agent)::\(address.address)/24/\(device)"))
                }
                vips.append(.init(address: address.address, prefixLength: prefix!, device: device == interface ? nil : device,
                                  broadcast: address.broadcast ?? broadcast(of: address.address, prefixLength: prefix!),
                                  label: address.label.map { "\(device):\($0)" }, location: location))
            }

            var resources: [Resource] = []
            for resource in group.resources {
                let scriptName: String
                let arguments: [String]
                switch resource.kind {
                case .address:
                    continue
                case .balancer(let file, _):
                    (scriptName, arguments) = ("ldirectord", [file])
                case .stateSync(let role):
                    (scriptName, arguments) = ("LVSSyncDaemonSwap", [role])
                case .command(let command, let words):
                    (scriptName, arguments) = (command, words)
                }
                let candidates = host.resourceDirectories.map { $0.hasSuffix("/") ? $0 + scriptName : $0 + "/" + scriptName }
                let script = candidates.first(where: host.isExecutable)
                let searched = host.resourceDirectories.count < 2 ? host.resourceDirectories.joined()
                    : host.resourceDirectories.dropLast().joined(separator: ", ") + " or " + host.resourceDirectories.last!
                if let script { resources.append(Resource(name: resource.text, command: [script] + arguments)) }
                let run = "'\(([script ?? scriptName] + arguments).joined(separator: " ")) start' after taking the addresses and 'stop' before releasing them"
                switch (resource.kind, script) {
                case (.balancer(let file, let path), .some):
                    d.append(.warning(at: resource.location,
                                      "\(resource.text) runs as Heartbeat ran it, \(run): Racimo has no load-balancer role yet; a later racimo will balance from \(path) itself",
                                      hint: "file \(file) is read by ldirectord, not by racimo"))
                case (.balancer(_, let path), nil):
                    d.append(.warning(at: resource.location,
                                      "\(resource.text) is skipped: there is no ldirectord script in \(searched), and Racimo has no load-balancer role yet to balance from \(path) itself",
                                      hint: "install ldirectord, or remove it from haresources"))
                case (.stateSync, .some):
                    d.append(.warning(at: resource.location,
                                      "\(resource.text) runs as Heartbeat ran it, \(run), to swap the IPVS connection-sync daemons: Racimo has no state sync yet; a later racimo will sync connection state itself"))
                case (.stateSync, nil):
                    d.append(.warning(at: resource.location,
                                      "\(resource.text) is skipped: there is no LVSSyncDaemonSwap script in \(searched), so connections through this director are not synced to the other; Racimo has no state sync yet",
                                      hint: "install Heartbeat's LVSSyncDaemonSwap script, or run the sync daemons with ipvsadm --start-daemon"))
                case (.command, nil):
                    d.append(.warning(at: resource.location,
                                      "\(resource.text) is skipped: there is no script \(scriptName) in \(searched), so Heartbeat could not have started this group",
                                      hint: "install it, or remove it from haresources"))
                default:
                    break
                }
            }

            var settings = VirtualRouter.Settings(name: name, virtualRouterID: vrid, primaryAddress: VRRPPlan.unspecified(.v4),
                                                  virtualAddresses: vips.map(\.address))
            settings.version = .v2
            settings.priority = priority
            settings.advertInterval = advert
            settings.preempt = c.preempt
            settings.initialState = .backup
            settings.authentication = authentication
            var instance = Instance(settings: settings, interface: interface, family: .v4)
            instance.virtualAddresses = vips
            instance.unicastPeers = peers
            instance.resources = resources
            instances.append(instance)

            let destination = peers.isEmpty ? "224.0.0.18" : peers.map(\.description).joined(separator: ", ")
            d.append(Diagnostic(.note, at: group.location,
                                "resource group of \(group.preferredNode) runs as VRRP instance \(name): virtual router ID \(vrid) (\(origin)), priority \(priority) on \(me), adverts every \(DurationLiteral.format(advert)) from \(interface) to \(destination) (IP protocol 112, not Heartbeat's UDP port \(c.udpPort))\(c.preempt ? "" : ", no failback")"))
        }

        if let instance = instances.first {
            let down = VRRPTiming.masterDownInterval(version: .v2, priority: instance.settings.priority, masterAdvertInterval: advert)
            d.append(Diagnostic(.note, at: start,
                                "a silent master is declared dead after 3 missed adverts plus the skew time (\(DurationLiteral.format(down)) for \(me) at priority \(instance.settings.priority)), VRRP's rule, not after deadtime (\(DurationLiteral.format(c.deadtime))); warntime and initdead have no equivalent"))
        }
        let diagnostics = sorted()
        return (diagnostics.hasErrors ? nil : VRRPPlan(instances: instances), diagnostics)
    }

    /// The ha.cf name `node` stands for: the same name in any case, else the one whose first
    /// label matches (`debian1` for `debian1.example.com` or the other way round).
    static func heartbeatNode(_ node: String, in nodes: [String]) -> String? {
        if let same = nodes.first(where: { $0.lowercased() == node.lowercased() }) { return same }
        func short(_ name: String) -> Substring { name.split(separator: ".").first ?? Substring(name) }
        let matches = nodes.filter { short($0.lowercased()) == short(node.lowercased()) }
        return matches.count == 1 ? matches[0] : nil
    }

    /// A group's VRID: 1 + FNV-1a-32 of its first address's dotted text, mod 255.
    public static func derivedVirtualRouterID(_ address: IPAddress) -> UInt8 {
        var hash: UInt32 = 0x811C_9DC5
        for byte in address.description.utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 0x0100_0193
        }
        return UInt8(1 + hash % 255)
    }

    /// VRRP v2's password for an authkeys key: the first 8 lowercase hex digits of the SHA-256
    /// of the key's UTF-8 bytes (`printf %s KEY | sha256sum | cut -c1-8`).
    public static func heartbeatPassword(forKey key: String) -> String {
        let digest = Array(SHA256.hash(data: Array(key.utf8)))
        let hex = Array("0123456789abcdef")
        return String(digest.prefix(4).flatMap { [hex[Int($0 >> 4)], hex[Int($0 & 0xF)]] })
    }

    /// IPaddr2's default broadcast `+`: the address with every host bit set; none for /31, /32.
    static func broadcast(of address: IPAddress, prefixLength: Int) -> IPAddress? {
        guard let value = address.ipv4Value, prefixLength <= 30 else { return nil }
        let host: UInt32 = prefixLength == 0 ? .max : (1 << UInt32(32 - prefixLength)) - 1
        return IPAddress(ipv4: value | host)
    }
}
