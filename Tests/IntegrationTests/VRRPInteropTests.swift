import Foundation
import RacimoCore
import LinuxSupport
import RacimoTestKit
import Testing
import VRRP

/// Racimo's VRRP against Debian's keepalived on one segment: each must see the other's adverts
/// as a real VRRP router's, for v2 and v3, whichever has the higher priority.
@Suite("VRRP interop with keepalived in network namespaces", .serialized)
struct VRRPInteropTests {
    static var keepalivedInstalled: Bool { FileManager.default.isExecutableFile(atPath: "/usr/sbin/keepalived") }

    /// h1 runs racimo, h2 keepalived, both on eth0 of one bridge; the test listens on the bridge.
    final class Pair {
        let hosts: NetnsCluster
        let folder: String
        let recorder: AdvertRecorder
        let version: Int
        let interval: String
        var racimo: Int32?
        var keepalived: Int32?

        let ipv6: Bool

        init(version: Int, interval: String, ipv6: Bool = false) throws {
            self.ipv6 = ipv6
            hosts = try NetnsCluster(hosts: 2)
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("vrrp-\(hosts.name)").path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            recorder = try AdvertRecorder(interface: "\(hosts.name)-br")
            self.version = version
            self.interval = interval
        }

        deinit {
            recorder.stop()
            hosts.down()
            try? FileManager.default.removeItem(atPath: folder)
        }

        var vip: String { ipv6 ? "fd00:213:\(hosts.subnet)::200" : "10.213.\(hosts.subnet).200" }
        func address(of host: Int) -> IPAddress { IPAddress(parsing: hosts.address(of: host))! }

        func configuration(priority: Int, preamble: String = "", instanceLines: String = "") -> String {
            """
            \(preamble)
            vrrp_instance VI_1 {
                \(instanceLines)
                state BACKUP
                interface eth0
                virtual_router_id 51
                priority \(priority)
                advert_int \(interval)
                version \(version)
                virtual_ipaddress {
                    \(vip)/\(ipv6 ? 64 : 16)
                }
            }

            """
        }

        func startRacimo(priority: Int, preamble: String = "", instanceLines: String = "") throws {
            let path = "\(folder)/racimo.conf"
            try configuration(priority: priority, preamble: preamble, instanceLines: instanceLines)
                .write(toFile: path, atomically: true, encoding: .utf8)
            racimo = try hosts.spawn(on: 1, [RacimoBinary.path, "vrrp", "-f", path, "--status-file", "\(folder)/status.json"],
                                     log: "\(folder)/racimo.log")
        }

        func startKeepalived(priority: Int, instanceLines: String = "") throws {
            let path = "\(folder)/keepalived.conf"
            try configuration(priority: priority, instanceLines: instanceLines).write(toFile: path, atomically: true, encoding: .utf8)
            keepalived = try hosts.spawn(on: 2, ["/usr/sbin/keepalived", "-n", "-l", "-D", "-P", "-f", path,
                                                 "-p", "\(folder)/keepalived.pid", "-r", "\(folder)/vrrp.pid"],
                                         log: "\(folder)/keepalived.log")
        }

        func stop(_ pid: Int32?, signal: Int32 = SIGTERM) {
            guard let pid else { return }
            hosts.kill(pid: pid, signal: signal)
            _ = hosts.waitForExit(pid: pid, timeout: .seconds(5))
        }

        /// Whether `host` has the VIP on eth0.
        func holdsVIP(_ host: Int) -> Bool {
            let result = try? hosts.run(on: host, ["ip", "-o", ipv6 ? "-6" : "-4", "addr", "show", "dev", "eth0"], timeout: .seconds(5))
            return result?.stdout.contains(" \(vip)/") ?? false
        }

        /// Polls until only `host` holds the VIP.
        func waitForVIP(on host: Int, timeout: Duration = .seconds(15)) -> Bool {
            pollUntil(timeout: timeout, interval: .milliseconds(50)) { holdsVIP(host) && !holdsVIP(3 - host) }
        }

        /// `racimo vrrp status --json` as the running racimo last wrote it.
        var status: String { (try? String(contentsOfFile: "\(folder)/status.json", encoding: .utf8)) ?? "" }

        /// The status file's count of adverts heard from another master while master.
        var twoMastersSeen: Int {
            let json = try? JSONSerialization.jsonObject(with: Data(status.utf8)) as? [String: Any]
            return json?["twoMastersSeen"] as? Int ?? 0
        }

