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
        abstract: "Virtual-IP failover (VRRP v2/v3), configured by a keepalived.conf or Heartbeat's ha.cf and haresources.",
        subcommands: [VRRPRunCommand.self, VRRPStatusCommand.self],
        defaultSubcommand: VRRPRunCommand.self)
}


struct VRRPRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the vrrp_* part of a keepalived.conf, or a Heartbeat cluster, in the foreground (the default).",
        discussion: """
            Needs root (raw sockets, addresses). SIGTERM or SIGINT stops every instance: a master \
            sends priority 0 and releases its addresses, so the backup takes over at once. \
            With --heartbeat DIR, DIR/ha.cf, DIR/haresources and DIR/authkeys (mode 0600) are \
            run instead: one VRRP instance per haresources line (see docs/vrrp.md). \
            Exit status: 2 when the configuration has errors (with file:line:column), 1 when \
            something on the host is missing.
            """)

    @Option(name: [.customShort("f"), .long], help: "The keepalived configuration file.")
    var useFile: String = Self.defaultFile

    @Option(name: .customLong("heartbeat"), help: ArgumentHelp(
        "Run the Heartbeat cluster of this directory (ha.cf, haresources, authkeys) instead of a keepalived.conf.",
        valueName: "dir"))
    var heartbeatDirectory: String?

    @Option(help: "With --heartbeat: this host's name in ha.cf (default: the host name, as Heartbeat's uname -n).")
    var node: String?

    @Option(help: ArgumentHelp(
        "With --heartbeat: the virtual router ID of the first resource group (the next groups get the next IDs); default: derived from the group's first address.",
        valueName: "id"))
    var vrid: UInt8?

    @Flag(name: [.customShort("t"), .customLong("config-test")], help: "Check the file and exit, as keepalived -t.")
    var configTest = false

    @Option(help: "Where to keep the state that 'racimo vrrp status' shows.")
    var statusFile: String = VRRPDriver.defaultStatusFile

    @Option(help: "Log level: trace, debug, info, notice, warning, error.")
    var logLevel: String = "info"

    func validate() throws {
        if heartbeatDirectory == nil {
            if node != nil { throw ValidationError("--node needs --heartbeat DIR") }
            if vrid != nil { throw ValidationError("--vrid needs --heartbeat DIR") }
        } else if useFile != Self.defaultFile {
            throw ValidationError("use either -f FILE (keepalived.conf) or --heartbeat DIR, not both")
        }
        if vrid == 0 { throw ValidationError("--vrid must be from 1 to 255") }
    }

    static let defaultFile = "/etc/keepalived/keepalived.conf"

    func run() async throws {
        let source: String
        let (plan, diagnostics): (VRRPPlan?, Diagnostics)
        if let heartbeatDirectory {
            source = heartbeatDirectory
            (plan, diagnostics) = VRRPConfigurationFiles.heartbeat(directory: heartbeatDirectory, node: node ?? HostInfo.hostname(),
                                                                   virtualRouterID: vrid)
        } else {
            source = useFile
            (plan, diagnostics) = VRRPConfigurationFiles.keepalived(path: useFile)
        }
        for diagnostic in diagnostics.all { printError(diagnostic.description) }
        guard let plan else { throw ExitCode(2) }
        if configTest {
            print("\(source): ok (\(plan.instances.count) vrrp_instance(s): \(plan.instances.map(\.settings.name).joined(separator: ", ")))")
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
    var statusFile: String = VRRPDriver.defaultStatusFile

    @Flag(help: "Print JSON instead of tables.")
    var json = false

    func run() throws {
        // Without --status-file, a user other than root may be asking about root's daemon.
        let candidates = statusFile == VRRPDriver.defaultStatusFile ? [statusFile, "/run/racimo-vrrp.json"] : [statusFile]
        guard let path = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }),
              let data = FileManager.default.contents(atPath: path)
        else {
            printError("racimo vrrp status: no state at \(candidates.joined(separator: " or ")): is 'racimo vrrp' running (with --status-file)?")
            throw ExitCode(1)
        }
        // A running daemon rewrites the file every second; an old one was left by a daemon
        // that died, and its MASTER may be nobody's now.
        if let written = try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date {
            let age = Int(Date().timeIntervalSince(written))
            let pid = (try? JSONDecoder().decode(VRRPStatusReport.self, from: data).pid).map { " by pid \($0)" } ?? ""
            if age > 3 { printError("warning: \(path) was last written \(age) s ago\(pid): racimo vrrp may not be running; this is its last known state") }
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
