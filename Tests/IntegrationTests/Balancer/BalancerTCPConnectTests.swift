import Foundation
import Synchronization
import RacimoTestKit
import Testing

/// TCP mode's connect path on loopback: threads, source addresses, idle timeouts and the maxconn
/// queue (retries are in BalancerRetryTests).
@Suite("balancer: TCP mode connects, retries and queues", .serialized)
struct BalancerTCPConnectTests {
    struct Setup {
        let folder: String
        let server: ChildProcess?
        let balancer: ChildProcess

        func stop() {
            balancer.signal(SIGKILL)
            _ = balancer.waitForExit(timeout: .seconds(5))
            server?.signal(SIGKILL)
            _ = server?.waitForExit(timeout: .seconds(5))
            try? FileManager.default.removeItem(atPath: folder)
        }
    }

    /// The counting server on `serverPort`, and racimo running `configuration`, ready once `port`
    /// relays to the server. Without a server (one that a test starts itself from
    /// `folder/server.py`), ready once the status file is there.
    static func start(_ configuration: String, serverPort: Int?, waitFor port: Int) throws -> Setup {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("balancer-tcpc-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try BalancerTCPTests.countingServer.write(toFile: "\(folder)/server.py", atomically: true, encoding: .utf8)
        try configuration.write(toFile: "\(folder)/tcp.cfg", atomically: true, encoding: .utf8)
        let server = try serverPort.map { try ChildProcess("/usr/bin/env", ["python3", "\(folder)/server.py", String($0)]) }
        let balancer = try ChildProcess(RacimoBinary.path, ["balancer", "-f", "\(folder)/tcp.cfg", "--status-file", "\(folder)/lb.json"])
        let setup = Setup(folder: folder, server: server, balancer: balancer)
        let up = pollUntil(timeout: .seconds(10), interval: .milliseconds(100)) {
            guard server != nil else { return FileManager.default.fileExists(atPath: "\(folder)/lb.json") }
            return (try? exchangeStream([Array("up".utf8)], host: "127.0.0.1", port: port, halfClose: true)) == "got 2 bytes"
        }
        guard up else {
            setup.stop()
            throw POSIXError(.ETIMEDOUT)
        }
        return setup
    }

    /// The first server's ActiveConn in the status file in `folder` (written every 200 ms).
    static func activeConnections(_ folder: String) -> Int? {
        guard let data = FileManager.default.contents(atPath: "\(folder)/lb.json"),
              let status = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let services = status["services"] as? [[String: Any]],
              let servers = services.first?["servers"] as? [[String: Any]]
        else { return nil }
        return servers.first?["activeConnections"] as? Int
    }

    @Test("global nbthread sets the relay threads (one more than the CPUs, so that it cannot be the default); --threads on the command line wins")
    func nbthread() throws {
        let port = freePort()
        let cores = ProcessInfo.processInfo.activeProcessorCount
        func file(port: Int) -> String {
            """
            global
                nbthread \(cores + 1)
            listen l
                mode tcp
                bind 127.0.0.1:\(port)
                server only 127.0.0.1:\(freePort())
            """
        }
        let setup = try Self.start(file(port: port), serverPort: nil, waitFor: port)
        defer { setup.stop() }
        #expect(Self.relayThreads(setup.balancer.pid) == cores + 1)
        try file(port: freePort()).write(toFile: "\(setup.folder)/other.cfg", atomically: true, encoding: .utf8)
        let override = try ChildProcess(RacimoBinary.path, ["balancer", "-f", "\(setup.folder)/other.cfg", "--threads", String(cores + 2),
                                                            "--status-file", "\(setup.folder)/other.json"])
        defer { override.signal(SIGTERM); _ = override.waitForExit(timeout: .seconds(5)) }
        #expect(pollUntil(timeout: .seconds(10), interval: .milliseconds(100)) { Self.relayThreads(override.pid) == cores + 2 })
    }

    @Test("source 127.0.0.2: connections to the server come from that address of the director's (no privilege needed, unlike usesrc)")
    func sourceAddress() throws {
        let (port, live) = (freePort(), freePort())
        let setup = try Self.start("""
            defaults
                mode tcp
                timeout connect 1s
                timeout client 5s
            listen from2
                bind 127.0.0.1:\(port)
                source 127.0.0.2
                server only 127.0.0.1:\(live)
            """, serverPort: nil, waitFor: port)
        defer { setup.stop() }
        // Answers each connection with the address it came from.
        try """
            import socket, sys
            listener = socket.socket()
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind(("127.0.0.1", int(sys.argv[1])))
            listener.listen(16)
            while True:
                conn, peer = listener.accept()
                conn.sendall(peer[0].encode())
                conn.close()
            """.write(toFile: "\(setup.folder)/peer.py", atomically: true, encoding: .utf8)
        let server = try ChildProcess("/usr/bin/env", ["python3", "\(setup.folder)/peer.py", String(live)])
        defer { server.signal(SIGKILL); _ = server.waitForExit(timeout: .seconds(5)) }
        var seen = ""
        let answered = pollUntil(timeout: .seconds(10), interval: .milliseconds(100)) {
            seen = (try? exchangeStream([], host: "127.0.0.1", port: port, halfClose: true)) ?? ""
            return !seen.isEmpty
        }
        #expect(answered && seen == "127.0.0.2", "the server saw '\(seen)'")
    }

    /// The threads of `pid` named racimo-relay-N.
    static func relayThreads(_ pid: Int32) -> Int {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        return tasks.filter { task in
            ((try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/comm", encoding: .utf8)) ?? "").hasPrefix("racimo-relay-")
        }.count
    }

    @Test("a connected connection quiet both ways is closed after timeout tunnel, else the shorter of timeout client and timeout server, as in HAProxy",
          arguments: [
              // The tunnel's 1.5 s supersedes the client's 300 ms.
              (["timeout client 300ms", "timeout tunnel 1500ms"], 1400, 3000),
              // The server's 300 ms, under the client's 5 s.
              (["timeout client 5s", "timeout server 300ms"], 250, 2000),
          ])
    func idleTimeout(timeouts: [String], atLeast: Int, below: Int) throws {
        let (port, live) = (freePort(), freePort())
        let setup = try Self.start("""
            defaults
                mode tcp
                timeout connect 1s
                \(timeouts.joined(separator: "\n    "))
            listen ssh
                bind 127.0.0.1:\(port)
                server only 127.0.0.1:\(live)
            """, serverPort: live, waitFor: port)
        defer { setup.stop() }
        let started = ContinuousClock.now
        let silence = try exchangeStream([], host: "127.0.0.1", port: port, timeout: .seconds(5))
        let waited = ContinuousClock.now - started
        #expect(silence.isEmpty && waited >= .milliseconds(atLeast) && waited < .milliseconds(below), "closed after \(waited)")
    }

    @Test("maxconn 1: a second client waits in the queue and is served when the first leaves; past timeout queue it is closed")
    func queue() throws {
        let (port, live) = (freePort(), freePort())
        let setup = try Self.start("""
            defaults
                mode tcp
                timeout connect 1s
                timeout client 10s
                timeout queue 1s
            listen one
                bind 127.0.0.1:\(port)
                server only 127.0.0.1:\(live) maxconn 1
            """, serverPort: live, waitFor: port)
        defer { setup.stop() }

        let first = try HeldClient(port: port, sending: Array("first".utf8))
        #expect(pollUntil(timeout: .seconds(5), interval: .milliseconds(20)) { Self.activeConnections(setup.folder) == 1 })
        let second = try HeldClient(port: port, sending: Array("second!".utf8))
        let reply = Mutex<String?>(nil)
        let waiter = Thread {
            let answer = second.finish()
            reply.withLock { $0 = answer }
        }
        waiter.start()
        Thread.sleep(forTimeInterval: 0.4)
        #expect(reply.withLock { $0 } == nil, "the second client was served while the first held the only slot")
        #expect(first.finish() == "got 5 bytes")
        #expect(pollUntil(timeout: .seconds(5)) { reply.withLock { $0 } != nil })
        #expect(reply.withLock { $0 } == "got 7 bytes", "\(setup.balancer.stderr)")

        // The slot held past `timeout queue`: the waiting client is closed after about 1 s.
        #expect(pollUntil(timeout: .seconds(5), interval: .milliseconds(20)) { Self.activeConnections(setup.folder) == 0 })
        let holder = try HeldClient(port: port, sending: Array("hold".utf8))
        #expect(pollUntil(timeout: .seconds(5), interval: .milliseconds(20)) { Self.activeConnections(setup.folder) == 1 })
        let started = ContinuousClock.now
        let late = try exchangeStream([Array("late".utf8)], host: "127.0.0.1", port: port, halfClose: true, timeout: .seconds(5))
        let waited = ContinuousClock.now - started
        #expect(late.isEmpty && waited >= .milliseconds(900) && waited < .seconds(3), "closed after \(waited)")
        #expect(holder.finish() == "got 4 bytes")
    }
}
