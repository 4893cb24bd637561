import RacimoCore
import Testing
import VRRP

@Suite("Heartbeat: ha.cf, haresources, authkeys")
struct HeartbeatTests {
    @Test("the seed's three files read into the expected model, with a warning for each ipfail line")
    func seed() throws {
        let (configuration, diagnostics) = heartbeat(haCf: Seeds.haCf, haresources: Seeds.haresources, authkeys: Seeds.authkeys)
        #expect(diagnostics == [
            "/etc/ha.d/ha.cf:1:1: note: 'logfacility local0' has no effect: racimo logs to standard error, which the journal keeps",
            "/etc/ha.d/ha.cf:7:1: warning: 'respawn hacluster /usr/lib/heartbeat/ipfail' is ignored: Heartbeat ran ipfail to move the resources away from a node that lost sight of its ping nodes, but this ha.cf has no 'ping' or 'ping_group', so ipfail never did anything (racimo vrrp gives up the addresses when their interface goes down; to also check that a router answers, use a keepalived.conf with a vrrp_script running ping)",
            "/etc/ha.d/ha.cf:8:1: warning: 'apiauth ipfail' is ignored: it let ipfail use Heartbeat's client API, which racimo does not have, and ipfail did nothing without ping nodes",
        ])
        let c = try #require(configuration)
        #expect(c.nodes == ["debian1", "debian2"])
        #expect(c.keepalive == .seconds(1) && c.deadtime == .seconds(30) && c.warntime == .seconds(15))
        #expect(c.initdead == .seconds(30) && c.deadping == .seconds(30) && c.udpPort == 694)
        #expect(c.media == [
            .broadcast(interface: "eth0"),
            .multicast(interface: "eth0", group: ip("225.0.0.1"), port: 694, ttl: 1, loop: false),
        ])
        #expect(c.autoFailback == .off && !c.preempt)
        #expect(c.watchdog == nil && c.pingNodes.isEmpty && c.pingGroups.isEmpty && !c.pacemaker)
        #expect(c.respawn == [.init(user: "hacluster", command: ["/usr/lib/heartbeat/ipfail"], location: at("/etc/ha.d/ha.cf", 7, 1))])
        #expect(c.apiAuth == [.init(client: "ipfail", users: ["hacluster"], groups: ["haclient"], location: at("/etc/ha.d/ha.cf", 8, 1))])
        #expect(c.logFacility == "local0" && c.logFile == nil && c.debugFile == nil)
        let r = "/etc/ha.d/haresources"
        #expect(c.resourceGroups == [
            .init(preferredNode: "debian1", resources: [
                .init(kind: .balancer(configFile: "ldirectord.cf", path: "/etc/ha.d/ldirectord.cf"),
                      text: "ldirectord::ldirectord.cf", location: at(r, 2, 9)),
                .init(kind: .stateSync(role: "master"), text: "LVSSyncDaemonSwap::master", location: at(r, 3, 9)),
                .init(kind: .address(.init(address: ip("192.168.0.105"), prefixLength: 24, interface: "eth0",
                                           broadcast: ip("192.168.0.255"), agent: "IPaddr2")),
                      text: "IPaddr2::192.168.0.105/24/eth0/192.168.0.255", location: at(r, 4, 9)),
            ], location: at(r, 1, 1)),
        ])
        #expect(c.authentication == .init(activeID: 3, keys: [
            .init(id: 3, method: .md5, secret: "ultramonkey", location: at("/etc/ha.d/authkeys", 2, 1)),
        ]))
        #expect(c.authentication.active?.secret == "ultramonkey")
        let group = c.resourceGroups[0]
        #expect(c.priority(of: "debian1", in: group) == 150)
        #expect(c.priority(of: "debian2", in: group) == 100)
        #expect(c.priority(of: "debian3", in: group) == nil)
        #expect(group.addresses.map(\.address) == [ip("192.168.0.105")])
    }

    @Test("the mode check Heartbeat makes on authkeys is the shell's, through this hook")
    func authkeysMode() {
        #expect(HeartbeatConfiguration.authkeysPermissionProblem(mode: 0o600, file: "/etc/ha.d/authkeys") == nil)
        #expect(HeartbeatConfiguration.authkeysPermissionProblem(mode: 0o100400, file: "/etc/ha.d/authkeys") == nil)
        // The seed's authkeys is stored with mode 0444: refused until chmod 600.
        #expect(HeartbeatConfiguration.authkeysPermissionProblem(mode: 0o444, file: "/etc/ha.d/authkeys")?.description
            == "error: authkeys file /etc/ha.d/authkeys can be accessed by group or others (mode 0444); Heartbeat refuses it and so does racimo (fix it with: chmod 600 /etc/ha.d/authkeys)")
        #expect(HeartbeatConfiguration.authkeysPermissionProblem(mode: 0o100620, file: "authkeys")?.description
            == "error: authkeys file authkeys can be accessed by group or others (mode 0620); Heartbeat refuses it and so does racimo (fix it with: chmod 600 authkeys)")
    }

    static let minimalHaCf = "node a b\nbcast eth0\nauto_failback on\n"
    static let minimalResources = "a 10.0.0.1\n"
    static let minimalKeys = "auth 1\n1 sha1 k3y\n"

    @Test("authkeys: one auth line naming a key; md5 and sha1 need a key, crc takes none and warns")
    func authkeys() {
        func read(_ text: String) -> (HeartbeatConfiguration.AuthKeys?, [String]) {
            let (c, d) = heartbeat(haCf: Self.minimalHaCf, haresources: Self.minimalResources, authkeys: text)
            return (c?.authentication, d)
        }
        let (two, twoDiagnostics) = read("# rotate\nauth 2\n1 md5 old#key\n2 sha1 new key words\n")
        #expect(two?.activeID == 2 && two?.keys.map(\.secret) == ["old#key", "new"])
        #expect(twoDiagnostics == [
            "/etc/ha.d/authkeys:4:12: warning: only the first word after 'sha1' is the key; the rest of the line is ignored, as Heartbeat does (a key cannot contain blanks)",
        ])
        #expect(read("auth 1\n1 crc\n").1 == [
            "/etc/ha.d/authkeys:2:1: warning: key 1 uses crc, which only detects damaged packets: anyone on the network can forge adverts (use sha1 with a long random key)",
        ])
        #expect(read("1 sha1 x\n").1 == [
            "/etc/ha.d/authkeys:1:1: error: authkeys has no 'auth N' line (add 'auth 1' before '1 sha1 KEY')",
        ])
        #expect(read("auth 2\n1 sha1 x\n").1 == [
            "/etc/ha.d/authkeys:1:6: error: 'auth 2' names no key in authkeys (add a line '2 sha1 KEY')",
        ])
        #expect(read("auth 1\n1 crc x\n2 md5\n3 shal x\n16 sha1 x\nauthe 1\n1 sha1 ok\n").1 == [
            "/etc/ha.d/authkeys:2:7: error: authentication method crc takes no key (use sha1 with the key)",
            "/etc/ha.d/authkeys:3:3: error: authentication method md5 needs a key",
            "/etc/ha.d/authkeys:4:3: error: unknown authentication method 'shal' in authkeys; did you mean 'sha1'? (use sha1 or md5)",
            "/etc/ha.d/authkeys:5:1: error: key number 16 in authkeys must be from 0 to 15",
            "/etc/ha.d/authkeys:6:1: error: invalid auth line in authkeys (write 'auth N', N being one of the keys below)",
        ])
    }

    @Test("ha.cf: what has no equivalent is a warning that says what it did and what to use")
    func noEquivalent() throws {
        let (configuration, diagnostics) = heartbeat(haCf: """
            serial /dev/ttyS0
            baud 19200
            watchdog /dev/watchdog
            node a, b
            ucast eth1 10.0.1.2
            respawn root /usr/local/bin/mon
            apiauth mon uid=root
            ping 10.0.0.254
            ping_group routers 10.0.0.253 10.0.0.252
            respawn hacluster /usr/lib/heartbeat/ipfail
            apiauth ipfail gid=haclient uid=hacluster
            stonith baytech /etc/ha.d/conf/stonith.baytech
            nice_failback on
            udp eth0
            hopfudge 1
            tipc
            """, haresources: Self.minimalResources, authkeys: Self.minimalKeys)
        #expect(diagnostics == [
            "/etc/ha.d/ha.cf:1:8: warning: serial link /dev/ttyS0 is ignored: Heartbeat also sent heartbeats over this cable, so the nodes still saw each other when the network failed; racimo vrrp has no serial links (add a second network link instead, e.g. 'ucast eth1 10.0.1.2' on a separate interface)",
            "/etc/ha.d/ha.cf:2:6: warning: 'baud 19200' is ignored: it set the speed of Heartbeat's serial links, which racimo vrrp does not have",
            "/etc/ha.d/ha.cf:3:1: warning: 'watchdog /dev/watchdog' is ignored: Heartbeat kept this device fed, so that the kernel rebooted the node if Heartbeat hung (use systemd's watchdog instead: WatchdogSec= in racimo's unit, RuntimeWatchdogSec= in system.conf)",
            "/etc/ha.d/ha.cf:6:1: warning: 'respawn root /usr/local/bin/mon' is ignored: Heartbeat started /usr/local/bin/mon as root and restarted it whenever it exited; racimo vrrp does not (run it as a service of its own, with Restart=always)",
            "/etc/ha.d/ha.cf:7:1: warning: 'apiauth mon' is ignored: it let mon use Heartbeat's client API, which racimo does not have",
            "/etc/ha.d/ha.cf:10:1: warning: 'respawn hacluster /usr/lib/heartbeat/ipfail' is ignored: Heartbeat ran ipfail to move the resources away from a node that lost sight of 10.0.0.254, 10.0.0.253, 10.0.0.252; racimo vrrp does not run it (use a keepalived.conf with a vrrp_script running ping to the same hosts)",
            "/etc/ha.d/ha.cf:11:1: warning: 'apiauth ipfail' is ignored: it let ipfail use Heartbeat's client API, which racimo does not have",
            "/etc/ha.d/ha.cf:12:1: warning: 'stonith' is ignored: Heartbeat powered off a failed node through this device before taking over its resources, and racimo vrrp cannot fence nodes (without fencing, a node cut off from its peers keeps its addresses; give the nodes a second link)",
            "/etc/ha.d/ha.cf:13:1: warning: 'nice_failback' is obsolete; it means 'auto_failback off'; did you mean 'auto_failback'?",
            "/etc/ha.d/ha.cf:14:1: warning: 'udp' is an old name of 'bcast'; did you mean 'bcast'?",
            "/etc/ha.d/ha.cf:15:1: note: 'hopfudge' has no effect in racimo vrrp",
            "/etc/ha.d/ha.cf:16:1: warning: link type 'tipc' is not supported by racimo vrrp and is ignored (use bcast, mcast or ucast)",
        ])
        let c = try #require(configuration)
        #expect(c.nodes == ["a", "b"])
        #expect(c.media == [.serial(device: "/dev/ttyS0"), .unicast(interface: "eth1", peer: "10.0.1.2"), .broadcast(interface: "eth0")])
        #expect(c.media.map(\.interface) == [nil, "eth1", "eth0"])
        #expect(c.pingNodes == ["10.0.0.254"] && c.pingGroups == [.init(name: "routers", hosts: ["10.0.0.253", "10.0.0.252"])])
        #expect(c.autoFailback == .off && c.watchdog == "/dev/watchdog")
    }

    @Test("ha.cf: Heartbeat's errors stop it, and they stop racimo")
    func haCfErrors() {
        let (configuration, diagnostics) = heartbeat(haCf: """
            keepalive 2s
            deadtime 3
            initdead 2
            udpport 70000
            mcast eth0 10.0.0.1 694 1 0
            mcast eth0 225.0.0.1 694 5 0
            mcast eth0
            auto_failback sometimes
            crm on
            nodes a
            """, haresources: "a 10.0.0.1\n", authkeys: Self.minimalKeys)
        #expect(configuration == nil)
        #expect(diagnostics == [
            "/etc/ha.d/ha.cf:1:1: error: ha.cf lists no node (add 'node NAME' for each machine, NAME as uname -n prints it)",
            "/etc/ha.d/ha.cf:1:1: error: ha.cf has no network link (bcast, mcast or ucast) (racimo vrrp sends its adverts on the interface of such a link)",
            "/etc/ha.d/ha.cf:1:1: warning: ha.cf does not set auto_failback; Heartbeat's default 'legacy' fails back like 'on' (write 'auto_failback on' or 'auto_failback off')",
            "/etc/ha.d/ha.cf:1:11: error: 'keepalive' must be a time, found \"2s\" (seconds without a unit (10, 1.5), or with ms or us (500ms))",
            "/etc/ha.d/ha.cf:3:10: error: initdead (2s) must not be shorter than deadtime (3s)",
            "/etc/ha.d/ha.cf:4:9: error: 'udpport' must be a port from 1 to 65535, found \"70000\"",
            "/etc/ha.d/ha.cf:5:12: error: 'mcast' group must be an IPv4 multicast address (224.0.0.0 to 239.255.255.255), found \"10.0.0.1\"",
            "/etc/ha.d/ha.cf:6:26: error: 'mcast' TTL must be from 0 to 4, found \"5\"",
            "/etc/ha.d/ha.cf:7:1: error: 'mcast' needs an interface, a group, a port, a TTL and a loop flag (e.g. mcast eth0 225.0.0.1 694 1 0)",
            "/etc/ha.d/ha.cf:8:15: error: 'auto_failback' must be on, off or legacy, found \"sometimes\"",
            "/etc/ha.d/ha.cf:9:1: error: 'crm on': Heartbeat took the resources from Pacemaker's CIB, not haresources, and racimo cannot read the CIB (write the resources to haresources and set 'crm off')",
            "/etc/ha.d/ha.cf:10:1: error: unknown directive 'nodes' in ha.cf; did you mean 'node'?",
        ])
    }

    @Test("ha.cf timing: Heartbeat's units and derived defaults")
    func timing() throws {
        func read(_ lines: String) throws -> HeartbeatConfiguration {
            let (c, d) = heartbeat(haCf: Self.minimalHaCf + lines, haresources: Self.minimalResources, authkeys: Self.minimalKeys)
            #expect(d.allSatisfy { !$0.contains("error") }, "\(d)")
            return try #require(c)
        }
        let fast = try read("keepalive 500ms\ndeadtime 2\nwarntime 1500MS\n")
        #expect(fast.keepalive == .milliseconds(500) && fast.deadtime == .seconds(2) && fast.warntime == .milliseconds(1500))
        #expect(fast.initdead == .seconds(12))
        let eight = try read("deadtime 8\n")
        #expect(eight.initdead == .seconds(16) && eight.warntime == .seconds(4))
        let (_, warning) = heartbeat(haCf: Self.minimalHaCf + "deadtime 4\ninitdead 5\n", haresources: Self.minimalResources,
                                     authkeys: Self.minimalKeys)
        #expect(warning == [
            "/etc/ha.d/ha.cf:5:10: warning: initdead (5s) may be too short for the network to come up after a boot (Heartbeat recommends at least 10s)",
        ])
        let (refused, error) = heartbeat(haCf: Self.minimalHaCf + "keepalive 2\ndeadtime 4\n", haresources: Self.minimalResources,
                                         authkeys: Self.minimalKeys)
        #expect(refused == nil)
        #expect(error == [
            "/etc/ha.d/ha.cf:5:10: error: deadtime (4s) must be more than twice keepalive (2s)",
        ])
        #expect(HeartbeatDuration.parse("10") == .seconds(10))
        #expect(HeartbeatDuration.parse("0.1") == .milliseconds(100))
        #expect(HeartbeatDuration.parse(".5") == .milliseconds(500))
        #expect(HeartbeatDuration.parse("1000000us") == .seconds(1))
        #expect(HeartbeatDuration.parse("2msec") == .milliseconds(2))
        #expect(HeartbeatDuration.parse("499us") == .zero)
        #expect(HeartbeatDuration.parse("501us") == .milliseconds(1))
        #expect(HeartbeatDuration.parse("5usec") == .zero)
        #expect(HeartbeatDuration.parse("10s") == nil)
        #expect(HeartbeatDuration.parse("-1") == nil)
        #expect(HeartbeatDuration.parse("1.2.3") == nil)
        #expect(HeartbeatDuration.parse("ms") == nil)
    }

    @Test("haresources: address forms, other resources, continuation lines and several groups")
    func resources() throws {
        let (configuration, diagnostics) = heartbeat(
            haCf: "node alpha beta\nbcast eth0\nauto_failback on\n",
            haresources: """
                # comment
                Alpha 10.0.0.10 IPaddr::10.0.0.11/24/eth0:web/10.0.0.255 \\
                    IPaddr2::10.0.0.12/255.255.255.0/10.0.0.255 httpd   # the web server
                beta IPaddr2::10.0.1.10/16 Filesystem::/dev/sda1::/data::ext3 ldirectord \\
                    LVSSyncDaemonSwap::backup
                """,
            authkeys: Self.minimalKeys, directory: "/srv/ha.d")
        #expect(diagnostics == [])
        let c = try #require(configuration)
        let r = "/srv/ha.d/haresources"
        #expect(c.resourceGroups == [
            .init(preferredNode: "Alpha", resources: [
                .init(kind: .address(.init(address: ip("10.0.0.10"), agent: "IPaddr")), text: "10.0.0.10", location: at(r, 2, 7)),
                .init(kind: .address(.init(address: ip("10.0.0.11"), prefixLength: 24, interface: "eth0", label: "web",
                                           broadcast: ip("10.0.0.255"), agent: "IPaddr")),
                      text: "IPaddr::10.0.0.11/24/eth0:web/10.0.0.255", location: at(r, 2, 17)),
                .init(kind: .address(.init(address: ip("10.0.0.12"), prefixLength: 24, broadcast: ip("10.0.0.255"), agent: "IPaddr2")),
                      text: "IPaddr2::10.0.0.12/255.255.255.0/10.0.0.255", location: at(r, 3, 5)),
                .init(kind: .command(name: "httpd", arguments: []), text: "httpd", location: at(r, 3, 49)),
            ], location: at(r, 2, 1)),
            .init(preferredNode: "beta", resources: [
                .init(kind: .address(.init(address: ip("10.0.1.10"), prefixLength: 16, agent: "IPaddr2")),
                      text: "IPaddr2::10.0.1.10/16", location: at(r, 4, 6)),
                .init(kind: .command(name: "Filesystem", arguments: ["/dev/sda1", "/data", "ext3"]),
                      text: "Filesystem::/dev/sda1::/data::ext3", location: at(r, 4, 28)),
                .init(kind: .balancer(configFile: "ldirectord.cf", path: "/srv/ha.d/ldirectord.cf"), text: "ldirectord",
                      location: at(r, 4, 63)),
                .init(kind: .stateSync(role: "backup"), text: "LVSSyncDaemonSwap::backup", location: at(r, 5, 5)),
            ], location: at(r, 4, 1)),
        ])
        #expect(c.priority(of: "alpha", in: c.resourceGroups[0]) == 150)
        #expect(c.priority(of: "beta", in: c.resourceGroups[0]) == 100)
        #expect(c.priority(of: "alpha", in: c.resourceGroups[1]) == 100)
    }

    @Test("haresources: mistakes Heartbeat would misread or refuse")
    func resourceErrors() {
        let (configuration, diagnostics) = heartbeat(
            haCf: "node alpha beta\nbcast eth0\nauto_failback on\n",
            haresources: "alpah 10.0.0.1\nbeta IPaddr2::10.0.0.300/24 \\ \n    IPaddr::fe80::1 LVSSyncDaemonSwap IPaddr2::10.0.0.2/33\nalpha IPaddr2::10.0.0.3/24/eth0/1.2\n",
            authkeys: Self.minimalKeys)
        #expect(configuration == nil)
        #expect(diagnostics == [
            "/etc/ha.d/haresources:1:1: error: node 'alpah' of haresources is not a node of ha.cf; did you mean 'alpha'? (the first word of a haresources line is the node that normally runs the group)",
            "/etc/ha.d/haresources:2:6: error: IPaddr2 address \"10.0.0.300\" is not an IPv4 address (IPv6 addresses were IPv6addr resources)",
            "/etc/ha.d/haresources:2:29: error: blanks after '\\' at the end of a haresources line: Heartbeat does not join the next line to it (remove the blanks after '\\')",
            "/etc/ha.d/haresources:3:5: error: IPaddr takes one argument, ADDRESS[/BITS[/INTERFACE[/BROADCAST]]], found \"IPaddr::fe80::1\"",
            "/etc/ha.d/haresources:3:21: error: LVSSyncDaemonSwap needs master or backup, found \"LVSSyncDaemonSwap\" (e.g. LVSSyncDaemonSwap::master)",
            "/etc/ha.d/haresources:3:39: error: netmask \"33\" of IPaddr2 10.0.0.2 must be 0 to 32 bits",
            "/etc/ha.d/haresources:4:7: error: broadcast \"1.2\" of IPaddr2 10.0.0.3 is not an IPv4 address",
        ])
    }
}
