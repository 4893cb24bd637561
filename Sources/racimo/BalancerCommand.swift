import Agent
import ArgumentParser
import Balancer
import BalancerIO
import Logging
import RacimoCore

/// `racimo balancer -f FILE`: the load balancer, from a haproxy.cfg, an ldirectord.cf or the
/// `virtual_server` blocks of a keepalived.conf.
struct BalancerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "balancer",
        abstract: "Load-balance TCP, HTTP and UDP services from a haproxy.cfg, ldirectord.cf or keepalived.conf.",
        discussion: """
            Runs in the foreground until SIGTERM or SIGINT. Every service runs as a proxy in user \
            space, whatever forwarding method (gate/masq/ipip, DR/NAT/TUN) the file names; the \
            warnings say what that changes. 'racimo lb list' shows the table. \
            Exit status: 2 when the configuration has errors (with file:line:column), 1 when a \
            listener cannot start.
            """)

    @Option(name: [.customShort("f"), .long], help: "The configuration file.")
    var file: String

    @Option(help: ArgumentHelp("The file's dialect (default: guessed from its content).", valueName: "haproxy|ldirectord|keepalived"))
    var format: String?

    @Flag(name: [.customShort("c"), .customLong("check")], help: "Check the file and exit, as haproxy -c.")
    var checkOnly = false

    @Option(help: "Where to keep the table that 'racimo lb list' shows.")
    var statusFile: String = BalancerServer.defaultStatusFile

    @Option(help: ArgumentHelp("Proxy threads, as HAProxy's nbthread, and as many for health checks and UDP (default: the file's nbthread, else one per CPU).", valueName: "n"))
    var threads: Int?

    @Option(help: "Log level: trace, debug, info, notice, warning, error.")
    var logLevel: String = "info"

    func validate() throws {
        if let format, BalancerConfigurationFiles.Format(rawValue: format) == nil {
            throw ValidationError("--format must be one of haproxy, ldirectord, keepalived")
        }
        if let threads, !(1...256).contains(threads) { throw ValidationError("--threads must be from 1 to 256") }
    }

    func run() async throws {
        let (plan, diagnostics, format) = BalancerConfigurationFiles.load(
            path: file, format: self.format.flatMap(BalancerConfigurationFiles.Format.init(rawValue:)))
        for diagnostic in diagnostics.all { printError(diagnostic.description) }
        guard let plan else { throw ExitCode(2) }
        if checkOnly {
            let servers = plan.pools.reduce(0) { $0 + $1.servers.count }
            print("\(file): ok (\(format.rawValue): \(plan.services.count) service(s), \(plan.pools.count) pool(s), \(servers) server(s))")
            return
        }
        do {
            try await BalancerService.runForeground(plan: plan, statusFile: statusFile, threads: threads,
                                                    logLevel: Logger.Level(rawValue: logLevel) ?? .info)
        } catch let error as BalancerStartError {
            printError("racimo balancer: not starting: \(error)")
            throw ExitCode(1)
        }
    }
}
