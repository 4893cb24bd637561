import Agent
import ArgumentParser
import Foundation
import Logging
import LinuxSupport
import RacimoCore
import VRRP
import VRRPIO

/// `racimo vrrp`: virtual-IP failover from a keepalived.conf, wire-compatible with keepalived.
struct VRRPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vrrp",
        abstract: "Virtual-IP failover (VRRP v2/v3), configured by a keepalived.conf.",
        subcommands: [VRRPRunCommand.self, VRRPStatusCommand.self],
        defaultSubcommand: VRRPRunCommand.self)
}

/// Where the foreground `racimo vrrp` writes its state for `racimo vrrp status`.
enum VRRPStatusPath {
    static var `default`: String {
        HostInfo.userID == 0 ? "/run/racimo-vrrp.json" : "/tmp/racimo-vrrp-\(HostInfo.userID).json"
    }
}

struct VRRPRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the vrrp_* part of a keepalived.conf in the foreground (the default).",
        discussion: """
            Needs root (raw sockets, addresses). SIGTERM or SIGINT stops every instance: a master \
            sends priority 0 and releases its addresses, so the backup takes over at once. \
            Exit status: 2 when the configuration has errors (with file:line:column), 1 when \
            something on the host is missing.
            """)

    @Option(name: [.customShort("f"), .long], help: "The keepalived configuration file.")
    var useFile: String = "/etc/keepalived/keepalived.conf"

    @Flag(name: [.customShort("t"), .customLong("config-test")], help: "Check the file and exit, as keepalived -t.")
    var configTest = false

    @Option(help: "Where to keep the state that 'racimo vrrp status' shows.")
    var statusFile: String = VRRPStatusPath.default

    @Option(help: "Log level: trace, debug, info, notice, warning, error.")
    var logLevel: String = "info"

    func run() async throws {
        let (plan, diagnostics) = VRRPConfigurationFiles.keepalived(path: useFile)
        for diagnostic in diagnostics.all { printError(diagnostic.description) }
        guard let plan else { throw ExitCode(2) }
        if configTest {
            print("\(useFile): ok (\(plan.instances.count) vrrp_instance(s): \(plan.instances.map(\.settings.name).joined(separator: ", ")))")
            return
        }
        do {
            try await VRRPService.runForeground(plan: plan, statusFile: statusFile, logLevel: Logger.Level(rawValue: logLevel) ?? .info)
        } catch let error as VRRPDriverError {
            printError("racimo vrrp: not starting: \(error)")
            throw ExitCode(1)
        }
    }
}

struct VRRPStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show each instance's state, priority with each tracker's part, master and recent transitions.")

    @Option(help: "The state file of the running 'racimo vrrp'.")
    var statusFile: String = VRRPStatusPath.default

    @Flag(help: "Print JSON instead of tables.")
    var json = false

    func run() throws {
        guard let data = FileManager.default.contents(atPath: statusFile) else {
            printError("racimo vrrp status: no state at \(statusFile): is 'racimo vrrp' running (with --status-file)?")
            throw ExitCode(1)
        }
        if json {
            print(String(decoding: data, as: UTF8.self))
            return
        }
        let report = try JSONDecoder().decode(VRRPStatusReport.self, from: data)
        var table = Table("INSTANCE", "STATE", "VRID", "INTERFACE", "PRIORITY", "MASTER", "VIPS")
        for instance in report.instances {
            table.append([
                instance.name, instance.state.uppercased(), "\(instance.virtualRouterID)", instance.interface,
                instance.basePriority == instance.effectivePriority ? "\(instance.effectivePriority)" : "\(instance.effectivePriority) (base \(instance.basePriority))",
                instance.master.map { $0 + (instance.masterPriority.map { " (\($0))" } ?? "") } ?? "-",
                instance.virtualAddresses.joined(separator: ","),
            ])
        }
        print(table.rendered)
        for instance in report.instances {
            print("\n\(instance.name): \(instance.priorityExplanation)")
            if let cause = instance.faultCause { print("  fault: \(cause)") }
            for event in instance.timeline { print("  \(event.time)  \(event.text)") }
        }
        let dropped = report.dropped.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        print("\nadverts sent \(report.advertsSent), two masters seen \(report.twoMastersSeen), dropped: \(dropped.isEmpty ? "none" : dropped)")
    }
}
