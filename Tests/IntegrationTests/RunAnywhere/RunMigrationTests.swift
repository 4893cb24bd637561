import Foundation
import RacimoTestKit
import Testing

/// Moving running processes between netns nodes with CRIU: the process keeps its input,
/// output, signals and exit status at home, and is never lost or duplicated.
@Suite(.serialized, .enabled(if: NetnsCluster.isRoot, "needs root for network namespaces"))
struct RunMigrationTests {
    static let checksummer = """
        import hashlib, signal, sys, time
        signal.signal(signal.SIGINT, lambda *a: (print("caught INT", flush=True), sys.exit(3)))
        h, n, tick = hashlib.sha256(), 0, 0
        while True:
            chunk = sys.stdin.buffer.read1(4096)
            if not chunk:
                break
            h.update(chunk)
            n += len(chunk)
            tick += 1
            print(f"tick {tick}", flush=True)
            time.sleep(0.01)
        print(f"read {n} bytes sha256 {h.hexdigest()}", flush=True)
        sys.exit(7)

        """

    @Test func aProcessThatChecksumsItsStdinMovesTwiceAndEndsAsItWould() throws {
        let farm = try RunFarm(hosts: 2)
        try farm.startAll()
        try farm.write(Self.checksummer, to: "checksum.py", mode: 0o644)
        let input = (0..<100000).map { "input line \($0) for the moving checksum\n" }.joined()
        let inputPath = try farm.write(input, to: "input.txt", mode: 0o644)
        let log = farm.folder + "/checksum.out"
        let client = try farm.hosts.spawn(
            on: 1, ["sh", "-c", farm.commandLine(["run", "--node", "h2", "/usr/bin/python3", "checksum.py"]) + " < '\(inputPath)'"], log: log)
        var id = 0
        #expect(pollUntil(timeout: .seconds(10)) {
            id = (try? farm.ps().first { $0["state"] as? String == "running" }?["id"] as? Int) ?? 0
            return id > 0
        })
        let first = try farm.racimo(["migrate", String(id), "h1"])
        #expect(first.status == 0 && first.stdout.contains("runs on h1"), "\(first.stdout)\(first.stderr)")
        let second = try farm.racimo(["migrate", String(id), "h2"])
        #expect(second.status == 0 && second.stdout.contains("runs on h2"), "\(second.stdout)\(second.stderr)")
        #expect(try farm.ps().first?["migrations"] as? Int == 2)

        #expect(farm.hosts.waitForExit(pid: client, timeout: .seconds(60)) == 7)
        let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        let lines = output.split(separator: "\n")
        let ticks = lines.compactMap { $0.hasPrefix("tick ") ? Int($0.dropFirst(5)) : nil }
        #expect(!ticks.isEmpty && ticks == Array(1...ticks.count), "output lost or repeated across the moves")
        #expect(lines.last == "read \(input.utf8.count) bytes sha256 \(RunFarm.sha256(input))", "\(lines.suffix(3))")
    }

    @Test func aMovedProcessStillTakesCtrlCAndOneThatListensStays() throws {
        let farm = try RunFarm(hosts: 2)
        try farm.startAll()
        try farm.write("#!/bin/sh\ntrap 'echo caught INT; exit 3' INT\necho ready\nwhile :; do sleep 0.1; done\n", to: "patient.sh")
        let log = farm.folder + "/patient.log"
        let client = try farm.hosts.spawn(on: 1, ["sh", "-c", farm.commandLine(["run", "-h", "./patient.sh"])], log: log)
        #expect(pollUntil(timeout: .seconds(10)) { (try? String(contentsOfFile: log, encoding: .utf8))?.contains("ready") == true })
        let id = try #require(try farm.ps().first?["id"] as? Int)
        let moved = try farm.racimo(["migrate", String(id), "h2"])
        #expect(moved.status == 0 && moved.stdout.contains("runs on h2"), "\(moved.stdout)\(moved.stderr)")
        farm.hosts.kill(pid: client, signal: SIGINT)
        #expect(farm.hosts.waitForExit(pid: client, timeout: .seconds(10)) == 3)
        #expect((try? String(contentsOfFile: log, encoding: .utf8))?.contains("caught INT") == true)

        try farm.write("import socket, time\ns = socket.socket()\ns.bind(('127.0.0.1', 0))\ns.listen()\ntime.sleep(60)\n",
                       to: "listener.py", mode: 0o644)
        let listener = try farm.hosts.spawn(
            on: 1, ["sh", "-c", farm.commandLine(["run", "-h", "/usr/bin/python3", "listener.py"])], log: log)
        defer { farm.hosts.kill(pid: listener, signal: SIGKILL) }
        var listenerID = 0
        #expect(pollUntil(timeout: .seconds(10)) {
            let row = (try? farm.ps())?.first { $0["stays"] as? String == "listeningSocket" }
            listenerID = row?["id"] as? Int ?? 0
            return listenerID > 0
        })
        let stays = try farm.racimo(["migrate", String(listenerID), "h2"])
        #expect(stays.status == 1 && stays.stderr.contains("it listens on a socket"), "\(stays.stdout)\(stays.stderr)")
        #expect(try farm.ps().first { $0["id"] as? Int == listenerID }?["node"] as? String == "h1")
    }

    @Test func aMoveTheTargetCannotStoreLeavesTheProcessRunningWhereItWas() throws {
        let farm = try RunFarm(hosts: 2)
        // h2 cannot write an image: its image folder is a file.
        try "not a folder".write(toFile: farm.nodes[1].folder + "/images", atomically: true, encoding: .utf8)
        try farm.startAll()
        try farm.write("import time\nn = 0\nwhile True:\n    n += 1\n    print(f'beat {n}', flush=True)\n    time.sleep(0.02)\n",
                       to: "beats.py", mode: 0o644)
        let log = farm.folder + "/beats.out"
        let client = try farm.hosts.spawn(on: 1, ["sh", "-c", farm.commandLine(["run", "-h", "/usr/bin/python3", "beats.py"])], log: log)
        defer { farm.hosts.kill(pid: client, signal: SIGKILL) }
        #expect(pollUntil(timeout: .seconds(10)) { (try? String(contentsOfFile: log, encoding: .utf8))?.contains("beat 5") == true })
        let id = try #require(try farm.ps().first?["id"] as? Int)
        let move = try farm.racimo(["migrate", String(id), "h2"])
        #expect(move.status == 1 && move.stderr.contains("the move to h2 failed") && move.stderr.contains("cannot store the image"),
                "\(move.stdout)\(move.stderr)")
        let row = try #require(try farm.ps().first)
        #expect(row["node"] as? String == "h1" && row["state"] as? String == "running")
        // Still one process, still beating, nothing lost or repeated across the failed move.
        let before = ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").count
        #expect(pollUntil(timeout: .seconds(5)) {
            ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").count > before + 10
        })
        _ = try farm.racimo(["killall", "python3"])
        #expect(farm.hosts.waitForExit(pid: client, timeout: .seconds(10)) != nil)
        let beats = ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").compactMap {
            $0.hasPrefix("beat ") ? Int($0.dropFirst(5)) : nil
        }
        #expect(!beats.isEmpty && beats == Array(1...beats.count), "output lost or repeated across the failed move")
        #expect(try farm.ps().isEmpty)
    }

    @Test func anExpellingNodesGuestsGoHomeWithinTwoSeconds() throws {
        let farm = try RunFarm(hosts: 2, rebalance: true)
        try farm.startAll()
        let log = farm.folder + "/guest.log"
        let client = try farm.hosts.spawn(on: 1, ["sh", "-c", farm.commandLine(["run", "--node", "h2", "/bin/sleep", "304"])], log: log)
        defer { farm.hosts.kill(pid: client, signal: SIGTERM) }
        #expect(pollUntil(timeout: .seconds(10)) { (try? farm.ps().first?["node"] as? String) == "h2" })
        let expel = try farm.racimo(["ctl", "expel"], on: 2, asRoot: true)
        #expect(expel.status == 0 && expel.stdout.contains("expel: sending every guest home"), "\(expel.stderr)")
        let asked = Date()
        #expect(pollUntil(timeout: .seconds(10), interval: .milliseconds(50)) { (try? farm.ps().first?["node"] as? String) == "h1" })
        let took = Date().timeIntervalSince(asked)
        print("figure: expel_to_home: \(String(format: "%.2f", took)) s")
        #expect(took <= 2.0)
        // And it is still the one process, running at home.
        #expect(try farm.ps().count == 1)
        #expect(try farm.ps().first?["migrations"] as? Int == 1)
    }
}
