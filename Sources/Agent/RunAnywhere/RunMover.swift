import Foundation
import Logging
import MembershipIO
import NIOConcurrencyHelpers
import RacimoCore
import RunAnywhere
import RunAnywhereIO

/// Moves this home's running processes: on `racimo migrate`, and each second by the
/// openMosix policy (`PlacementPolicy.rebalance`) over membership's loads, the way
/// openMosix's load balancer sent processes from busier to idler nodes.
final class RunMover: Sendable {
    let table: HomeTable
    let placement: RunPlacement
    let membership: MembershipDriver
    let runningHere: @Sendable () -> Int
    let logger: Logger
    private let started = Date()

    private struct Seen {
        var cpuSeconds: Double
        var at: Double
        var share: Double
    }

    private struct State {
        var seen: [UInt64: Seen] = [:]
        var moved: [UInt64: Double] = [:]
    }

    private let state = NIOLockedValueBox(State())
    /// One round at a time: a round decides from the board as it was when it began.
    private let rounds = NIOLock()

    init(table: HomeTable, placement: RunPlacement, membership: MembershipDriver, runningHere: @escaping @Sendable () -> Int, logger: Logger) {
        self.table = table
        self.placement = placement
        self.membership = membership
        self.runningHere = runningHere
        self.logger = logger
    }

    private var now: Double { Date().timeIntervalSince(started) }

    private func nodes() -> [(load: NodeLoad, host: String?)] {
        let table = self.table
        return placement.loads(membership.view(), placed: table.placedCount(), runningHere: runningHere()) { node, instant in
            table.endedLoad(on: node, readAt: instant)
        }
    }

    /// `racimo migrate ID NODE|home|balance`.
    func migrate(_ id: UInt64, to target: String, peer uid: UInt32) -> RunAnswer {
        guard let entry = table.entries().first(where: { $0.id == id }) else {
            return .refused("racimo migrate: no process \(id) started from this node (see racimo ps)")
        }
        guard uid == 0 || uid == entry.uid else { return .refused("racimo migrate: process \(id) is not yours") }
        let nodes = self.nodes()
        var request = RunStart(argv: [], directory: "", environment: [])
        request.id = id
        switch target {
        case "home": request.placement = .home
        case "balance": request.placement = .best
        default: request.placement = .node(target)
        }
        switch placement.choose(request, among: nodes) {
        case .failure(let why): return .refused("racimo migrate: \(why.message)")
        case .success(let choice):
            if choice.node == entry.node { return .text("process \(id) stays on \(entry.node): \(choice.reason)") }
            record(id)
            table.migrate(id, to: choice)
            return .text("moving process \(id) from \(entry.node) to \(choice.node)")
        }
    }

    /// One round of the policy over this home's running processes.
    func rebalance() {
        rounds.withLock { rebalanceRound() }
    }

    private func rebalanceRound() {
        let now = self.now
        let entries = table.entries().filter { $0.state == "running" && $0.pid > 0 }
        let shares = state.withLockedValue { state -> [UInt64: Double] in
            var shares: [UInt64: Double] = [:]
            for entry in entries {
                var seen = state.seen[entry.id] ?? Seen(cpuSeconds: entry.cpuSeconds, at: now, share: 1)
                if now > seen.at + 0.5 {
                    let share = min(1, max(0, (entry.cpuSeconds - seen.cpuSeconds) / (now - seen.at)))
                    seen = Seen(cpuSeconds: entry.cpuSeconds, at: now, share: 0.5 * seen.share + 0.5 * share)
                }
                state.seen[entry.id] = seen
                shares[entry.id] = seen.share
            }
            state.seen = state.seen.filter { id, _ in entries.contains { $0.id == id } }
            return shares
        }
        let moved = state.withLockedValue { $0.moved }
        let processes = entries.map { entry in
            PlacedProcess(
                id: ProcessID(entry.id), home: NodeName(entry.home), current: NodeName(entry.node), memory: entry.residentBytes,
                cpuShare: shares[entry.id] ?? 1, age: entry.seconds,
                cannotMove: entry.stays.flatMap(StayReason.init(code:)),
                lastMigration: moved[entry.id].map { PolicyInstant(seconds: $0) }, migrations: entry.migrations)
        }
        guard !processes.isEmpty else { return }
        let nodes = self.nodes()
        for migration in placement.policy.rebalance(processes: processes, nodes: nodes.map(\.load), now: PolicyInstant(seconds: now)) {
            guard let host = nodes.first(where: { $0.load.name == migration.to })?.host else { continue }
            record(migration.process.rawValue)
            logger.info("run: moving a process", metadata: ["id": "\(migration.process)", "why": "\(migration.explanation)"])
            table.migrate(migration.process.rawValue, to: PlacementChoice(
                node: migration.to.rawValue, endpoint: Endpoint(host: host, port: placement.port), reason: migration.explanation))
        }
    }

    private func record(_ id: UInt64) {
        let now = self.now
        state.withLockedValue { $0.moved[id] = now }
    }
}
