import Agent
import Foundation
import RacimoCore
import Testing

@Suite("racimo.toml [scheduler] and [execute]")
struct JobRolesTests {
    func parse(_ text: String, file: String = "/etc/racimo/racimo.toml") -> (AgentConfiguration?, [String]) {
        let (configuration, diagnostics) = AgentConfiguration.parse(text, file: file, defaultNodeName: "box1")
        return (configuration, diagnostics.all.map(\.description))
    }

    @Test("[scheduler] takes HTCondor's port and the default paths unless told otherwise")
    func scheduler() {
        let (configuration, diagnostics) = parse("[scheduler]\ndatabase = \"queue.db\"\nnode_loss_grace = \"3s\"\n")
        #expect(diagnostics.isEmpty)
        #expect(configuration?.roles == [.membership, .scheduler])
        #expect(configuration?.scheduler == SchedulerRole(
            listen: Endpoint(host: "0.0.0.0", port: 9618), database: "/etc/racimo/queue.db", socket: "/run/racimo/schedd.sock",
            allowRootJobs: false, nodeLossGrace: .seconds(3)))
    }

    @Test("[execute] needs the schedd's address")
    func executeNeedsScheduler() {
        let (configuration, diagnostics) = parse("[execute]\ncpus = 2\n")
        #expect(configuration == nil)
        #expect(diagnostics == ["/etc/racimo/racimo.toml:1:1: error: [execute] needs 'scheduler', the address of the schedd (CONDOR_HOST) (e.g. scheduler = \"10.213.0.1:9618\")"])
    }

    @Test("[execute] takes FILESYSTEM_DOMAIN, START and memory from the seed's condor_config.local, with its warnings")
    func executeWithCondorConfig() throws {
        let folder = NSTemporaryDirectory() + "racimo-condor-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let seed = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("examples/condor/condor_config.local")
        try FileManager.default.copyItem(atPath: seed.path, toPath: folder + "/condor_config.local")
        let (configuration, diagnostics) = parse(
            "[execute]\nscheduler = \"10.213.0.1\"\ncondor_config = \"condor_config.local\"\n", file: folder + "/racimo.toml")
        #expect(configuration?.roles == [.membership, .execute])
        #expect(configuration?.execute?.scheduler == Endpoint(host: "10.213.0.1", port: 9618))
        #expect(configuration?.execute?.fileSystemDomain == "cluster")
        #expect(configuration?.execute?.uidDomain == "cluster")
        #expect(configuration?.execute?.start == "TRUE")
        #expect(diagnostics.contains { $0.contains("condor_config.local:14:1: warning:") && $0.contains("USE_CKPT_SERVER") })
        #expect(diagnostics.contains { $0.contains("CKPT_SERVER_HOST") })
    }
}
