import Logging
import ServiceLifecycle
import VRRP
import VRRPIO

/// The `vrrp` role as a Service: runs the plan's virtual routers until graceful shutdown, then
/// gives up every VIP with a priority-0 advert (DESIGN.md rule 10: shutdown in reverse order
/// gives up the VIP first).
public struct VRRPService: Service {
    let driver: VRRPDriver

    public init(driver: VRRPDriver) {
        self.driver = driver
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await driver.run()
        }
    }

    /// Runs `plan` in the foreground with SIGTERM and SIGINT as the stop signals, as
    /// `racimo vrrp -f keepalived.conf` does.
    public static func runForeground(plan: VRRPPlan, statusFile: String?, logLevel: Logger.Level) async throws {
        LoggingSystem.bootstrap { label in LogfmtLogHandler(label: label, level: logLevel) }
        let logger = Logger(label: "vrrp")
        let driver = try VRRPDriver(plan: plan, logger: logger, statusFile: statusFile)
        logger.info("starting", metadata: [
            "instances": "\(plan.instances.map(\.settings.name).joined(separator: ","))", "version": "\(RacimoVersion.current)",
        ])
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: VRRPService(driver: driver))],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        try await group.run()
    }
}
