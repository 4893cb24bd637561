import RacimoCore
import Testing
@testable import VRRP

/// What a Heartbeat cluster becomes when `racimo vrrp --heartbeat` runs it: one VRRP v2
/// instance per haresources line (docs/vrrp.md, "Heartbeat").
@Suite("VRRPPlan from Heartbeat's files")
struct VRRPPlanHeartbeatTests {
    static let hb = "/etc/ha.d"

    private func map(haCf: String = Seeds.haCf, haresources: String = Seeds.haresources, authkeys: String = Seeds.authkeys,
                     node: String, vrid: UInt8? = nil, host: VRRPPlan.HeartbeatHost = .assumed) throws
        -> (plan: VRRPPlan?, diagnostics: [String])
    {
        let (configuration, read) = heartbeat(haCf: haCf, haresources: haresources, authkeys: authkeys)
        let c = try #require(configuration, "\(read)")
        let (plan, diagnostics) = VRRPPlan.heartbeat(c, node: node, virtualRouterID: vrid, host: host)
        return (plan, diagnostics.all.map(\.description))
    }

    static let noScripts = VRRPPlan.HeartbeatHost(isExecutable: { _ in false }, subnetPrefix: { _, _ in nil }, isLocal: { _, _ in false })

    @Test("the seed's pair: one instance on eth0, 150 on debian1 and 100 on debian2, no preemption, the IPaddr2 VIP, the LVS resources in order")
    func seed() throws {
        let (plan, diagnostics) = try map(node: "debian1")
        let instance = try #require(plan?.instances.first)
        #expect(plan?.instances.count == 1 && plan?.groups == [] && plan?.scripts == [])
        let s = instance.settings
        #expect(s.name == "hb_1" && s.version == .v2 && s.virtualRouterID == 191)
        #expect(s.virtualRouterID == VRRPPlan.derivedVirtualRouterID(ip("192.168.0.105")))
        #expect(s.priority == 150 && s.preempt == false && s.initialState == .backup)
        #expect(s.advertInterval == .seconds(1) && s.downTimerAdverts == 3)
        #expect(s.authentication == .password("4815dc17"), "printf %s ultramonkey | sha256sum | cut -c1-8")
        #expect(s.virtualAddresses == [ip("192.168.0.105")])
        #expect(s.primaryAddress == VRRPPlan.unspecified(.v4))
        #expect(instance.interface == "eth0" && instance.family == .v4 && instance.unicastPeers.isEmpty && instance.tracksInterface)
        #expect(instance.virtualAddresses == [
            .init(address: ip("192.168.0.105"), prefixLength: 24, device: nil, broadcast: ip("192.168.0.255"),
                  location: at("/etc/ha.d/haresources", 4, 9)),
        ])
        #expect(instance.resources == [
            .init(name: "ldirectord::ldirectord.cf", command: ["/etc/ha.d/resource.d/ldirectord", "ldirectord.cf"]),
            .init(name: "LVSSyncDaemonSwap::master", command: ["/etc/ha.d/resource.d/LVSSyncDaemonSwap", "master"]),
        ])
        #expect(diagnostics == [
            "/etc/ha.d/ha.cf:1:1: note: a silent master is declared dead after 3 missed adverts plus the skew time (3.414062s for debian1 at priority 150), VRRP's rule, not after deadtime (30s); warntime and initdead have no equivalent",
            "/etc/ha.d/haresources:1:1: note: resource group of debian1 runs as VRRP instance hb_1: virtual router ID 191 (derived from 192.168.0.105; --vrid chooses another), priority 150 on debian1, adverts every 1s from eth0 to 224.0.0.18 (IP protocol 112, not Heartbeat's UDP port 694), no failback",
            "/etc/ha.d/haresources:2:9: warning: ldirectord::ldirectord.cf runs as Heartbeat ran it, '/etc/ha.d/resource.d/ldirectord ldirectord.cf start' after taking the addresses and 'stop' before releasing them: Racimo has no load-balancer role yet; a later racimo will balance from /etc/ha.d/ldirectord.cf itself (file ldirectord.cf is read by ldirectord, not by racimo)",
            "/etc/ha.d/haresources:3:9: warning: LVSSyncDaemonSwap::master runs as Heartbeat ran it, '/etc/ha.d/resource.d/LVSSyncDaemonSwap master start' after taking the addresses and 'stop' before releasing them, to swap the IPVS connection-sync daemons: Racimo has no state sync yet; a later racimo will sync connection state itself",
            "/etc/ha.d/authkeys:2:1: warning: key 3 (md5) becomes VRRP version 2's 8-character password, the first 8 hex digits of the key's SHA-256: the racimo nodes ignore adverts without it, but it travels in clear text in every advert, so it keeps clusters that share a network apart and does not authenticate messages as Heartbeat's md5 signatures did (keep the nodes' network trusted; a keepalived peer needs 'auth_pass' set to the output of: printf %s KEY | sha256sum | cut -c1-8)",
        ])

        // The other node: the same virtual router, at 100.
        let (other, otherDiagnostics) = try map(node: "debian2")
        let backup = try #require(other?.instances.first)
        #expect(backup.settings.priority == 100 && backup.settings.virtualRouterID == 191)
        #expect(backup.settings.authentication == .password("4815dc17") && backup.settings.preempt == false)
        #expect(backup.virtualAddresses == instance.virtualAddresses && backup.resources == instance.resources)
        #expect(otherDiagnostics.first?.contains("(3.609375s for debian2 at priority 100)") == true)
    }

    @Test("the node is matched as Heartbeat matched uname -n, in any case and by its first label; an unknown one is an error")
    func node() throws {
        #expect(try map(node: "DEBIAN1").plan?.instances.first?.settings.priority == 150)
        #expect(try map(node: "debian2.example.com").plan?.instances.first?.settings.priority == 100)
        let fqdn = Seeds.haCf.replacingOccurrences(of: "debian1", with: "debian1.example.com")
        let fqdnResources = Seeds.haresources.replacingOccurrences(of: "debian1", with: "debian1.example.com")
        #expect(try map(haCf: fqdn, haresources: fqdnResources, node: "debian1").plan?.instances.first?.settings.priority == 150)
        let (plan, diagnostics) = try map(node: "debian3")
        #expect(plan == nil)
        #expect(diagnostics == [
            "/etc/ha.d/ha.cf:1:1: error: this host, debian3, is not a node of ha.cf (debian1, debian2); did you mean 'debian1'? (Heartbeat matched the 'node' lines with uname -n; pass --node NAME to say which node this host is)",
        ])
    }

    @Test("a resource without a script is skipped with a warning naming where Heartbeat looked")
    func missingScripts() throws {
        let (plan, diagnostics) = try map(haresources: Seeds.haresources.replacingOccurrences(of: "\\\n        IPaddr2", with: "httpd::8080 \\\n        IPaddr2"),
                                          node: "debian2", host: Self.noScripts)
        #expect(plan?.instances.first?.resources == [])
        #expect(plan?.instances.first?.virtualAddresses.map(\.address) == [ip("192.168.0.105")])
        #expect(diagnostics.filter { $0.contains("skipped") } == [
            "/etc/ha.d/haresources:2:9: warning: ldirectord::ldirectord.cf is skipped: there is no ldirectord script in /etc/ha.d/resource.d or /etc/init.d, and Racimo has no load-balancer role yet to balance from /etc/ha.d/ldirectord.cf itself (install ldirectord, or remove it from haresources)",
            "/etc/ha.d/haresources:3:9: warning: LVSSyncDaemonSwap::master is skipped: there is no LVSSyncDaemonSwap script in /etc/ha.d/resource.d or /etc/init.d, so connections through this director are not synced to the other; Racimo has no state sync yet (install Heartbeat's LVSSyncDaemonSwap script, or run the sync daemons with ipvsadm --start-daemon)",
            "/etc/ha.d/haresources:3:35: warning: httpd::8080 is skipped: there is no script httpd in /etc/ha.d/resource.d or /etc/init.d, so Heartbeat could not have started this group (install it, or remove it from haresources)",
        ])

        // Scripts are found as Heartbeat found them: resource.d first, then init.d.
        let initd = VRRPPlan.HeartbeatHost(isExecutable: { $0.hasPrefix("/etc/init.d/") }, subnetPrefix: { _, _ in nil }, isLocal: { _, _ in false })
        let (found, _) = try map(haresources: "debian1 10.0.0.5/24 httpd::8080 mysql\n", node: "debian1", host: initd)
        #expect(found?.instances.first?.resources == [
            .init(name: "httpd::8080", command: ["/etc/init.d/httpd", "8080"]),
            .init(name: "mysql", command: ["/etc/init.d/mysql"]),
        ])
    }

    @Test("keepalive is rounded to VRRP v2's whole seconds; auto_failback on preempts")
    func timing() throws {
        let fast = "node a b\nbcast eth1\nauto_failback on\nkeepalive 500ms\ndeadtime 5\n"
        let (plan, diagnostics) = try map(haCf: fast, haresources: "a 10.0.0.5/24\n", authkeys: "auth 1\n1 crc\n", node: "b")
        let s = try #require(plan?.instances.first?.settings)
        #expect(s.advertInterval == .seconds(1) && s.preempt && s.authentication == VRRPAuthentication.none)
        #expect(plan?.instances.first?.interface == "eth1")
        #expect(diagnostics == [
            "/etc/ha.d/ha.cf:1:1: warning: keepalive 500ms becomes an advert every 1s: VRRP version 2 counts whole seconds",
            "/etc/ha.d/ha.cf:1:1: note: a silent master is declared dead after 3 missed adverts plus the skew time (3.609375s for b at priority 100), VRRP's rule, not after deadtime (5s); warntime and initdead have no equivalent",
            "/etc/ha.d/haresources:1:1: note: resource group of a runs as VRRP instance hb_1: virtual router ID \(VRRPPlan.derivedVirtualRouterID(ip("10.0.0.5"))) (derived from 10.0.0.5; --vrid chooses another), priority 100 on b, adverts every 1s from eth1 to 224.0.0.18 (IP protocol 112, not Heartbeat's UDP port 694)",
        ])
        let slow = try map(haCf: "node a b\nbcast eth0\nauto_failback on\nkeepalive 2\ndeadtime 10\n", haresources: "a 10.0.0.5\n",
                           authkeys: "auth 1\n1 sha1 k\n", node: "a")
        #expect(slow.plan?.instances.first?.settings.advertInterval == .seconds(2))
    }

    @Test("VRIDs: derived per group and kept apart, or from --vrid for the first group and the next for the others")
    func virtualRouterIDs() throws {
        // Two first addresses that hash to the same VRID: the second group takes the next one.
        var seen: [UInt8: IPAddress] = [:]
        var pair: (IPAddress, IPAddress)?
        for last in 1...254 where pair == nil {
            let address = IPAddress(ipv4: 0x0A00_0000 | UInt32(last))
            let id = VRRPPlan.derivedVirtualRouterID(address)
            if let earlier = seen[id] { pair = (earlier, address) } else { seen[id] = address }
        }
        let (a, b) = try #require(pair)
        let haCf = "node n1 n2\nbcast eth0\nauto_failback on\n"
        let groups = "n1 \(a)/8\nn2 \(b)/8 httpd\n"
        let (plan, _) = try map(haCf: haCf, haresources: groups, node: "n2")
        let first = VRRPPlan.derivedVirtualRouterID(a)
        #expect(plan?.instances.map(\.settings.virtualRouterID) == [first, first == 255 ? 1 : first + 1])
        #expect(plan?.instances.map(\.settings.name) == ["hb_1", "hb_2"])
        #expect(plan?.instances.map(\.settings.priority) == [100, 150])

        let (chosen, diagnostics) = try map(haCf: haCf, haresources: groups, node: "n1", vrid: 51)
        #expect(chosen?.instances.map(\.settings.virtualRouterID) == [51, 52])
        #expect(diagnostics.contains { $0.contains("virtual router ID 52 (from --vrid)") })
        let (none, errors) = try map(haCf: haCf, haresources: groups, node: "n1", vrid: 255)
        #expect(none == nil)
        #expect(errors.contains("/etc/ha.d/haresources:2:1: error: --vrid 255 leaves no virtual router ID for resource group 2 (group N gets ID 255+N-1, at most 255)"))
    }

    @Test("addresses: netmask from the interface's subnet, else /32; broadcast '+'; labels; another device")
    func addresses() throws {
        let haCf = "node a b\nbcast eth0\nauto_failback on\n"
        let resources = "a IPaddr::10.0.0.5 IPaddr2::10.0.1.6/25/eth0:web IPaddr2::172.16.0.7/30/eth2/172.16.0.4 IPaddr::192.168.9.9\n"
        let host = VRRPPlan.HeartbeatHost(isExecutable: { _ in true },
                                          subnetPrefix: { address, interface in interface == "eth0" && address.bytes[0] == 10 ? 16 : nil },
                                          isLocal: { _, _ in false })
        let (plan, diagnostics) = try map(haCf: haCf, haresources: resources, node: "a", host: host)
        let r = "/etc/ha.d/haresources"
        #expect(plan?.instances.first?.virtualAddresses == [
            .init(address: ip("10.0.0.5"), prefixLength: 16, broadcast: ip("10.0.255.255"), location: at(r, 1, 3)),
            .init(address: ip("10.0.1.6"), prefixLength: 25, broadcast: ip("10.0.1.127"), label: "eth0:web", location: at(r, 1, 20)),
            .init(address: ip("172.16.0.7"), prefixLength: 30, device: "eth2", broadcast: ip("172.16.0.4"), location: at(r, 1, 50)),
            .init(address: ip("192.168.9.9"), prefixLength: 32, location: at(r, 1, 89)),
        ])
        #expect(diagnostics.contains(
            "/etc/ha.d/haresources:1:89: warning: IPaddr 192.168.9.9 has no netmask and no subnet of eth0 holds it: racimo adds it as 192.168.9.9/32, where Heartbeat could not start it (write the netmask, e.g. IPaddr::192.168.9.9/24/eth0)"))
    }

    @Test("ucast-only links become unicast peers without this node's own address; several links warn")
    func unicast() throws {
        let haCf = "node a b\nucast eth1 10.0.1.1\nucast eth1 10.0.1.2\nucast eth1 peer-b\nbcast eth2\nauto_failback off\n"
        let host = VRRPPlan.HeartbeatHost(isExecutable: { _ in true }, subnetPrefix: { _, _ in nil },
                                          isLocal: { address, interface in interface == "eth1" && address == ip("10.0.1.1") })
        let (plan, diagnostics) = try map(haCf: haCf, haresources: "a 10.0.1.100/24\n", node: "a", host: host)
        let instance = try #require(plan?.instances.first)
        #expect(instance.interface == "eth1" && instance.unicastPeers == [ip("10.0.1.2")])
        #expect(Array(diagnostics.prefix(2)) == [
            "/etc/ha.d/ha.cf:1:1: warning: heartbeat links on eth2 are not used: racimo vrrp sends its adverts on eth1 only, where Heartbeat sent heartbeats on every link so that one failed network did not split the nodes (bond the interfaces and name the bond in ha.cf, so that the adverts survive one network failing)",
            "/etc/ha.d/ha.cf:1:1: warning: 'ucast eth1 peer-b' is not used: racimo vrrp needs the peer's IPv4 address, not a name (write 'ucast eth1 ADDRESS')",
        ])
        #expect(diagnostics.contains { $0.contains("from eth1 to 10.0.1.2 (IP protocol 112") })
    }

    @Test("a group without an address cannot run; keys other than the active one are noted")
    func groupsAndKeys() throws {
        let haCf = "node a b\nbcast eth0\nauto_failback on\n"
        let (plan, diagnostics) = try map(haCf: haCf, haresources: "a 10.0.0.5/24\nb drbddisk::r0 Filesystem::/dev/drbd0::/srv\n",
                                          authkeys: "auth 2\n1 md5 old\n2 sha1 new\n", node: "a")
        #expect(plan == nil)
        #expect(diagnostics.contains(
            "/etc/ha.d/haresources:2:1: error: resource group of b has no IPaddr or IPaddr2 resource: racimo vrrp starts a group's resources when it takes the group's addresses (add the group's service address, e.g. IPaddr2::10.0.0.10/24/eth0)"))
        #expect(diagnostics.contains(
            "/etc/ha.d/authkeys:2:1: note: key 1 is not used: racimo checks adverts against the 'auth 2' key only, where Heartbeat accepted every key listed (change the key on both nodes together)"))
        let (keyed, _) = try map(haCf: haCf, haresources: "a 10.0.0.5/24\n", authkeys: "auth 2\n1 md5 old\n2 sha1 new\n", node: "b")
        #expect(keyed?.instances.first?.settings.authentication == .password(VRRPPlan.heartbeatPassword(forKey: "new")))
        #expect(VRRPPlan(heartbeat: try #require(heartbeat(haCf: haCf, haresources: "a 10.0.0.5/24\n", authkeys: Seeds.authkeys).configuration),
                         node: "b") != nil)
    }

    @Test("the password is the first 8 hex digits of the key's SHA-256, as sha256sum prints it")
    func password() {
        // printf %s ultramonkey | sha256sum | cut -c1-8
        #expect(VRRPPlan.heartbeatPassword(forKey: "ultramonkey") == "4815dc17")
        #expect(VRRPPlan.heartbeatPassword(forKey: "") == "e3b0c442")
    }
}
