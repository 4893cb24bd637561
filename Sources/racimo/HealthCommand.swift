import Agent
import ArgumentParser
import Foundation

struct HealthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health",
        abstract: "Ask the local agent whether it is healthy, and which peers it hears.")

    @OptionGroup var options: ClientOptions

    func run() async throws {
        let body = try await options.fetch("/v1/health", needsToken: false)
        if options.json { print(body); return }
        let report = try JSONDecoder().decode(HealthReport.self, from: Data(body.utf8))
        print("node \(report.node): \(report.status) (racimo \(report.version), up \(Int(report.uptimeSeconds))s, "
            + "roles: \(report.roles.joined(separator: ", ")), \(report.peersHeard) peer(s) heard)")
        if report.status != "ok" { throw ExitCode(1) }
    }
}

struct PeersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "peers",
        abstract: "List the peers the local agent hears authenticated frames from.")

    @OptionGroup var options: ClientOptions

    func run() async throws {
        let body = try await options.fetch("/v1/peers", needsToken: true)
        if options.json { print(body); return }
        let report = try JSONDecoder().decode(PeersReport.self, from: Data(body.utf8))
        print(PeerRows.table(report.peers))
    }
}

struct MetricsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics",
        abstract: "Print the local agent's Prometheus metrics (what GET /metrics serves).")

    @OptionGroup var options: ClientOptions

    func run() async throws {
        print(try await options.fetch("/metrics", needsToken: false), terminator: "")
    }
}

enum PeerRows {
    static func table(_ peers: [PeerReport]) -> String {
        var table = Table("NAME", "ADDRESS", "VERSION", "SKEW", "FRAMES", "AGE")
        for peer in peers {
            table.append([
                peer.name, peer.address, peer.version, "\(peer.clockOffsetMs)ms", "\(peer.frames)",
                String(format: "%.1fs", Double(peer.ageMs) / 1000),
            ])
        }
        return table.rendered
    }
}
