import Balancer
import Foundation
import Logging
import NIOCore
import NIOPosix
import RacimoCore

/// Runs every health check of the plan: one probe per real server and check, however many
/// pools list that server (issue 6: "one probe per real server"), each on its own timer.
/// TCP and HTTP checks are sockets on the event loops, never a fork; only external commands
/// start a process.
final class HealthChecker: Sendable {
    /// One thing to probe and everyone who wants its result.
    struct Probe: Sendable {
        let endpoint: Endpoint
        let check: HealthCheckPlan
        var subscribers: [(pool: String, server: ServerID)]
        /// The virtual service's address and port, passed to ldirectord-style commands.
        let virtual: Endpoint?
    }

    private let probes: [Probe]
    /// HAProxy agent-checks: a server's agent port, how often, and who wants the answer.
    struct Agent: Sendable {
        let endpoint: Endpoint
        let interval: Duration
        var subscribers: [(pool: String, server: ServerID)]
    }
    private let agents: [Agent]
    private let runtime: BalancerRuntime
    private let group: EventLoopGroup
    private let addresses: AddressBook
    private let logger: Logger

    init(plan: BalancerPlan, runtime: BalancerRuntime, group: EventLoopGroup, addresses: AddressBook, logger: Logger) {
        var byKey: [String: Probe] = [:]
        var order: [String] = []
        for pool in plan.pools {
            let virtual = plan.services.first { $0.defaultPool == pool.name }?.binds.first
            for server in pool.servers {
                guard let check = server.check else { continue }
                var endpoint = server.endpoint
                if let port = check.port { endpoint.port = port }
                let key = "\(endpoint)|\(check.kind)"
                if byKey[key] == nil {
                    byKey[key] = Probe(endpoint: endpoint, check: check, subscribers: [], virtual: virtual)
                    order.append(key)
                }
                byKey[key]!.subscribers.append((pool.name, server.id))
            }
        }
        probes = order.map { byKey[$0]! }
        var agents: [String: Agent] = [:]
        var agentOrder: [String] = []
        for pool in plan.pools {
            for server in pool.servers {
                guard let port = server.agentPort else { continue }
                let endpoint = Endpoint(host: server.endpoint.host, port: port)
                let key = endpoint.description
                if agents[key] == nil {
                    agents[key] = Agent(endpoint: endpoint, interval: server.agentInterval ?? .seconds(2), subscribers: [])
                    agentOrder.append(key)
                }
                agents[key]!.subscribers.append((pool.name, server.id))
            }
        }
        self.agents = agentOrder.map { agents[$0]! }
        self.runtime = runtime
        self.group = group
        self.addresses = addresses
        self.logger = logger
    }

    var probeCount: Int { probes.count }

    /// Starts every probe; each first runs at a random point of its interval, so checks of
    /// many servers spread out instead of arriving together (HAProxy's spreading).
    func start() {
        for agent in agents {
            let loop = group.next()
            loop.scheduleTask(in: .milliseconds(Int64.random(in: 0...max(1, agent.interval.milliseconds / 4)))) {
                self.ask(agent, on: loop)
            }
        }
        for probe in probes {
            let loop = group.next()
            let first = Duration.milliseconds(Int64.random(in: 0...max(1, probe.check.interval.milliseconds / 4)))
            loop.scheduleTask(in: first.timeAmount) { self.run(probe, on: loop) }
        }
    }

    /// Checks start at a steady rate, `interval` apart from start to start however long each
    /// one takes (HAProxy keeps its check task's expiry on that grid), so a server that stops
    /// answering is down after about `fall` intervals plus one timeout, not `fall` times both.
    private func run(_ probe: Probe, on loop: EventLoop) {
        let port = probe.endpoint.port
        let started = NIODeadline.now()
        perform(probe, on: loop).whenComplete { result in
            let (passed, reason, weight): (Bool, String, Int?) = switch result {
            case .success(let outcome): outcome
            case .failure(let error): (false, "\(error)", nil)
            }
            let counter = self.runtime.recordCheck(probe.subscribers, passed: passed, weight: weight,
                                                   detail: "\(Self.name(probe.check.kind)) port \(port): \(reason)")
            self.logger.debug("check", metadata: ["server": "\(probe.endpoint)", "passed": "\(passed)", "reason": "\(reason)",
                                                  "health": "\(counter?.health ?? -1)"])
            let next = counter.map { probe.check.nextInterval(after: $0) } ?? probe.check.interval
            // ±5 % jitter keeps probes from falling into step again.
            let jitter = next.milliseconds / 20
            let elapsed = (NIODeadline.now() - started).nanoseconds / 1_000_000
            let wait = max(10, next.milliseconds - elapsed + Int64.random(in: -jitter...max(-jitter, jitter)))
            loop.scheduleTask(in: .milliseconds(wait)) { self.run(probe, on: loop) }
        }
    }

    private func ask(_ agent: Agent, on loop: EventLoop) {
        let started = NIODeadline.now()
        guard let address = try? addresses.socketAddress(agent.endpoint, listenPort: agent.endpoint.port) else { return }
        AgentCheck.ask(address, timeout: agent.interval, on: loop).whenComplete { result in
            if case .success(let reply?) = result { self.runtime.applyAgent(agent.subscribers, reply) }
            let elapsed = (NIODeadline.now() - started).nanoseconds / 1_000_000
            loop.scheduleTask(in: .milliseconds(max(10, agent.interval.milliseconds - elapsed))) { self.ask(agent, on: loop) }
        }
    }

    static func name(_ kind: HealthCheckPlan.Kind) -> String {
        switch kind {
        case .connect: "connect"
        case .http: "http"
        case .external: "external"
        }
    }

    private func perform(_ probe: Probe, on loop: EventLoop) -> EventLoopFuture<(Bool, String, Int?)> {
        let address: SocketAddress
        do {
            address = try addresses.socketAddress(probe.endpoint, listenPort: probe.virtual?.port ?? 0)
        } catch {
            return loop.makeSucceededFuture((false, "cannot resolve \(probe.endpoint.host): \(error)", nil))
        }
        switch probe.check.kind {
        case .connect:
            return ClientBootstrap(group: loop).connectTimeout(probe.check.timeout.timeAmount).connect(to: address)
                .flatMap { channel in channel.close().map { (true, "connected", nil) } }
        case .http(let http):
            return HTTPCheckHandler.probe(http, address: address, host: probe.endpoint.host, timeout: probe.check.timeout,
                                          on: loop)
        case .external(let command, let dynamicWeight):
            let promise = loop.makePromise(of: (Bool, String, Int?).self)
            let virtual = probe.virtual ?? probe.endpoint
            DispatchQueue.global().async {
                promise.succeed(ExternalCheck.run(command, virtual: virtual, real: probe.endpoint,
                                                  timeout: probe.check.timeout, dynamicWeight: dynamicWeight))
            }
            return promise.futureResult
        }
    }
}

extension Duration {
    var milliseconds: Int64 { components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000 }
}
