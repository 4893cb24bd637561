import Agent
import Foundation
import RacimoCore
import Testing

@Suite("racimo.toml [run]")
struct RunRoleTests {
    func parse(_ text: String, file: String) -> (AgentConfiguration?, [String]) {
        let (configuration, diagnostics) = AgentConfiguration.parse(text, file: file, defaultNodeName: "box1")
        return (configuration, diagnostics.all.map(\.description))
    }

    func folder(with map: String) throws -> String {
        let folder = NSTemporaryDirectory() + "racimo-run-role-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try map.write(toFile: folder + "/openmosix.map", atomically: true, encoding: .utf8)
        return folder
    }

    @Test("[run] listens on 9403 with the default socket, and refuses other nodes' root processes")
    func defaults() {
        let (configuration, diagnostics) = parse("[run]\n", file: "/etc/racimo/racimo.toml")
        #expect(diagnostics.isEmpty)
        #expect(configuration?.roles == [.membership, .run])
        #expect(configuration?.run == RunRole(listen: Endpoint(host: "0.0.0.0", port: 9403), socket: "/run/racimo/run.sock", allowRoot: false))
    }

    @Test("the seed's openmosix.map gives node numbers and its other nodes become seeds")
    func seedMap() throws {
        let seed = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("examples/openmosix/openmosix.map")
        let folder = try folder(with: try String(contentsOfFile: seed.path, encoding: .utf8))
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (configuration, diagnostics) = parse(
            "[node]\nlisten = \"192.168.10.1:9401\"\n[run]\nmap = \"openmosix.map\"\n", file: folder + "/racimo.toml")
        #expect(diagnostics.allSatisfy { $0.contains("/etc/hosts") }, "\(diagnostics)")
        #expect(configuration?.seeds == [Endpoint(host: "192.168.10.2", port: 9401)])
        #expect(configuration?.run?.number(ofAddress: "192.168.10.2") == 2)
        #expect(configuration?.run?.number(ofAddress: "192.168.10.9") == nil)
    }

    @Test("a mistake in the map stops the agent at the map's own line and column")
    func badMap() throws {
        let folder = try folder(with: "1 192.168.10.1 2\n2 192.168.10.7 1\n")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (configuration, diagnostics) = parse("[run]\nmap = \"openmosix.map\"\n", file: folder + "/racimo.toml")
        #expect(configuration == nil)
        #expect(diagnostics.first?.hasPrefix("\(folder)/openmosix.map:2:1: error:") == true, "\(diagnostics)")
    }

    @Test("without a map, a node's number is the last two octets of its address, as omdiscd numbered nodes")
    func omdiscdNumbers() {
        let role = RunRole(listen: Endpoint(host: "0.0.0.0", port: 9403), socket: "/run/racimo/run.sock", allowRoot: false)
        #expect(role.number(ofAddress: "10.213.1.7") == 263)
        #expect(role.number(ofAddress: "fe80::1") == nil)
    }
}
