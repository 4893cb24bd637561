import Foundation
import RacimoCore
import RacimoTestKit
import Testing

/// The seed's Heartbeat pair (examples/heartbeat: ha.cf, haresources, authkeys) run by
/// `racimo vrrp --heartbeat DIR` on two network-namespace hosts, h1 and h2 (their UTS
/// hostnames, which racimo matches with ha.cf's nodes as Heartbeat matched uname -n).
@Suite("Heartbeat pair in network namespaces", .serialized)
struct HeartbeatPairTests {
    final class Pair {
        let hosts: NetnsCluster
        let folder: String
        var directory: String { "\(folder)/ha.d" }
        var racimo: [Int: Int32] = [:]

        init(hosts count: Int = 2) throws {
            hosts = try NetnsCluster(hosts: count)
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("heartbeat-\(hosts.name)").path
            try FileManager.default.createDirectory(atPath: directory + "/resource.d", withIntermediateDirectories: true)
        }

        deinit {
            hosts.down()
            try? FileManager.default.removeItem(atPath: folder)
        }

        var vip: String { "10.213.\(hosts.subnet).200" }
        var resourceLog: String { "\(folder)/resources.log" }

        /// The seed's files with debian1/debian2 as h1/h2 and the VIP in the test subnet (the
        /// hosts have 10.213.X.I/16 on eth0), authkeys with `mode`. ldirectord is not installed,
        /// so it is skipped; a stand-in LVSSyncDaemonSwap in DIR/resource.d logs its calls.
        func writeFiles(authkeysMode mode: Int) throws {
            let seed = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appendingPathComponent("../../examples/heartbeat").standardized.path
            func read(_ name: String) throws -> String { try String(contentsOfFile: "\(seed)/\(name)", encoding: .utf8) }
            let haCf = try read("ha.cf").replacingOccurrences(of: "debian1", with: "h1").replacingOccurrences(of: "debian2", with: "h2")
            let haresources = try read("haresources").replacingOccurrences(of: "debian1", with: "h1")
                .replacingOccurrences(of: "IPaddr2::192.168.0.105/24/eth0/192.168.0.255", with: "IPaddr2::\(vip)/16/eth0/10.213.255.255")
            #expect(haresources.contains(vip) && haCf.contains("node         h2"))
            try haCf.write(toFile: "\(directory)/ha.cf", atomically: true, encoding: .utf8)
            try haresources.write(toFile: "\(directory)/haresources", atomically: true, encoding: .utf8)
            try read("authkeys").write(toFile: "\(directory)/authkeys", atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: "\(directory)/authkeys")
            let script = "\(directory)/resource.d/LVSSyncDaemonSwap"
            try "#!/bin/sh\necho \"$(uname -n) LVSSyncDaemonSwap $*\" >> \(resourceLog)\n".write(toFile: script, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
        }

        func arguments(_ host: Int) -> [String] {
            [RacimoBinary.path, "vrrp", "--heartbeat", directory, "--status-file", "\(folder)/status-h\(host).json"]
        }

        func start(_ host: Int) throws {
            racimo[host] = try hosts.spawn(on: host, arguments(host), log: "\(folder)/racimo-h\(host).log")
        }

        func stop(_ host: Int, signal: Int32 = SIGTERM) {
            guard let pid = racimo[host] else { return }
            hosts.kill(pid: pid, signal: signal)
            _ = hosts.waitForExit(pid: pid, timeout: .seconds(5))
            racimo[host] = nil
        }

        func holdsVIP(_ host: Int) -> Bool {
            let result = try? hosts.run(on: host, ["ip", "-o", "-4", "addr", "show", "dev", "eth0"], timeout: .seconds(5))
            return result?.stdout.contains(" \(vip)/16") ?? false
        }

        /// Polls until `host`, and only `host`, holds the VIP.
        func waitForVIP(on host: Int, timeout: Duration = .seconds(10)) -> Bool {
            pollUntil(timeout: timeout, interval: .milliseconds(50)) { holdsVIP(host) && !holdsVIP(3 - host) }
        }

        func status(_ host: Int) -> String { (try? String(contentsOfFile: "\(folder)/status-h\(host).json", encoding: .utf8)) ?? "" }
        var resources: [String] {
            ((try? String(contentsOfFile: resourceLog, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        }

        var logs: String {
            let read = { (name: String) in (try? String(contentsOfFile: "\(self.folder)/\(name)", encoding: .utf8)) ?? "" }
            return "h1:\n\(read("racimo-h1.log"))\nh2:\n\(read("racimo-h2.log"))\nresources:\n\(read("resources.log"))"
        }
    }

    @Test("the VIP sits on h1, moves to h2 when h1 is killed, and stays on h2 when h1 returns (auto_failback off)",
          .enabled(if: NetnsCluster.isRoot, "needs root"))
    func failoverWithoutFailback() throws {
        let pair = try Pair()
        try pair.writeFiles(authkeysMode: 0o600)

        // Both start as backups; h1, the haresources node at 150, times out first.
        try pair.start(1)
        try pair.start(2)
        #expect(pair.waitForVIP(on: 1), "h1 should take the VIP\n\(pair.logs)")
        #expect(pollUntil(timeout: .seconds(2), interval: .milliseconds(50)) { pair.resources == ["h1 LVSSyncDaemonSwap master start"] },
                "the resource group after the address\n\(pair.logs)")
        let log = (try? String(contentsOfFile: "\(pair.folder)/racimo-h1.log", encoding: .utf8)) ?? ""
        #expect(log.contains("ldirectord::ldirectord.cf is skipped"), "\(log)")

        // kill -9 of h1's racimo: h2 takes over (h1 keeps its copy of the VIP on eth0, as any
        // daemon killed -9 does; the test looks at h2).
        let killed = ContinuousClock.now
        pair.stop(1, signal: SIGKILL)
        #expect(pollUntil(timeout: .seconds(10), interval: .milliseconds(20)) { pair.holdsVIP(2) }, "h2 should take over\n\(pair.logs)")
        print("figure: heartbeat_pair_kill9_failover: \(ContinuousClock.now - killed)")
        #expect(pollUntil(timeout: .seconds(2), interval: .milliseconds(50)) { pair.resources.last == "h2 LVSSyncDaemonSwap master start" },
                "\(pair.logs)")

        // h1 returns: it clears the stale VIP at start-up and, with auto_failback off, stays backup.
        try pair.start(1)
        #expect(pair.waitForVIP(on: 2), "h1 should clear its stale VIP and leave it to h2\n\(pair.logs)")
        #expect(pollUntil(timeout: .seconds(5), interval: .milliseconds(100)) { pair.holdsVIP(1) } == false,
                "h1 must not fail back\n\(pair.logs)")
        #expect(pair.holdsVIP(2))
        #expect(pair.status(1).contains("\"state\" : \"backup\""), "h1: \(pair.status(1))")
        #expect(pair.status(2).contains("\"state\" : \"master\""), "h2: \(pair.status(2))")

        // A clean stop of the master hands the group back at once (priority 0), and stops its resources.
        pair.stop(2)
        #expect(pair.waitForVIP(on: 1, timeout: .seconds(5)), "\(pair.logs)")
        #expect(pollUntil(timeout: .seconds(2), interval: .milliseconds(50)) {
            Set(pair.resources.suffix(2)) == ["h2 LVSSyncDaemonSwap master stop", "h1 LVSSyncDaemonSwap master start"]
        }, "\(pair.logs)")
        pair.stop(1)
    }

    @Test("an authkeys that others can read is refused with exit status 2, as Heartbeat refuses it",
          .enabled(if: NetnsCluster.isRoot, "needs root"))
    func authkeysMode() throws {
        let pair = try Pair(hosts: 1)
        try pair.writeFiles(authkeysMode: 0o644)
        let result = try pair.hosts.run(on: 1, pair.arguments(1), timeout: .seconds(10))
        #expect(result.status == 2, "\(result)")
        #expect(result.stderr.contains(
            "error: authkeys file \(pair.directory)/authkeys can be accessed by group or others (mode 0644); Heartbeat refuses it and so does racimo (fix it with: chmod 600 \(pair.directory)/authkeys)"),
                "\(result.stderr)")
        #expect(!pair.holdsVIP(1))
    }
}