        var logs: String {
            let read = { (name: String) in (try? String(contentsOfFile: "\(self.folder)/\(name)", encoding: .utf8)) ?? "" }
            return "racimo:\n\(read("racimo.log"))\nkeepalived:\n\(read("keepalived.log"))"
        }
    }

    @Test("racimo and keepalived elect, fail over, preempt and yield to each other",
          .enabled(if: NetnsCluster.isRoot && keepalivedInstalled, "needs root and keepalived"),
          arguments: [(2, "1"), (3, "0.1")])
    func interop(version: Int, interval: String) throws {
        let pair = try Pair(version: version, interval: interval)
        let advert = Duration.milliseconds(Int64((Double(interval)! * 1000).rounded()))

        // racimo 150, keepalived 100: racimo is master.
        try pair.startKeepalived(priority: 100)
        try pair.startRacimo(priority: 150)
        #expect(pair.waitForVIP(on: 1), "racimo should be master\n\(pair.logs)")
        let settled = ContinuousClock.now

        // kill -9 of racimo: keepalived takes the VIP (racimo's copy stays on h1's eth0, as
        // with any daemon killed -9; the test looks at h2).
        let killed = ContinuousClock.now
        pair.stop(pair.racimo, signal: SIGKILL)
        #expect(pollUntil(timeout: .seconds(15), interval: .milliseconds(50)) { pair.holdsVIP(2) }, "keepalived should take over\n\(pair.logs)")
        if let first = pair.recorder.firstAdvert(from: pair.address(of: 2), after: killed) {
            print("figure: vrrp_interop_v\(version)_kill9_keepalived_master_after: \(first - killed)")
        }

        // racimo restarted: it clears the stale VIP, then preempts keepalived.
        try pair.startRacimo(priority: 150)
        #expect(pair.waitForVIP(on: 1), "racimo should preempt\n\(pair.logs)")
        let overlap = pair.recorder.longestTwoMasters(since: settled, interval: advert)
        print("figure: vrrp_interop_v\(version)_two_masters_longest: \(overlap)")
        #expect(overlap <= advert, "two masters for \(overlap)")

        // Priorities swapped: keepalived 150 is master, racimo 100 stays backup.
        pair.stop(pair.racimo)
        pair.stop(pair.keepalived)
        try pair.startRacimo(priority: 100)
        try pair.startKeepalived(priority: 150)
        #expect(pair.waitForVIP(on: 2), "keepalived should be master\n\(pair.logs)")
        let swapped = ContinuousClock.now
        #expect(pollUntil(timeout: .seconds(3), interval: .milliseconds(100)) { pair.holdsVIP(1) } == false)
        #expect(pair.recorder.longestTwoMasters(since: swapped, interval: advert) <= advert)
        let status = try String(contentsOfFile: "\(pair.folder)/status.json", encoding: .utf8)
        #expect(status.contains("\"state\" : \"backup\""), "racimo vrrp status: \(status)")
        #expect(status.contains("\"master\" : \"\(pair.hosts.address(of: 2))\""), "racimo vrrp status: \(status)")

        pair.stop(pair.racimo)
        pair.stop(pair.keepalived)
    }

    @Test("a failing track_script with weight -60 hands the VIP to keepalived; with weight 0 racimo goes to FAULT",
          .enabled(if: NetnsCluster.isRoot && keepalivedInstalled, "needs root and keepalived"))
    func trackScript() throws {
        let pair = try Pair(version: 3, interval: "0.1")
        let flag = "\(pair.folder)/healthy"
        FileManager.default.createFile(atPath: flag, contents: nil)
        func script(weight: Int) -> String {
            """
            vrrp_script chk_service {
                script "/usr/bin/test -e \(flag)"
                interval 0.2
                weight \(weight)
            }
            """
        }
        let track = "track_script {\n        chk_service\n    }"

        try pair.startKeepalived(priority: 100)
        try pair.startRacimo(priority: 150, preamble: script(weight: -60), instanceLines: track)
        #expect(pair.waitForVIP(on: 1), "racimo 150 should be master\n\(pair.logs)")

        // The check fails: 150 - 60 = 90 < 100, keepalived preempts.
        try FileManager.default.removeItem(atPath: flag)
        #expect(pair.waitForVIP(on: 2), "keepalived should take over from racimo at 90\n\(pair.logs)")
        #expect(pollUntil(timeout: .seconds(2), interval: .milliseconds(100)) { pair.status.contains("\"effectivePriority\" : 90") },
                "racimo vrrp status: \(pair.status)")

