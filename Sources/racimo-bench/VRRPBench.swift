import Foundation
import NIOCore
import NIOPosix
import RacimoCore
import RacimoTestKit
import Synchronization

/// `racimo-bench vrrp failover|responder|probe …`: the command line; `VRRPFailoverBench` is the
/// measurement.
enum VRRPBench {
    static let port = 7_213

    static func main(_ arguments: [String]) {
        guard let command = arguments.first else { return usage() }
        var options: [String: String] = [:]
        var rest = Array(arguments.dropFirst())
        while rest.count >= 2, rest[0].hasPrefix("--") {
            options[String(rest[0].dropFirst(2))] = rest[1]
            rest.removeFirst(2)
        }
        guard rest.isEmpty else { return usage() }
        do {
            switch command {
            case "responder":
                try Responder.run(name: options["name"] ?? "?", port: Int(options["port"] ?? "") ?? port)
            case "probe":
                try Prober.run(target: options["target"] ?? "", port: Int(options["port"] ?? "") ?? port,
                               interval: .milliseconds(Int64(options["interval-ms"] ?? "") ?? 10))
            case "failover":
                var bench = try VRRPFailoverBench(
                    racimo: options["racimo"] ?? RacimoBinary.path,
                    keepalived: options["keepalived"] ?? "/usr/sbin/keepalived",
                    clusterName: options["cluster"])
                bench.keepLogs = options["keep-logs"] == "1"
                let runs = Int(options["runs"] ?? "") ?? 10
                let wanted = options["scenarios"].map { Set($0.split(separator: ",").map(String.init)) }
                try bench.run(runs: runs, scenarios: VRRPFailoverBench.Scenario.all.filter { wanted?.contains($0.name) ?? true })
            default:
                usage()
            }
        } catch {
            FileHandle.standardError.write(Data("racimo-bench vrrp \(command): \(error)\n".utf8))
            exit(1)
        }
    }

    static func usage() {
        print("""
            usage: racimo-bench vrrp failover [--runs N] [--racimo PATH] [--keepalived PATH] [--cluster NAME] [--keep-logs 1]
                                              [--scenarios v3_100ms_kill9,v2_1s_kill9,v2_1s_term]
                   racimo-bench vrrp responder --name NAME [--port P]       (inside a director)
                   racimo-bench vrrp probe --target VIP [--port P] [--interval-ms 10]   (inside the client)
            """)
    }

    /// The shared clock of the bench and its probers in other namespaces: CLOCK_MONOTONIC,
    /// which every process on the machine reads alike (network namespaces do not change it).
    static var uptime: Double { ProcessInfo.processInfo.systemUptime }
}

// MARK: - The bench
