import Foundation
import RacimoTestKit
import Testing

/// `racimo run` across netns nodes: the program runs elsewhere as its caller, with its
/// streams, signals and exit status at home; copies spread; blocked nodes take no guests; a
/// node that dies takes its guests with it and home says so.
@Suite(.serialized, .enabled(if: NetnsCluster.isRoot, "needs root for network namespaces"))
struct RunAnywhereTests {
    @Test func aProgramRunsOnAnotherNodeAsItsCallerWithItsStreamsAndStatus() throws {
        let farm = try RunFarm(hosts: 2)
        try farm.startAll()
        try farm.write("#!/bin/sh\necho \"on $(hostname) as $(id -u) in $(pwd)\"\nsha256sum\necho to stderr >&2\nexit 5\n", to: "checksum.sh")
        let input = (0..<20000).map { "line \($0) of the input\n" }.joined()
        let result = try farm.racimo(["run", "--node", "h2", "./checksum.sh"], input: input)
        #expect(result.status == 5, "\(result.stderr)")
        #expect(result.stdout.contains("on h2 as 65534 in \(farm.folder)"))
        #expect(result.stdout.contains(RunFarm.sha256(input)))
        #expect(result.stderr == "to stderr\n")

        // Root's processes stay home unless the other node allows them.
        let root = try farm.racimo(["run", "--node", "h2", "/bin/true"], asRoot: true)
        #expect(root.status == 1)
        #expect(root.stderr.contains("h2 runs no guest as root"))
        let home = try farm.racimo(["run", "-h", "/bin/hostname"], asRoot: true)
        #expect(home.status == 0 && home.stdout == "h1\n", "\(home.stderr)")
    }