        // It passes again: back to 150, racimo preempts.
        FileManager.default.createFile(atPath: flag, contents: nil)
        #expect(pair.waitForVIP(on: 1), "racimo should preempt back at 150\n\(pair.logs)")

        // Weight 0: a failing check is FAULT, and the VIP goes.
        pair.stop(pair.racimo)
        try pair.startRacimo(priority: 150, preamble: script(weight: 0), instanceLines: track)
        #expect(pair.waitForVIP(on: 1), "racimo should be master again\n\(pair.logs)")
        try FileManager.default.removeItem(atPath: flag)
        #expect(pair.waitForVIP(on: 2), "racimo in FAULT should release the VIP\n\(pair.logs)")
        #expect(pollUntil(timeout: .seconds(2), interval: .milliseconds(100)) { pair.status.contains("\"state\" : \"fault\"") },
                "racimo vrrp status: \(pair.status)")

        pair.stop(pair.racimo)
        pair.stop(pair.keepalived)
    }

    @Test("split brain: both sides master while cut apart; on healing racimo counts two masters and yields to keepalived's higher priority",
          .enabled(if: NetnsCluster.isRoot && keepalivedInstalled, "needs root and keepalived"))
    func splitBrain() throws {
        // racimo is the lower side: whichever advert goes first after healing, racimo hears one
        // from keepalived while it is still master (keepalived re-advertises on hearing a lower
        // priority, RFC 9568), so the count does not depend on who speaks first.
        let pair = try Pair(version: 3, interval: "0.1")
        try pair.startKeepalived(priority: 150)
        try pair.startRacimo(priority: 100)
        #expect(pair.waitForVIP(on: 2), "keepalived 150 should be master\n\(pair.logs)")

        // Isolated bridge ports cannot reach each other, but their links stay up (no FAULT):
        // each side hears no master and racimo takes the VIP too.
        func isolate(_ on: Bool) throws {
            try pair.hosts.setIsolated(1, on)
            try pair.hosts.setIsolated(2, on)
        }
        try isolate(true)
        #expect(pollUntil(timeout: .seconds(5), interval: .milliseconds(50)) { pair.holdsVIP(2) && pair.holdsVIP(1) },
                "both should hold the VIP while apart\n\(pair.logs)")

        let healed = ContinuousClock.now
        try isolate(false)
        #expect(pollUntil(timeout: .seconds(5), interval: .milliseconds(50)) { !pair.holdsVIP(1) }, "racimo should yield\n\(pair.logs)")
        #expect(pair.holdsVIP(2))
        // The overlap ends with the first advert each side hears from the other.
        let overlap = pair.recorder.longestTwoMasters(since: healed + .milliseconds(100), interval: .milliseconds(100))
        print("figure: vrrp_split_brain_two_masters_after_heal: \(overlap)")
        #expect(overlap <= .milliseconds(100))
        #expect(pollUntil(timeout: .seconds(3), interval: .milliseconds(100)) { pair.twoMastersSeen >= 1 },
                "racimo vrrp status: \(pair.status)")
        #expect(pair.status.contains("two masters seen"), "the timeline names the conflict: \(pair.status)")

        pair.stop(pair.racimo)
        pair.stop(pair.keepalived)
    }

    @Test("the agent's vrrp role runs a keepalived.conf, and SIGTERM hands the VIP over with priority 0",
          .enabled(if: NetnsCluster.isRoot && keepalivedInstalled, "needs root and keepalived"))
    func agentRole() throws {
        let pair = try Pair(version: 3, interval: "0.1")
        var random = SystemRandomNumberGenerator()
        let node = try TestNode(name: "h1", key: ClusterKey.generate(using: &random))
        let keepalivedConf = "\(pair.folder)/racimo.conf"
        try pair.configuration(priority: 150).write(toFile: keepalivedConf, atomically: true, encoding: .utf8)
        try node.configure(raw: """
            [node]
            name = "h1"
            listen = "0.0.0.0:9401"
            addresses = ["\(pair.hosts.address(of: 1)):9401"]

            [cluster]
            key_file = "cluster.key"

            [vrrp]
            keepalived_conf = "\(keepalivedConf)"
            status_file = "\(pair.folder)/status.json"
            """)
        try pair.startKeepalived(priority: 100)
        let agent = try pair.hosts.spawn(on: 1, [RacimoBinary.path, "agent", "-c", node.configPath], log: node.logPath)
        #expect(pair.waitForVIP(on: 1), "the agent's vrrp role should be master\n\(node.log)\n\(pair.logs)")

        let stopped = ContinuousClock.now
        pair.hosts.kill(pid: agent, signal: SIGTERM)
        #expect(pair.waitForVIP(on: 2), "keepalived should take over\n\(node.log)\n\(pair.logs)")
        print("figure: vrrp_agent_sigterm_keepalived_holds_vip_after: \(ContinuousClock.now - stopped)")
        #expect(pair.hosts.waitForExit(pid: agent, timeout: .seconds(5)) == 0, "agent log:\n\(node.log)")
        pair.stop(pair.keepalived)
    }

    @Test("over IPv6 (v3, ff02::12, link-local sources) racimo is master and keepalived takes over on kill -9",
          .enabled(if: NetnsCluster.isRoot && keepalivedInstalled, "needs root and keepalived"))
    func ipv6() throws {
        let pair = try Pair(version: 3, interval: "0.1", ipv6: true)
        try pair.startKeepalived(priority: 100)
        try pair.startRacimo(priority: 150)
        #expect(pair.waitForVIP(on: 1), "racimo should be master over IPv6\n\(pair.logs)")
        pair.stop(pair.racimo, signal: SIGKILL)
        #expect(pollUntil(timeout: .seconds(10), interval: .milliseconds(50)) { pair.holdsVIP(2) }, "keepalived should take over\n\(pair.logs)")
        try pair.startRacimo(priority: 150)
        #expect(pair.waitForVIP(on: 1), "racimo should preempt over IPv6\n\(pair.logs)")
        pair.stop(pair.racimo)
        pair.stop(pair.keepalived)
    }

    @Test("notify_master runs on taking over; malformed adverts are counted by reason and change nothing",
          .enabled(if: NetnsCluster.isRoot && keepalivedInstalled, "needs root and keepalived"))
    func notifyAndMalformed() throws {
        let pair = try Pair(version: 3, interval: "0.1")
        let marker = "\(pair.folder)/became-master"
        try pair.startRacimo(priority: 150, instanceLines: "notify_master \"/usr/bin/touch \(marker)\"")
        #expect(pair.waitForVIP(on: 1), "racimo alone should be master\n\(pair.logs)")
        #expect(pollUntil(timeout: .seconds(3), interval: .milliseconds(50)) { FileManager.default.fileExists(atPath: marker) },
                "notify_master should have run\n\(pair.logs)")

        // From the bridge: a v3 advert for VRID 51 at priority 200 (which would win) with its
        // checksum broken, one with version 4, and one cut short.
        let socket = try VRRPSocket(interface: NetworkInterface.named("\(pair.hosts.name)-br"), family: .ipv4)
        defer { socket.close() }
        let bridge = IPAddress(parsing: pair.hosts.bridgeAddress)!
        let group = IPAddress(parsing: "224.0.0.18")!
        let winner = Advertisement(version: .v3, virtualRouterID: 51, priority: 200, interval: .milliseconds(100),
                                   addresses: [IPAddress(parsing: pair.vip)!], authentication: .none)
        var badChecksum = winner.encode(addresses: PacketAddresses(source: bridge, destination: group))
        badChecksum[6] ^= 0xFF
        var badVersion = winner.encode(addresses: PacketAddresses(source: bridge, destination: group))
        badVersion[0] = 0x41
        for bytes in [badChecksum, badVersion, [0x31, 51, 200, 1, 0]] {
            try socket.send(bytes, to: group.bytes)
        }
        let counted = pollUntil(timeout: .seconds(3), interval: .milliseconds(100)) {
            let json = try? JSONSerialization.jsonObject(with: Data(pair.status.utf8)) as? [String: Any]
            let dropped = json?["dropped"] as? [String: Int] ?? [:]
            return dropped["checksum"] == 1 && dropped["version"] == 1 && dropped["truncated"] == 1
        }
        #expect(counted, "racimo vrrp status: \(pair.status)")
        // None of them reached the state machine: had one, racimo would have yielded to 200.
        let json = try JSONSerialization.jsonObject(with: Data(pair.status.utf8)) as? [String: Any]
        let instance = (json?["instances"] as? [[String: Any]])?.first
        #expect(instance?["advertsReceived"] as? Int == 0, "racimo vrrp status: \(pair.status)")
        #expect(instance?["becameMaster"] as? Int == 1, "racimo vrrp status: \(pair.status)")
        #expect(pair.holdsVIP(1))
        pair.stop(pair.racimo)
    }

    @Test("with unicast peers instead of multicast, racimo and keepalived elect and fail over",
          .enabled(if: NetnsCluster.isRoot && keepalivedInstalled, "needs root and keepalived"))
    func unicast() throws {
        let pair = try Pair(version: 3, interval: "0.1")
        func peers(me: Int, peer: Int) -> String {
            "unicast_src_ip \(pair.hosts.address(of: me))\n    unicast_peer {\n        \(pair.hosts.address(of: peer))\n    }"
        }
        try pair.startRacimo(priority: 150, instanceLines: peers(me: 1, peer: 2))
        #expect(pair.waitForVIP(on: 1), "racimo alone should be master\n\(pair.logs)")
        // keepalived, started second, hears racimo's unicast adverts and stays backup.
        try pair.startKeepalived(priority: 100, instanceLines: peers(me: 2, peer: 1))
        #expect(!pollUntil(timeout: .seconds(2), interval: .milliseconds(100)) { pair.holdsVIP(2) }, "\(pair.logs)")
        pair.stop(pair.racimo, signal: SIGKILL)
        #expect(pollUntil(timeout: .seconds(10), interval: .milliseconds(50)) { pair.holdsVIP(2) }, "keepalived should take over\n\(pair.logs)")
        // Restarted, racimo hears keepalived's unicast adverts as a backup, then preempts, and
        // keepalived hears it and lets the VIP go.
        try pair.startRacimo(priority: 150, instanceLines: peers(me: 1, peer: 2))
        #expect(pair.waitForVIP(on: 1), "racimo should preempt over unicast\n\(pair.logs)")
        let json = try JSONSerialization.jsonObject(with: Data(pair.status.utf8)) as? [String: Any]
        let heard = (json?["instances"] as? [[String: Any]])?.first?["advertsReceived"] as? Int ?? 0
        #expect(heard > 0, "racimo vrrp status: \(pair.status)")
        pair.stop(pair.racimo)
        pair.stop(pair.keepalived)
    }

    @Test("notify scripts run as the user the configuration names, never silently as root",
          .enabled(if: NetnsCluster.isRoot && keepalivedInstalled, "needs root and keepalived"))
    func scriptUser() throws {
        let pair = try Pair(version: 3, interval: "0.1")
        let outbox = "\(pair.folder)/out"
        try FileManager.default.createDirectory(atPath: outbox, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o777])
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: pair.folder)
        let script = "\(pair.folder)/whoami.sh"
        try "#!/bin/sh\nid -u > \"$1\"\n".write(toFile: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
        try pair.startRacimo(priority: 150, preamble: "global_defs {\n    script_user nobody\n}",
                             instanceLines: "notify_master \"\(script) \(outbox)/master\"\n    notify_backup \"\(script) \(outbox)/backup\" root")
        #expect(pair.waitForVIP(on: 1), "racimo alone should be master\n\(pair.logs)")
        let read = { (name: String) in (try? String(contentsOfFile: "\(outbox)/\(name)", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) }
        #expect(pollUntil(timeout: .seconds(3), interval: .milliseconds(50)) { read("master") != nil }, "\(pair.logs)")
        // script_user applies to scripts that name nobody; one that names root runs as root.
        #expect(read("master") == "65534", "notify_master ran as uid \(read("master") ?? "?")")
        #expect(read("backup") == "0", "notify_backup (user root) ran as uid \(read("backup") ?? "?")")
        pair.stop(pair.racimo)
    }

    @Test("a sync group's notify runs with GROUP name STATE when its members become master",
          .enabled(if: NetnsCluster.isRoot && keepalivedInstalled, "needs root and keepalived"))
    func groupNotify() throws {
        let pair = try Pair(version: 3, interval: "0.1")
        let script = "\(pair.folder)/record.sh"
        try "#!/bin/sh\necho \"$@\" >> \(pair.folder)/group-events\n".write(toFile: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
        let group = "vrrp_sync_group VG1 {\n    group {\n        VI_1\n    }\n    notify \(script)\n}"
        try pair.startRacimo(priority: 150, preamble: group)
        #expect(pair.waitForVIP(on: 1), "racimo alone should be master\n\(pair.logs)")
        let events = { (try? String(contentsOfFile: "\(pair.folder)/group-events", encoding: .utf8)) ?? "" }
        #expect(pollUntil(timeout: .seconds(3), interval: .milliseconds(50)) { events().contains("GROUP VG1 MASTER") },
                "group notify calls: \(events())\n\(pair.logs)")
        pair.stop(pair.racimo)
    }
}
