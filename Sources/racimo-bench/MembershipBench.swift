import Foundation
import Membership
import NIOCore
import RacimoCore
import RacimoTestKit

/// The membership figures of the issue: detection time, false deaths, traffic per node, healing.
struct MembershipBench {
    let nodes: Int
    let loss: Double
    let seed: UInt64
    var verbose = false

    var label: String { "n\(nodes)_loss\(Int(loss * 100))" }

    func makeSimulation() -> MembershipSimulation {
        var simulation = MembershipSimulation(nodes: nodes, seed: seed)
        simulation.recordChanges = false
        simulation.sizeOf = { MembershipWireSize.of($0) }
        // Joining happens without loss, as on a quiet LAN; the figures are measured with it.
        simulation.run(for: .seconds(Double(20 + nodes / 50)))
        simulation.loss = loss
        return simulation
    }

    /// Crashes nodes one at a time, every 10 s, and measures until every live node holds each dead.
    func detect(crashes: Int) {
        var simulation = makeSimulation()
        var falseDeaths = 0
        var crashedSet = Set<Int>()
        simulation.onChange = { time, observer, change in
            if change.to == .dead, let index = Int(change.name.rawValue.dropFirst()), !crashedSet.contains(index) {
                falseDeaths += 1
                if verbose { print("false death at \(time) seen by n\(observer): \(change)") }
            }
        }
        let (sent0, bytes0, start) = (totalSent(simulation), totalBytes(simulation), simulation.now)
        var times: [Double] = []
        var random = SeededRandom(seed: seed &+ 99)
        for _ in 0..<min(crashes, nodes - 2) {
            var victim: Int
            repeat { victim = Int.random(in: 1..<nodes, using: &random) } while crashedSet.contains(victim)
            crashedSet.insert(victim)
            simulation.crash(victim)
            let crashedAt = simulation.now
            var detected: Double?
            while simulation.now < crashedAt + .seconds(10) {
                simulation.run(for: .milliseconds(20))
                if detected == nil, simulation.nodes(notSeeing: victim, as: .dead).isEmpty {
                    detected = seconds(simulation.now - crashedAt)
                }
            }
            times.append(detected ?? 99)
        }
        let elapsed = seconds(simulation.now - start)
        let live = Double(nodes - crashedSet.count / 2)
        times.sort()
        print("figure: membership_detect_p50_\(label): \(format(percentile(times, 0.5))) s")
        print("figure: membership_detect_p99_\(label): \(format(percentile(times, 0.99))) s")
        print("figure: membership_detect_max_\(label): \(format(times.last ?? 0)) s")
        print("figure: membership_false_deaths_\(label): \(falseDeaths) deaths")
        print("figure: membership_messages_per_node_\(label): \(format(Double(totalSent(simulation) - sent0) / live / elapsed)) msg/s")
        print("figure: membership_bytes_per_node_\(label): \(format(Double(totalBytes(simulation) - bytes0) / live / elapsed)) B/s")
    }

    /// Runs with loss and no crash; every death is a false one.
    func soak(seconds duration: Int) {
        var simulation = makeSimulation()
        var falseDeaths = 0
        var suspicions = 0
        simulation.onChange = { _, _, change in
            if change.to == .dead { falseDeaths += 1 }
            if change.to == .suspect { suspicions += 1 }
        }
        let (sent0, start) = (totalSent(simulation), simulation.now)
        for second in 1...max(duration, 1) {
            simulation.run(for: .seconds(1))
            // Progress, so that a long soak cut short still says how far it got clean.
            if second % 300 == 0 {
                // Unbuffered, so a redirected log shows how far a long soak got even if it is cut short.
                FileHandle.standardOutput.write(Data("progress: \(second) s simulated, \(falseDeaths) false deaths, \(suspicions) suspicions\n".utf8))
            }
        }
        let elapsed = seconds(simulation.now - start)
        print("figure: membership_soak_false_deaths_\(label)_\(duration)s: \(falseDeaths) deaths")
        print("figure: membership_soak_suspicions_\(label)_\(duration)s: \(suspicions) suspicions")
        print("figure: membership_soak_messages_per_node_\(label): \(format(Double(totalSent(simulation) - sent0) / Double(nodes) / elapsed)) msg/s")
    }