    @Test func signalsReachTheProcessAndAKilledDeputyTakesItWith() throws {
        let farm = try RunFarm(hosts: 2)
        try farm.startAll()
        try farm.write("#!/bin/sh\ntrap 'echo caught INT; exit 3' INT\necho ready\nwhile :; do sleep 0.1; done\n", to: "patient.sh")
        let log = farm.folder + "/patient.log"
        let client = try farm.hosts.spawn(on: 1, ["sh", "-c", farm.commandLine(["run", "--node", "h2", "./patient.sh"])], log: log)
        #expect(pollUntil(timeout: .seconds(10)) { (try? String(contentsOfFile: log, encoding: .utf8))?.contains("ready") == true })
        farm.hosts.kill(pid: client, signal: SIGINT)
        #expect(farm.hosts.waitForExit(pid: client, timeout: .seconds(10)) == 3)
        #expect((try? String(contentsOfFile: log, encoding: .utf8))?.contains("caught INT") == true)

        // kill -9 of `racimo run`: nobody is left at home, so the process goes too.
        let sleeper = try farm.hosts.spawn(on: 1, ["sh", "-c", farm.commandLine(["run", "--node", "h2", "/bin/sleep", "301"])], log: log)
        var remote: Int32 = 0
        #expect(pollUntil(timeout: .seconds(10)) {
            remote = (try? farm.ps().first { $0["state"] as? String == "running" }?["pid"] as? Int).map { Int32($0) } ?? 0
            return remote > 0
        })
        #expect(kill(remote, 0) == 0)
        farm.hosts.kill(pid: sleeper, signal: SIGKILL)
        #expect(pollUntil(timeout: .seconds(10)) { kill(remote, 0) != 0 }, "sleep 301 (pid \(remote)) outlived its deputy")

        // A signal is never stuck behind input the process does not read.
        let big = try farm.write(String(repeating: "unread input\n", count: 2_000_000), to: "big.txt", mode: 0o644)
        let deaf = try farm.hosts.spawn(
            on: 1, ["sh", "-c", farm.commandLine(["run", "--node", "h2", "/bin/sleep", "300"]) + " < '\(big)'"], log: log)
        #expect(pollUntil(timeout: .seconds(10)) { (try? farm.ps().contains { $0["state"] as? String == "running" }) == true })
        farm.hosts.kill(pid: deaf, signal: SIGTERM)
        #expect(farm.hosts.waitForExit(pid: deaf, timeout: .seconds(5)) == 128 + SIGTERM)

        // killall: the caller's own processes by program name.
        let third = try farm.hosts.spawn(on: 1, ["sh", "-c", farm.commandLine(["run", "--node", "h2", "/bin/sleep", "302"])], log: log)
        #expect(pollUntil(timeout: .seconds(10)) { (try? farm.ps().count) == 1 })
        let killall = try farm.racimo(["killall", "sleep"])
        #expect(killall.status == 0 && killall.stdout == "signalled 1 process\n", "\(killall.stderr)")
        #expect(farm.hosts.waitForExit(pid: third, timeout: .seconds(10)) == 128 + SIGTERM)
    }

    @Test func copiesSpreadOverTheNodesAndABlockedNodeTakesNone() throws {
        let farm = try RunFarm(hosts: 2)
        try farm.startAll()
        let spread = try farm.racimo(["run", "--spread", "4", "/bin/sh", "-c", "hostname; sleep 2"])
        #expect(spread.status == 0, "\(spread.stderr)")
        #expect(spread.stdout.split(separator: "\n").sorted() == ["h1", "h1", "h2", "h2"])

        let refused = try farm.racimo(["ctl", "block"], on: 2)
        #expect(refused.status == 1 && refused.stderr.contains("only root may change"))
        let block = try farm.racimo(["ctl", "block"], on: 2, asRoot: true)
        #expect(block.status == 0 && block.stdout.contains("block: taking no guest processes"), "\(block.stderr)")
        #expect(pollUntil(timeout: .seconds(10)) {
            ((try? farm.mon(from: 1)) ?? []).contains { $0["name"] as? String == "h2" && ($0["flags"] as? [String])?.contains("block") == true }
        })
        let named = try farm.racimo(["run", "--node", "h2", "/bin/true"])
        #expect(named.status == 1 && named.stderr.contains("accepts no guests"), "\(named.stderr)")
        let kept = try farm.racimo(["run", "--spread", "4", "/bin/sh", "-c", "hostname; sleep 1"])
        #expect(kept.stdout.split(separator: "\n").sorted() == ["h1", "h1", "h1", "h1"], "\(kept.stderr)")
        #expect(try farm.racimo(["ctl", "noblock"], on: 2, asRoot: true).status == 0)
    }

    @Test func aNodeThatDiesTakesItsGuestsAndHomeSaysWhy() throws {
        let farm = try RunFarm(hosts: 2)
        try farm.startAll()
        let log = farm.folder + "/doomed.log"
        let client = try farm.hosts.spawn(on: 1, ["sh", "-c", farm.commandLine(["run", "--node", "h2", "/bin/sleep", "303"])], log: log)
        var remote: Int32 = 0
        #expect(pollUntil(timeout: .seconds(10)) {
            remote = (try? farm.ps().first { $0["node"] as? String == "h2" && $0["state"] as? String == "running" }?["pid"] as? Int)
                .map { Int32($0) } ?? 0
            return remote > 0
        })
        // h2 vanishes: its link goes down (no FIN reaches h1) and its agent dies.
        try farm.hosts.setLink(0, of: 2, up: false)
        farm.stopAgent(2, signal: SIGKILL)
        let status = farm.hosts.waitForExit(pid: client, timeout: .seconds(30))
        #expect(status == 128 + SIGKILL)
        let said = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        #expect(said.contains("racimo run: killed: "), "\(said)")
        #expect(said.contains("h2"), "\(said)")
        if remote > 0 { farm.hosts.kill(pid: remote, signal: SIGKILL) }
    }

    @Test func aProcessThatListensOrSharesMemoryIsShownStayingWithTheReason() throws {
        let farm = try RunFarm(hosts: 2)
        try farm.startAll()
        let log = farm.folder + "/stays.log"
        let listener = "import socket, time\ns = socket.socket()\ns.bind(('127.0.0.1', 0))\ns.listen()\ntime.sleep(60)\n"
        let sharer = "import mmap, time\nm = mmap.mmap(-1, 65536, flags=mmap.MAP_SHARED)\nm[0] = 1\ntime.sleep(60)\n"
        let plain = "import time\ntime.sleep(60)\n"
        var clients: [Int32] = []
        for (name, program) in [("listener.py", listener), ("sharer.py", sharer), ("plain.py", plain)] {
            try farm.write(program, to: name, mode: 0o644)
            clients.append(try farm.hosts.spawn(
                on: 1, ["sh", "-c", farm.commandLine(["run", "--node", "h2", "/usr/bin/python3", name])], log: log))
        }
        defer { for client in clients { farm.hosts.kill(pid: client, signal: SIGKILL) } }
        var reasons: [String: String] = [:]
        // Generous: under the whole suite's load, three Pythons and their first reports are slow.
        #expect(pollUntil(timeout: .seconds(45)) {
            let rows = (try? farm.ps()) ?? []
            reasons = Dictionary(rows.map { (($0["homePID"] as? Int).map(String.init) ?? "?", $0["stays"] as? String ?? "-") },
                                 uniquingKeysWith: { a, _ in a })
            return Set(reasons.values) == ["listeningSocket", "sharedMemory", "-"]
        }, "\(reasons)")
        let table = try farm.racimo(["ps"], asRoot: true)
        #expect(table.stdout.contains("it listens on a socket, which cannot follow it"), "\(table.stdout)")
        #expect(table.stdout.contains("it shares memory with other processes"), "\(table.stdout)")
    }
}
