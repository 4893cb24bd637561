import Foundation
import NIOCore
import RacimoCore
import RacimoTestKit
import Testing

/// Three agents on three hosts (network namespaces on a bridge), as three machines would run them.
@Suite("Three agents in three network namespaces", .serialized)
struct AgentClusterTests {
    @Test("three agents with the same key hear each other; forged, replayed and garbage frames are rejected and counted",
          .enabled(if: NetnsCluster.isRoot, "needs root"))
    func threeAgents() throws {
        let cluster = try NetnsCluster(hosts: 3)
        defer { cluster.down() }
        var random = SystemRandomNumberGenerator()
        let key = ClusterKey.generate(using: &random)
        let port = AgentConfiguration.framePort
        let nodes = try (1...3).map { i in try TestNode(name: "h\(i)", key: key) }
        for (index, node) in nodes.enumerated() {
            let others = (1...3).filter { $0 != index + 1 }.map { "\(cluster.address(of: $0)):\(port)" }
            try node.configure(listen: "\(cluster.address(of: index + 1)):\(port)", seeds: others, admin: "127.0.0.1:9400")
        }
        var pids: [Int32] = []
        for (index, node) in nodes.enumerated() {
            pids.append(try cluster.spawn(on: index + 1, [RacimoBinary.path, "agent", "-c", node.configPath], log: node.logPath))
        }

        // Healthy, and each hears the two others.
        for (index, node) in nodes.enumerated() {
            let hearsBoth = try pollUntil(timeout: .seconds(30), interval: .milliseconds(200)) {
                let health = try cluster.run(on: index + 1, [RacimoBinary.path, "health", "--json", "-c", node.configPath])
                guard health.status == 0, health.stdout.contains("\"status\":\"ok\"") else { return false }
                let peers = try cluster.run(on: index + 1, [RacimoBinary.path, "peers", "--json", "-c", node.configPath]).stdout
                return nodes.filter { $0 !== node }.allSatisfy { framesAccepted(from: $0.name, in: peers) ?? 0 > 0 }
            }
            #expect(hearsBoth, "h\(index + 1) log:\n\(node.log)")
        }
        let table = try cluster.run(on: 1, [RacimoBinary.path, "peers", "-c", nodes[0].configPath])
        print(table.stdout)
        #expect(table.stdout.hasPrefix("NAME"))
        #expect(table.stdout.contains("h2") && table.stdout.contains("h3"))

        // From the root namespace, at h1's frame port: one frame of each kind of attack.
        let target = cluster.address(of: 1)
        let now = WallClock(millisecondsSinceEpoch: Int64(Date().timeIntervalSince1970 * 1000))
        let intruderKey = ClusterKey.generate(using: &random)
        var intruder = FrameSealer(sender: NodeName("intruder")!, keyRing: KeyRing(current: intruderKey), startedAt: now)
        try send(intruder.seal(.hello, payload: hello(), now: now), to: target, port: port)   // unknown_key
        let forged = Frame(type: .hello, sender: NodeName("h2")!, keyID: key.id, sequence: UInt64.max / 2,
                           timestamp: now, payload: hello())
        try send(FrameSealer.encode(forged, key: intruderKey), to: target, port: port)        // bad_tag
        var tester = FrameSealer(sender: NodeName("tester")!, keyRing: KeyRing(current: key), startedAt: now)
        let genuine = tester.seal(.hello, payload: hello(), now: now)
        try send(genuine, to: target, port: port)                                              // accepted
        try send(genuine, to: target, port: port)                                              // replay
        try sendDatagram(Array("GET / HTTP/1.0\r\n\r\n".utf8), to: target, port: port)         // malformed

        let expected = ["unknown_key": 1.0, "bad_tag": 1, "replay": 1, "malformed": 1, "stale": 0]
        var last: [String: Double?] = [:]
        let counted = try pollUntil(timeout: .seconds(10), interval: .milliseconds(100)) {
            let metrics = try cluster.run(on: 1, [RacimoBinary.path, "metrics", "-c", nodes[0].configPath]).stdout
            last = expected.mapValues { _ in nil }
            for reason in expected.keys {
                last[reason] = metricValue(metrics, "racimo_frames_rejected_total{reason=\"\(reason)\"}")
            }
            return expected.allSatisfy { last[$0.key] == $0.value }
        }
        #expect(counted, "rejected counters on h1: \(last)")
        // The genuine frame was accepted: h1 now lists "tester" among its peers.
        let peers = try cluster.run(on: 1, [RacimoBinary.path, "peers", "--json", "-c", nodes[0].configPath]).stdout
        #expect(peers.contains("\"name\":\"tester\""))
        #expect(!peers.contains("\"name\":\"intruder\""))
        #expect(nodes[0].log.contains("msg=\"frame rejected\"") && nodes[0].log.contains("reason=bad_tag"))

        // The same port takes frames on TCP streams: two genuine frames back to back on one
        // connection, the first one again (a replay across transports), a forgery, then garbage.
        var streamer = FrameSealer(sender: NodeName("streamer")!, keyRing: KeyRing(current: key), startedAt: now)
        let first = streamer.seal(.hello, payload: hello(), now: now)
        let second = streamer.seal(.hello, payload: hello(), now: now)
        try sendStream(Array(first.readableBytesView) + Array(second.readableBytesView), to: target, port: port)
        try sendStream(Array(first.readableBytesView), to: target, port: port)
        var forgedAgain = forged
        forgedAgain.sequence += 1
        try sendStream(Array(FrameSealer.encode(forgedAgain, key: intruderKey).readableBytesView), to: target, port: port)
        try sendStream(Array("SSH-2.0-OpenSSH_9.2\r\n".utf8), to: target, port: port)
        let afterStreams = ["unknown_key": 1.0, "bad_tag": 2, "replay": 2, "malformed": 2, "stale": 0]
        let countedStreams = try pollUntil(timeout: .seconds(10), interval: .milliseconds(100)) {
            let metrics = try cluster.run(on: 1, [RacimoBinary.path, "metrics", "-c", nodes[0].configPath]).stdout
            for reason in afterStreams.keys {
                last[reason] = metricValue(metrics, "racimo_frames_rejected_total{reason=\"\(reason)\"}")
            }
            return afterStreams.allSatisfy { last[$0.key] == $0.value }
        }
        #expect(countedStreams, "rejected counters on h1 after TCP: \(last)")
        let streamPeers = try cluster.run(on: 1, [RacimoBinary.path, "peers", "--json", "-c", nodes[0].configPath]).stdout
        #expect(framesAccepted(from: "streamer", in: streamPeers) == 2)

        // Graceful stop everywhere.
        for (index, pid) in pids.enumerated() {
            cluster.kill(pid: pid, signal: SIGTERM)
            #expect(cluster.waitForExit(pid: pid, timeout: .seconds(5)) == 0, "h\(index + 1) log:\n\(nodes[index].log)")
        }
    }

    /// The `frames` count of one peer in `racimo peers --json` output.
    func framesAccepted(from name: String, in json: String) -> Int? {
        struct Report: Decodable { struct Peer: Decodable { var name: String; var frames: Int }; var peers: [Peer] }
        let report = try? JSONDecoder().decode(Report.self, from: Data(json.utf8))
        return report?.peers.first { $0.name == name }?.frames
    }

    func hello() -> ByteBuffer {
        var buffer = ByteBuffer()
        Hello(softwareVersion: "test").write(to: &buffer)
        return buffer
    }

    func send(_ frame: ByteBuffer, to host: String, port: Int) throws {
        try sendDatagram(Array(frame.readableBytesView), to: host, port: port)
    }
}

enum AgentConfiguration {
    static let framePort = 9401
}
