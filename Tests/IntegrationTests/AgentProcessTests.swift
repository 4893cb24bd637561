import Foundation
import NIOCore
import RacimoCore
import RacimoTestKit
import Testing

/// The `racimo` binary run as an administrator runs it, on this host's loopback (no root needed).
@Suite("racimo agent and check, as processes", .serialized)
final class AgentProcessTests {
    let key: ClusterKey
    let node: TestNode
    let adminPort = freePort()
    let framePort = freePort()

    init() throws {
        var random = SystemRandomNumberGenerator()
        key = ClusterKey.generate(using: &random)
        node = try TestNode(name: "solo", key: key)
        try node.configure(listen: "127.0.0.1:\(framePort)", seeds: [], admin: "127.0.0.1:\(adminPort)")
    }

    /// Starts the agent with its stderr in the node's log, and waits until it answers health.
    func startAgent() throws -> ChildProcess {
        let agent = try ChildProcess("/bin/sh", ["-c", "exec \"$0\" agent -c \"$1\" 2>\"$2\"", RacimoBinary.path, node.configPath, node.logPath])
        let healthy = try pollUntil(timeout: .seconds(20), interval: .milliseconds(100)) {
            guard agent.isRunning else { return true }
            return try RacimoBinary.run(["health", "-c", node.configPath], timeout: .seconds(5)).status == 0
        }
        #expect(healthy && agent.isRunning, "agent did not become healthy; log:\n\(node.log)")
        return agent
    }

    @Test("check: a misspelt key prints file:line:column and a suggestion, and exits 2")
    func checkMisspelt() throws {
        try node.configure(raw: "[node]\nname = \"solo\"\nseds = [\"10.213.0.2\"]\n")
        let result = try RacimoBinary.run(["check", "-c", node.configPath])
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(node.configPath):3:1: error: unknown key 'seds' in [node]; did you mean 'seeds'?"))
    }