    /// Two halves apart for 30 s, then healed: time until no node holds any other dead (each sees
    /// each alive, or alive under a suspicion it will refute: at 5 % loss some live node is
    /// always briefly suspected somewhere), and until every pair is strictly alive at one instant.
    func partition() {
        var simulation = makeSimulation()
        simulation.side = (0..<nodes).map { $0 < nodes / 2 ? 0 : 1 }
        simulation.run(for: .seconds(30))
        let split = (0..<nodes).filter { simulation.nodes(notSeeing: $0, as: .alive).count >= nodes / 2 - 1 }.count
        simulation.side = nil
        let healedAt = simulation.now
        var healed: Double?
        var strictly: Double?
        var tick = 0
        while simulation.now < healedAt + .seconds(60), strictly == nil {
            simulation.run(for: .milliseconds(100))
            tick += 1
            if verbose, tick % 10 == 0 {
                var counts: [String: Int] = [:]
                for observer in 0..<nodes {
                    for subject in 0..<nodes where subject != observer {
                        counts[simulation.status(of: subject, seenBy: observer).map(\.description) ?? "unknown", default: 0] += 1
                    }
                }
                if (1...40).contains(counts["dead", default: 0]) { printDeadPairs(simulation, since: healedAt) }
                let health = (0..<nodes).map { simulation.nodes[$0].detector.localHealth }.reduce(0, +)
                print("heal +\(tick / 10)s: \(counts.sorted { $0.key < $1.key }) mean LHM \(Double(health) / Double(nodes))")
            }
            if healed == nil, (0..<nodes).allSatisfy({ subject in
                (0..<nodes).allSatisfy { $0 == subject || simulation.status(of: subject, seenBy: $0)?.isReachable == true }
            }) {
                healed = seconds(simulation.now - healedAt)
            }
            if (0..<nodes).allSatisfy({ simulation.nodes(notSeeing: $0, as: .alive).isEmpty }) {
                strictly = seconds(simulation.now - healedAt)
            }
        }
        print("figure: membership_partition_split_nodes_\(label): \(split) nodes")
        print("figure: membership_partition_heal_\(label): \(healed.map(format) ?? "never (>60)") s")
        print("figure: membership_partition_heal_strict_\(label): \(strictly.map(format) ?? "never (>60)") s")
    }

    /// A few pairs still dead after healing, with both sides' beliefs, to see which path failed.
    private func printDeadPairs(_ simulation: MembershipSimulation, since healedAt: Instant) {
        var shown = 0
        for observer in 0..<nodes where shown < 12 {
            let detector = simulation.nodes[observer].detector
            let down = detector.knownMembers.filter { !$0.status.isReachable }.count
            for member in detector.knownMembers where member.status == .dead && shown < 12 {
                guard let subject = (0..<nodes).first(where: { MembershipSimulation.name($0) == member.name }) else { continue }
                let other = simulation.nodes[subject].detector
                let back = other.member(detector.myself)
                print("dead pair: observer \(observer) (down \(down)) holds \(subject) dead at \(member.incarnation) since heal\(seconds(member.statusSince - healedAt))s; subject at \(other.incarnation), holds observer \(back.map { "\($0.status) at \($0.incarnation)" } ?? "unknown"); sides \(observer < nodes / 2 ? 0 : 1)/\(subject < nodes / 2 ? 0 : 1)")
                shown += 1
            }
        }
    }

    private func totalSent(_ s: MembershipSimulation) -> Int { s.nodes.reduce(0) { $0 + $1.sent } }
    private func totalBytes(_ s: MembershipSimulation) -> Int { s.nodes.reduce(0) { $0 + $1.sentBytes } }
    private func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
    private func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded(.up)))]
    }
    private func format(_ value: Double) -> String {
        let scaled = (value * 1000).rounded() / 1000
        return "\(scaled)"
    }
}

/// Bytes a message takes on the wire: its encoding plus the frame around it (a header with a
/// short sender name, and the 32-byte tag).
enum MembershipWireSize {
    static func of(_ message: MembershipMessage) -> Int {
        var buffer = ByteBuffer()
        message.write(to: &buffer)
        return buffer.readableBytes + Frame.fixedHeaderLength + 3 + 4 + Frame.tagLength
    }
}
