import Membership
import RacimoCore
import RacimoTestKit
import Testing

/// Whole clusters of failure detectors on a simulated network, deterministic from a seed.
@Suite("Simulated clusters")
struct MembershipSimulationTests {
    @Test("50 nodes joining through one seed all see each other alive")
    func convergence() {
        var simulation = MembershipSimulation(nodes: 50, seed: 1)
        simulation.run(for: .seconds(10))
        let notAlive = (0..<50).flatMap { subject in simulation.nodes(notSeeing: subject, as: .alive).map { (subject, $0) } }
        #expect(notAlive.isEmpty, "pairs (subject, observer) not alive: \(notAlive.prefix(10))")
    }

    @Test("a crashed node is dead everywhere within 5 s, and nobody else is")
    func crash() {
        var simulation = MembershipSimulation(nodes: 50, seed: 2)
        simulation.loss = 0.05
        simulation.run(for: .seconds(10))
        simulation.clearChanges()
        simulation.crash(7)
        let crashedAt = simulation.now
        var detected: Instant?
        while simulation.now < crashedAt + .seconds(10) {
            simulation.run(for: .milliseconds(50))
            if detected == nil, simulation.nodes(notSeeing: 7, as: .dead).isEmpty { detected = simulation.now }
        }
        let took = detected.map { $0 - crashedAt }
        #expect(took != nil && took! < .seconds(5), "took \(String(describing: took))")
        let falseDeaths = simulation.changes.filter { $0.change.to == .dead && $0.change.name != MembershipSimulation.name(7) }
        #expect(falseDeaths.isEmpty, "\(falseDeaths.prefix(5).map { "\($0.observer): \($0.change)" })")
    }
}

@Suite("Simulated partitions")
struct PartitionSimulationTests {
    @Test("a partition longer than gossip to the dead lasts still heals, through push-pull with the dead")
    func longPartition() {
        var simulation = MembershipSimulation(nodes: 12, seed: 5)
        simulation.run(for: .seconds(10))
        simulation.side = (0..<12).map { $0 < 6 ? 0 : 1 }
        simulation.run(for: .seconds(200))
        #expect(simulation.status(of: 9, seenBy: 0) == .dead)
        simulation.side = nil
        let healedAt = simulation.now
        var healed = false
        while !healed, simulation.now < healedAt + .seconds(40) {
            simulation.run(for: .milliseconds(500))
            healed = (0..<12).allSatisfy { subject in
                (0..<12).allSatisfy { $0 == subject || simulation.status(of: subject, seenBy: $0)?.isReachable == true }
            }
        }
        #expect(healed, "after \(simulation.now - healedAt)")
    }

    @Test("a node restarted after a graceful leave is alive again everywhere at once")
    func restartAfterLeave() {
        var simulation = MembershipSimulation(nodes: 10, seed: 6)
        simulation.run(for: .seconds(10))
        simulation.leave(4)
        simulation.run(for: .seconds(5))
        #expect(simulation.nodes(notSeeing: 4, as: .left).isEmpty)
        simulation.restart(4, through: 0)
        simulation.run(for: .seconds(3))
        #expect(simulation.nodes(notSeeing: 4, as: .alive).isEmpty)
    }
}
