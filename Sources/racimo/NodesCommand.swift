import Agent
import ArgumentParser
import Foundation

struct NodesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nodes",
        abstract: "List the cluster's nodes as the local agent sees them: state, load, capacity, clock skew, links.",
        discussion: """
            LOAD is the run-queue load decayed over a few seconds (openMosix's load, not the 1-minute \
            average); SKEW is that node's clock minus this one's (over 500 ms is flagged with '!'); \
            LINKS shows each address as up (+) or down (-) by the last probe.
            """)

    @OptionGroup var options: ClientOptions

    @Flag(help: "Redraw every second until interrupted.")
    var watch = false

    func run() async throws {
        repeat {
            let body = try await options.fetch("/v1/nodes", needsToken: true)
            if options.json {
                print(body)
            } else {
                let report = try JSONDecoder().decode(NodesReport.self, from: Data(body.utf8))
                if watch { print("\u{1B}[H\u{1B}[2J", terminator: "") }
                print(NodeRows.table(report.nodes))
            }
            if watch { try await Task.sleep(for: .seconds(1)) }
        } while watch
    }
}

enum NodeRows {
    static func table(_ nodes: [NodeReport]) -> String {
        var table = Table("NAME", "ADDRESS", "STATE", "LOAD", "CPUS", "SPEED", "MEM(FREE/TOTAL)", "UTIL", "SKEW", "LINKS", "AGE")
        for node in nodes {
            let memory = node.memoryTotal.map { "\(mebibytes(node.memoryFree ?? 0))/\(mebibytes($0))M" } ?? "-"
            let skew = node.isSelf ? "-" : node.skewMs.map { "\($0)ms" + (abs($0) > 500 ? "!" : "") } ?? "?"
            table.append([
                node.name + (node.isSelf ? "*" : ""), node.addresses.first ?? "-", node.state,
                node.load.map { String(format: "%.2f", $0) } ?? "-", node.cpus.map(String.init) ?? "-",
                node.speed.map(String.init) ?? "-", memory,
                node.utilization.map { String(format: "%.0f%%", $0 * 100) } ?? "-", skew,
                node.links.map { $0 ? "+" : "-" }.joined(), node.ageMs.map { String(format: "%.1fs", Double($0) / 1000) } ?? "-",
            ])
        }
        return table.rendered
    }

    static func mebibytes(_ bytes: UInt64) -> UInt64 { bytes / (1 << 20) }
}
