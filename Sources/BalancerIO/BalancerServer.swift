import Balancer
import Foundation
import LinuxSupport
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import RacimoCore

/// A listener that could not start, with the address, for the start-up message.
public struct BalancerStartError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// Runs a plan: listeners for every service, the health checks and the status file.
public final class BalancerServer: Sendable {
    public let runtime: BalancerRuntime
    private let plan: BalancerPlan
    private let group: MultiThreadedEventLoopGroup
    private let logger: Logger
    private let statusFile: String?
    private let addresses: AddressBook
    private let checker: HealthChecker
    private let channels = NIOLockedValueBox<[Channel]>([])
    private let threads: Int
    /// The relay loops of TCP and HTTP mode, started with the first such listener.
    private let relay = NIOLockedValueBox<Relay?>(nil)

    /// Where `racimo lb list` looks by default.
    public static var defaultStatusFile: String {
        HostInfo.userID == 0 ? "/run/racimo-lb.json" : "/tmp/racimo-lb-\(HostInfo.userID).json"
    }

    /// Resolves every server name once (a failure is a start-up error, as in HAProxy).
    /// `threads`, the command line's, wins over the file's (`plan.threads`); without either
    /// there is one per CPU.
    public init(plan: BalancerPlan, logger: Logger, statusFile: String?, threads: Int? = nil) throws {
        let endpoints = plan.pools.flatMap { $0.servers.map(\.endpoint) + [$0.fallback].compactMap { $0 } }
        do {
            addresses = try AddressBook(endpoints: endpoints)
        } catch {
            throw BalancerStartError(message: "cannot resolve a server's address: \(error)")
        }
        let transparent = plan.pools.contains { pool in
            pool.source?.isTransparent == true || pool.servers.contains { $0.source?.isTransparent == true }
        }
        if transparent {
            let refused = StreamSocket.transparentBindError()
            if refused != 0 {
                throw BalancerStartError(message: "'usesrc' connects from addresses that are not this host's, which needs the "
                    + "CAP_NET_ADMIN or CAP_NET_RAW capability (run as root): \(String(cString: strerror(refused)))")
            }
        }
        var resolved: [String: [ServerID: IPAddress]] = [:]
        for pool in plan.pools {
            for server in pool.servers { resolved[pool.name, default: [:]][server.id] = addresses.ipAddress(server.endpoint) }
        }
        self.plan = plan
        self.logger = logger
        self.statusFile = statusFile
        self.threads = max(1, threads ?? plan.threads ?? System.coreCount)
        group = MultiThreadedEventLoopGroup(numberOfThreads: self.threads)
        runtime = BalancerRuntime(plan: plan, addresses: resolved, logger: logger)
        checker = HealthChecker(plan: plan, runtime: runtime, group: group, addresses: addresses, logger: logger)
    }

    /// Binds every listener, then starts the checks and the status file.
    public func start() async throws {
        for service in plan.services {
            guard let poolName = service.defaultPool ?? service.routes.first?.pool,
                  let pool = plan.pool(named: poolName) else { continue }
            for bind in service.binds {
                do {
                    if service.mode == .tcp {
                        try relay(threads: threads).listen(on: bind, connector: connector(service, pool),
                                                           idleTimeout: service.timeouts.tcpIdle)
                    } else if service.mode == .http {
                        try relay(threads: threads).listenHTTP(on: bind, service: service, plan: plan, addresses: addresses)
                    } else {
                        let channel = try await UDPRelay.bind(service: service, pool: pool, endpoint: bind, runtime: runtime,
                                                              addresses: addresses, group: group)
                        channels.withLockedValue { $0.append(channel) }
                    }
                } catch {
                    throw BalancerStartError(message: "cannot listen on \(bind) for \(service.name): \(error)")
                }
                logger.info("listening", metadata: ["service": "\(service.name)", "mode": "\(service.mode.rawValue)",
                                                    "address": "\(bind)", "pool": "\(pool.name)"])
            }
        }
        checker.start()
        startStatusWriter()
    }

    private func connector(_ service: BalancerPlan.Service, _ pool: BalancerPlan.Pool) -> ServerConnector {
        ServerConnector(runtime: runtime, pool: pool, connectTimeout: service.timeouts.connect ?? .seconds(5),
                        queueTimeout: service.timeouts.queue, addresses: addresses)
    }

    private func relay(threads: Int) throws -> Relay {
        try relay.withLockedValue { relay in
            if let relay { return relay }
            let started = try Relay(threads: threads, runtime: runtime, group: group, logger: logger)
            relay = started
            return started
        }
    }

    private func startStatusWriter() {
        guard let statusFile else { return }
        let loop = group.next()
        let runtime = self.runtime, logger = self.logger
        let ticks = NIOLockedValueBox(0)
        write(runtime.status(), to: statusFile, logger: logger)
        loop.scheduleRepeatedTask(initialDelay: .milliseconds(200), delay: .milliseconds(200)) { _ in
            let count = ticks.withLockedValue { $0 += 1; return $0 }
            let changed = runtime.hasChanged
            guard changed || count % 5 == 0 else { return }
            if count % 5 == 0 { runtime.tick() }
            Self.write(runtime.status(), to: statusFile, logger: logger)
        }
    }

    private func write(_ status: BalancerStatus, to path: String, logger: Logger) {
        Self.write(status, to: path, logger: logger)
    }

    /// Written aside and renamed, so a reader never sees half a file.
    static func write(_ status: BalancerStatus, to path: String, logger: Logger) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        guard let data = try? encoder.encode(status) else { return }
        let temporary = path + ".tmp"
        do {
            try Files.writeText(String(decoding: data, as: UTF8.self) + "\n", to: temporary, mode: 0o644, exclusive: false)
            guard rename(temporary, path) == 0 else { throw BalancerStartError(message: "rename failed: errno \(errno)") }
        } catch {
            logger.warning("cannot write the status file", metadata: ["path": "\(path)", "error": "\(error)"])
        }
    }

    /// Closes the listeners, then the event loops (open connections are cut).
    public func shutdown() async {
        let channels = self.channels.withLockedValue { $0 }
        for channel in channels { try? await channel.close() }
        relay.withLockedValue { relay in
            defer { relay = nil }
            return relay
        }?.shutdown()
        try? await group.shutdownGracefully()
        if let statusFile { unlink(statusFile) }
    }
}
