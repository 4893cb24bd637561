import BalancerIO
import LinuxSupport
import Logging
import Membership
import MembershipIO
import Metrics
import Prometheus
import RacimoCore
import ServiceLifecycle
import VRRPIO
import Hummingbird

/// `racimo agent`: checks the configuration and secrets, then runs the node's services in one
/// ServiceGroup until SIGTERM or SIGINT, and stops them in reverse order.
public enum AgentRunner {
    /// Why the agent would not start; the CLI prints it and exits with `exitCode`: 2 for a
    /// configuration or secret problem, 1 for the host (an interface, a permission).
    public struct StartupFailure: Error, CustomStringConvertible {
        public var description: String
        public var exitCode: Int32 = 2
    }

    /// Runs until a graceful shutdown completes. Throws `StartupFailure` before starting
    /// anything when the configuration or a secret fails its checks.
    public static func run(configurationPath path: String, softwareVersion: String) async throws {
        let loaded: ConfigurationLoader.Loaded
        let token: String
        do {
            loaded = try ConfigurationLoader.load(path: path)
            token = try AdminToken.loadOrCreate(loaded.configuration.adminTokenFile)
        } catch let failure as ConfigurationLoader.Failure {
            throw StartupFailure(description: failure.description)
        } catch {
            throw StartupFailure(description: "\(error)")
        }
        let configuration = loaded.configuration

        let level = Logger.Level(rawValue: configuration.logLevel.rawValue) ?? .info
        LoggingSystem.bootstrap { label in LogfmtLogHandler(label: label, level: level) }
        var logger = Logger(label: "racimo")
        logger[metadataKey: "node"] = "\(configuration.nodeName)"
        for warning in loaded.warnings { logger.warning("\(warning)") }

        // The vrrp role's keepalived.conf is read before anything starts: an error there stops
        // the agent the way an error in racimo.toml does.
        var vrrpDriver: VRRPDriver?
        if let role = configuration.vrrp {
            let (plan, diagnostics) = VRRPConfigurationFiles.keepalived(path: role.keepalivedFile)
            guard let plan else { throw StartupFailure(description: diagnostics.description) }
            for warning in diagnostics.warnings { logger.warning("\(warning)") }
            do {
                vrrpDriver = try VRRPDriver(plan: plan, logger: Logger(label: "vrrp"), statusFile: role.statusFile ?? VRRPDriver.defaultStatusFile)
            } catch {
                throw StartupFailure(description: "vrrp: \(error)", exitCode: 1)
            }
        }

        // Likewise the balancer role's file; a listener that cannot bind stops it with exit 1.
        var balancerServer: BalancerServer?
        if let role = configuration.balancer {
            let (plan, diagnostics, _) = BalancerConfigurationFiles.load(
                path: role.file, format: role.format.flatMap(BalancerConfigurationFiles.Format.init(rawValue:)))
            guard let plan else { throw StartupFailure(description: diagnostics.description) }
            for warning in diagnostics.warnings { logger.warning("\(warning)") }
            do {
                balancerServer = try BalancerServer(plan: plan, logger: Logger(label: "balancer"),
                                                    statusFile: role.statusFile ?? BalancerServer.defaultStatusFile)
            } catch {
                throw StartupFailure(description: "balancer: \(error)", exitCode: 1)
            }
        }

        let registry = PrometheusCollectorRegistry()
        let jobs = try JobRoleServices.make(configuration: configuration, keyRing: loaded.keyRing)
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))

        let wallNow = WallClock(millisecondsSinceEpoch: HostInfo.wallClockMilliseconds())
        let state = AgentState(configuration: configuration, keyRing: loaded.keyRing, wallNow: wallNow)
        let counters = FrameCounters()
        var seed = SystemRandomNumberGenerator()
        let detector = FailureDetector(
            myself: configuration.nodeName, addresses: configuration.addresses,
            info: NodeInfo(roles: configuration.roles.map(\.rawValue), speed: configuration.speed, softwareVersion: softwareVersion),
            settings: configuration.membership, seed: seed.next())
        let membership = MembershipDriver(
            detector: detector, info: detector.info, seeds: configuration.seeds, logger: Logger(label: "membership"))
        let peers = PeerService(
            state: state, counters: counters, logger: Logger(label: "peers"), softwareVersion: softwareVersion,
            outbox: FrameOutbox(), membership: membership)
        membership.connect { message, destination in peers.send(message, to: destination) }
        let admin = Application(
            router: AdminRoutes.router(
                state: state, registry: registry, token: token, softwareVersion: softwareVersion, membership: membership),
            configuration: .init(
                address: .hostname(configuration.adminListen.host, port: configuration.adminListen.port),
                serverName: "racimo/\(softwareVersion)"),
            logger: Logger(label: "admin"))

        // ServiceGroup starts these together and stops them in reverse order: the admin
        // endpoint goes first, so the node stops answering before it stops hearing peers.
        // Health says `starting` until the frame sockets are bound.
        var services: [any Service] = [
            peers,
            MembershipService(driver: membership),
            ReloadService(state: state, path: path, logger: Logger(label: "reload")),
            admin,
        ]
        // After membership, so that on shutdown the VIPs go (priority 0) before the node leaves.
        if let vrrpDriver { services.insert(VRRPService(driver: vrrpDriver), at: 2) }
        if let balancerServer { services.insert(BalancerService(server: balancerServer), at: 2) }
        // The execute role stops before the scheduler (reverse order), so its jobs are killed
        // while the queue still hears about the node going.
        if let schedd = jobs.schedd {
            services.insert(SchedulerService(server: schedd.server, schedd: schedd.schedd, membership: membership), at: 2)
        }
        if let startd = jobs.startd {
            services.insert(ExecuteService(startd: startd), at: jobs.schedd == nil ? 2 : 3)
        }
        if let role = configuration.run {
            services.insert(RunService.make(configuration: configuration, role: role, keyRing: loaded.keyRing, membership: membership), at: 2)
        }
        if let group = configuration.discovery, let first = configuration.addresses.first {
            services.insert(
                DiscoveryService(group: group, peers: peers, membership: membership, localAddress: first, logger: Logger(label: "discovery")),
                at: 2)
        }
        logger.info("starting", metadata: [
            "version": "\(softwareVersion)", "roles": "\(configuration.roles.map(\.rawValue).joined(separator: ","))",
            "admin": "\(configuration.adminListen)", "pid": "\(HostInfo.processID)",
        ])
        let group = ServiceGroup(configuration: .init(
            services: services.map { .init(service: $0) },
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        try await group.run()
        logger.info("stopped")
    }
}
