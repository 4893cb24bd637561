import Balancer
import BalancerIO
import Logging
import NIOCore
import ServiceLifecycle

/// The balancer as a Service: listens and checks until graceful shutdown, then closes its
/// listeners.
public struct BalancerService: Service {
    let server: BalancerServer

    public init(server: BalancerServer) {
        self.server = server
    }

    public func run() async throws {
        try await server.start()
        try? await gracefulShutdown()
        await server.shutdown()
    }

    /// Runs `plan` in the foreground with SIGTERM and SIGINT as the stop signals, as
    /// `racimo balancer -f haproxy.cfg` does.
    public static func runForeground(plan: BalancerPlan, statusFile: String?, threads: Int? = nil,
                                     logLevel: Logger.Level) async throws {
        LoggingSystem.bootstrap { label in LogfmtLogHandler(label: label, level: logLevel) }
        let logger = Logger(label: "balancer")
        let server = try BalancerServer(plan: plan, logger: logger, statusFile: statusFile,
                                        threads: threads)
        logger.info("starting", metadata: [
            "services": "\(plan.services.map(\.name).joined(separator: ","))", "version": "\(RacimoVersion.current)",
        ])
        var configuration = ServiceGroupConfiguration(
            services: [.init(service: BalancerService(server: server))],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger)
        // A stop that has not finished in 5 s is cancelled: an init script waiting on the
        // process must not wait on a stuck connection.
        configuration.maximumGracefulShutdownDuration = .seconds(5)
        try await ServiceGroup(configuration: configuration).run()
    }
}