    @Test("check: a good file exits 0 and says what it found")
    func checkGood() throws {
        let result = try RacimoBinary.run(["check", "-c", node.configPath])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("ok (node solo, 0 seed(s), roles: membership)"))
    }

    @Test("usage errors exit 2")
    func usage() throws {
        #expect(try RacimoBinary.run(["frobnicate"]).status == 2)
        #expect(try RacimoBinary.run(["check", "--no-such-flag"]).status == 2)
    }

    @Test("keygen writes a 0600 key and never overwrites one without --force")
    func keygen() throws {
        let path = node.folder + "/new.key"
        #expect(try RacimoBinary.run(["keygen", "-o", path]).status == 0)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let before = try String(contentsOfFile: path, encoding: .utf8)
        let again = try RacimoBinary.run(["keygen", "-o", path])
        #expect(again.status == 2)
        #expect(again.stderr.contains("already exists"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == before)
        #expect(try ClusterKey(fileContents: before).id != key.id)
    }

    @Test("the agent refuses a key file readable by others, naming the file and the fix")
    func worldReadableKey() throws {
        try node.write(key.fileContents, to: node.keyPath, mode: 0o644)
        let result = try RacimoBinary.run(["agent", "-c", node.configPath], timeout: .seconds(10))
        #expect(result.status == 2)
        #expect(result.stderr.contains("cluster key file \(node.keyPath) is readable by group or others (mode 0644)"))
        #expect(result.stderr.contains("chmod 600 \(node.keyPath)"))
    }

    @Test("SIGTERM stops the agent with exit 0 within 2 s")
    func sigterm() throws {
        let agent = try startAgent()
        let clock = ContinuousClock()
        let start = clock.now
        agent.signal(SIGTERM)
        let status = agent.waitForExit(timeout: .seconds(2))
        let took = clock.now - start
        #expect(status == 0, "took \(took); log:\n\(node.log)")
        print("figure: sigterm_to_exit: \(took)")
        #expect(node.log.contains("msg=stopped"))
    }

    @Test("SIGHUP with a broken file keeps the running configuration and logs why; a good file then applies")
    func sighup() throws {
        let agent = try startAgent()
        // The client reads the admin address from a configuration too: keep a good copy for it.
        let clientConfig = node.folder + "/client.toml"
        try FileManager.default.copyItem(atPath: node.configPath, toPath: clientConfig)
        try node.configure(raw: "[node]\nname = \"solo\"\nlisten = \"127.0.0.1:\(framePort)\"\n[admin]\nlisten = \"127.0.0.1:\(adminPort)\"\n[cluster]\nkey_file = \"cluster.key\"\n[membership]\nhello_intervall = \"1s\"\n")
        agent.signal(SIGHUP)
        let rejected = pollUntil(timeout: .seconds(10)) { node.log.contains("configuration rejected") }
        #expect(rejected, "log:\n\(node.log)")
        #expect(node.log.contains("unknown key 'hello_intervall' in [membership]; did you mean 'hello_interval'?"))
        #expect(agent.isRunning)
        #expect(try RacimoBinary.run(["health", "-c", clientConfig]).status == 0)

        try node.configure(listen: "127.0.0.1:\(framePort)", seeds: ["127.0.0.1:\(framePort)"], admin: "127.0.0.1:\(adminPort)")
        agent.signal(SIGHUP)
        #expect(pollUntil(timeout: .seconds(10)) { node.log.contains("configuration reloaded") }, "log:\n\(node.log)")
        // The new seed list is in force: the agent now hears its own hellos.
        let heard = try pollUntil(timeout: .seconds(10)) {
            try RacimoBinary.run(["peers", "-c", node.configPath]).stdout.contains("solo")
        }
        #expect(heard)
        agent.signal(SIGTERM)
        #expect(agent.waitForExit(timeout: .seconds(5)) == 0)
    }

    @Test("the admin endpoint serves health and metrics openly and peers only with the token")
    func adminToken() throws {
        let agent = try startAgent()
        let health = try RacimoBinary.run(["health", "--json", "-c", node.configPath])
        #expect(health.stdout.contains("\"status\":\"ok\""))
        let metrics = try RacimoBinary.run(["metrics", "-c", node.configPath])
        #expect(metricValue(metrics.stdout, "racimo_frames_rejected_total{reason=\"bad_tag\"}") == 0)
        #expect(try RacimoBinary.run(["peers", "-c", node.configPath]).status == 0)
        // The same request with a wrong token is refused.
        let wrong = node.folder + "/wrong.token"
        try node.write(String(repeating: "0", count: 64), to: wrong, mode: 0o600)
        let config = try String(contentsOfFile: node.configPath, encoding: .utf8)
            .replacingOccurrences(of: "[admin]\n", with: "[admin]\ntoken_file = \"wrong.token\"\n")
        try node.configure(raw: config)
        let refused = try RacimoBinary.run(["peers", "-c", node.configPath])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("401"))
        agent.signal(SIGTERM)
        #expect(agent.waitForExit(timeout: .seconds(5)) == 0)
    }

    @Test("key rotation: a new key is accepted once it is next_key_file, the old one while it is next, and not after")
    func keyRotation() throws {
        let agent = try startAgent()
        var random = SystemRandomNumberGenerator()
        let newKey = ClusterKey.generate(using: &random)
        let now = WallClock(millisecondsSinceEpoch: Int64(Date().timeIntervalSince1970 * 1000))
        var rotator = FrameSealer(sender: NodeName("rotator")!, keyRing: KeyRing(current: newKey), startedAt: now)
        var straggler = FrameSealer(sender: NodeName("straggler")!, keyRing: KeyRing(current: key), startedAt: now)
        func hello(_ sealer: inout FrameSealer) throws {
            var payload = ByteBuffer()
            Hello(softwareVersion: "next").write(to: &payload)
            try sendDatagram(Array(sealer.seal(.hello, payload: payload, now: now).readableBytesView), to: "127.0.0.1", port: framePort)
        }
        func sendHello() throws { try hello(&rotator) }
        func peerFrames(_ name: String) throws -> Int {
            let json = try RacimoBinary.run(["peers", "--json", "-c", node.configPath]).stdout
            struct Report: Decodable { struct Peer: Decodable { var name: String; var frames: Int }; var peers: [Peer] }
            return (try? JSONDecoder().decode(Report.self, from: Data(json.utf8)))?.peers.first { $0.name == name }?.frames ?? 0
        }
        func reload(_ cluster: String) throws {
            let config = try String(contentsOfFile: node.configPath, encoding: .utf8)
            let start = config.range(of: "[cluster]\n")!.upperBound
            let end = config[start...].range(of: "\n\n")!.lowerBound
            try node.configure(raw: config.replacingCharacters(in: start..<end, with: cluster))
            let before = node.log.components(separatedBy: "configuration reloaded").count
            agent.signal(SIGHUP)
            #expect(pollUntil(timeout: .seconds(10)) { node.log.components(separatedBy: "configuration reloaded").count > before },
                    "log:\n\(node.log)")
        }
        try sendHello()
        let refused = try pollUntil(timeout: .seconds(10)) {
            let metrics = try RacimoBinary.run(["metrics", "-c", node.configPath]).stdout
            return metricValue(metrics, "racimo_frames_rejected_total{reason=\"unknown_key\"}") == 1
        }
        #expect(refused)

        // Step 1: every node gets the new key as next_key_file.
        try node.write(newKey.fileContents, to: node.folder + "/next.key", mode: 0o600)
        try reload("key_file = \"cluster.key\"\nnext_key_file = \"next.key\"")
        try sendHello()
        #expect(try pollUntil(timeout: .seconds(10)) { try peerFrames("rotator") == 1 }, "log:\n\(node.log)")

        // Step 2: the new key becomes current; a node still signing with the old one is heard.
        try reload("key_file = \"next.key\"\nnext_key_file = \"cluster.key\"")
        try hello(&straggler)
        try sendHello()
        #expect(try pollUntil(timeout: .seconds(10)) { try peerFrames("straggler") == 1 && peerFrames("rotator") == 2 })

        // Step 3: the old key is dropped; its frames are now from an unknown key.
        try reload("key_file = \"next.key\"")
        try hello(&straggler)
        let dropped = try pollUntil(timeout: .seconds(10)) {
            let metrics = try RacimoBinary.run(["metrics", "-c", node.configPath]).stdout
            return metricValue(metrics, "racimo_frames_rejected_total{reason=\"unknown_key\"}") == 2
        }
        #expect(dropped)
        #expect(try peerFrames("straggler") == 1)
        agent.signal(SIGTERM)
        #expect(agent.waitForExit(timeout: .seconds(5)) == 0)
    }
}
