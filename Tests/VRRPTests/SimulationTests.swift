import RacimoCore
import Testing
@testable import VRRP

/// Whole virtual routers on a simulated segment, reproducible from a seed: who is master after
/// start-up, crashes, restores, graceful stops and partitions, and exactly when.
@Suite("Simulation: routers on one segment")
struct SimulationTests {
    private static func router(_ name: String, _ last: UInt8, priority: UInt8, version: VRRPVersion,
                               interval: Duration, configure: (inout VirtualRouter.Settings) -> Void = { _ in }) -> VirtualRouter.Settings {
        var s = VirtualRouter.Settings(name: name, virtualRouterID: 51, primaryAddress: ip(10, 0, 0, last), virtualAddresses: [vip])
        s.version = version
        s.priority = priority
        s.advertInterval = interval
        configure(&s)
        return s
    }

    private static func mdi(_ version: VRRPVersion, _ priority: UInt8, _ interval: Duration) -> Duration {
        VRRPTiming.masterDownInterval(version: version, priority: priority, masterAdvertInterval: interval)
    }

    /// A (150, .1), B (100, .2) and C (50, .3), started within 1/20 of an interval of each other.
    private static func threeRouters(_ version: VRRPVersion, _ interval: Duration, seed: UInt64) -> SimulatedSegment {
        var segment = SimulatedSegment([
            router("A", 1, priority: 150, version: version, interval: interval),
            router("B", 2, priority: 100, version: version, interval: interval),
            router("C", 3, priority: 50, version: version, interval: interval),
        ], seed: seed)
        for name in ["A", "B", "C"] {
            segment.run(until: segment.now + segment.jitter(interval / 20))
            segment.start(name)
        }
        return segment
    }

    @Test("crash, restore and graceful stop: failovers take exactly the RFC's times, and two masters never last an interval",
          arguments: [(VRRPVersion.v2, Duration.seconds(1)), (.v3, .milliseconds(100))], [UInt64(1), 2, 3, 42])
    func lifecycle(timing: (VRRPVersion, Duration), seed: UInt64) throws {
        let (version, interval) = timing
        var segment = Self.threeRouters(version, interval, seed: seed)
        let startA = try #require(segment.transitions(of: "A").first).at

        // Start-up: the highest priority's timer runs out first, and it stays master.
        segment.run(until: .zero + interval * 10)
        #expect(segment.masters == ["A"])
        #expect(segment.transitions(of: "A").last == .init(at: startA + Self.mdi(version, 150, interval), node: "A",
                                                            from: .backup, to: .master, reason: .masterDownTimer))
        #expect(segment.transitions(of: "B").count == 1 && segment.transitions(of: "C").count == 1)

        // Crash A: B takes over Master_Down_Interval after the last advert it heard from A.
        let crashAt = segment.now + interval / 2
        segment.run(until: crashAt)
        segment.crash("A")
        segment.run(until: crashAt + interval * 10)
        let heard = try #require(segment.lastDelivery(from: "A", to: "B", before: crashAt))
        #expect(segment.masters == ["B"])
        let takeover = try #require(segment.transitions(of: "B").last)
        #expect(takeover == .init(at: heard + Self.mdi(version, 100, interval), node: "B", from: .backup, to: .master, reason: .masterDownTimer))
        #expect(takeover.at - crashAt <= Self.mdi(version, 100, interval))
        #expect(segment.transitions(of: "C").count == 1, "C never moves")

        // Restore A: it starts as backup, ignores B's lower adverts and preempts after its own timer.
        let restoreAt = segment.now + interval / 2
        segment.run(until: restoreAt)
        segment.start("A")
        segment.run(until: restoreAt + interval * 10)
        #expect(segment.masters == ["A"])
        let preempt = try #require(segment.transitions(of: "A").last)
        #expect(preempt == .init(at: restoreAt + Self.mdi(version, 150, interval), node: "A", from: .backup, to: .master, reason: .preempted))
        let yielded = try #require(segment.transitions(of: "B").last)
        #expect(yielded.reason == .higherPriorityAdvert)
        #expect(yielded.at - preempt.at < interval)

        // Stop A gracefully: priority 0, and B takes over after its Skew_Time alone.
        let stopAt = segment.now + interval / 2
        segment.run(until: stopAt)
        segment.stop("A")
        segment.run(until: stopAt + interval * 10)
        #expect(segment.masters == ["B"])
        let priorityZero = try #require(segment.deliveries.last { $0.from == 0 && $0.to == 1 && $0.priority == 0 })
        let skew = VRRPTiming.skewTime(version: version, priority: 100, masterAdvertInterval: interval)
        #expect(segment.transitions(of: "B").last == .init(at: priorityZero.at + skew, node: "B", from: .backup, to: .master,
                                                            reason: .priorityZeroReceived))
        #expect(segment.transitions(of: "C").count == 1)

        // The only overlap is A's preemption, until B hears A: one latency.
        #expect(segment.overlaps.count == 1)
        for overlap in segment.overlaps {
            #expect(overlap.end - overlap.start < interval, "two masters from \(overlap.start) to \(overlap.end)")
        }
    }

    @Test("a partition makes two masters; after it heals, one advert settles it, RFC 9568 or not",
          arguments: [false, true])
    func splitBrain(lowerPriorityNoAdvert: Bool) throws {
        let configure: (inout VirtualRouter.Settings) -> Void = { $0.lowerPriorityNoAdvert = lowerPriorityNoAdvert }
        var segment = SimulatedSegment([
            Self.router("A", 1, priority: 150, version: .v2, interval: .seconds(1), configure: configure),
            Self.router("B", 2, priority: 100, version: .v2, interval: .seconds(1), configure: configure),
        ], seed: 9568)
        segment.start("A")
        segment.start("B")
        segment.run(until: at(10_000))
        segment.partition(["B"])
        segment.run(until: at(15_300))
        #expect(segment.masters == ["A", "B"])

        segment.heal()
        segment.run(until: at(20_000))
        #expect(segment.masters == ["A"])
        let split = try #require(segment.overlaps.last)
        #expect(split.start < at(15_300) && split.end > at(15_300))
        #expect(split.end - at(15_300) < .seconds(1), "settled within one interval of healing")
        #expect(segment.transitions(of: "B").last?.reason == .higherPriorityAdvert)
        let seenByB = segment.conflicts.filter { $0.node == "B" }.map(\.conflict)
        #expect(seenByB.map(\.resolution) == [.weYield])
        #expect(seenByB.first?.other == ip(10, 0, 0, 1))
        #expect(seenByB.first?.otherPriority == 150)
    }

    @Test("two equal priorities started at the same instant: both take over, the higher address keeps it")
    func simultaneousEqualPriorities() throws {
        var segment = SimulatedSegment([
            Self.router("low", 1, priority: 100, version: .v3, interval: .milliseconds(100)),
            Self.router("high", 2, priority: 100, version: .v3, interval: .milliseconds(100)),
        ], seed: 7)
        segment.start("low")
        segment.start("high")
        segment.run(until: at(2000))
        #expect(segment.masters == ["high"])
        #expect(segment.transitions(of: "low").map(\.reason) == [.started, .masterDownTimer, .equalPriorityHigherAddress])
        let overlap = try #require(segment.overlaps.first)
        #expect(overlap.end - overlap.start < .milliseconds(1), "one advert's latency")
    }

    @Test("an owner is master at once, and back at once after a restart")
    func owner() throws {
        var segment = SimulatedSegment([
            Self.router("owner", 1, priority: 255, version: .v2, interval: .seconds(1)),
            Self.router("backup", 2, priority: 100, version: .v2, interval: .seconds(1)),
        ], seed: 255)
        segment.start("owner")
        segment.start("backup")
        segment.run(until: at(10_000))
        #expect(segment.masters == ["owner"])
        #expect(segment.transitions(of: "owner").map(\.reason) == [.startedAsOwner])

        segment.crash("owner")
        segment.run(until: at(20_000))
        #expect(segment.masters == ["backup"])
        segment.start("owner")
        segment.run(until: at(30_000))
        #expect(segment.masters == ["owner"])
        let back = try #require(segment.transitions(of: "owner").last)
        #expect(back == .init(at: at(20_000), node: "owner", from: .initialize, to: .master, reason: .startedAsOwner))
        for overlap in segment.overlaps { #expect(overlap.end - overlap.start < .milliseconds(1)) }
    }

    @Test("nopreempt: a restored higher priority stays backup while the lower master lives")
    func nopreempt() {
        let configure: (inout VirtualRouter.Settings) -> Void = { $0.preempt = false }
        var segment = SimulatedSegment([
            Self.router("A", 1, priority: 150, version: .v2, interval: .seconds(1), configure: configure),
            Self.router("B", 2, priority: 100, version: .v2, interval: .seconds(1), configure: configure),
        ], seed: 11)
        segment.start("A")
        segment.start("B")
        segment.run(until: at(10_000))
        segment.crash("A")
        segment.run(until: at(20_000))
        segment.start("A")
        segment.run(until: at(60_000))
        #expect(segment.masters == ["B"])
        #expect(segment.state("A") == .backup)
    }

    @Test("the same seed replays the same history")
    func deterministic() {
        func history() -> [SimulatedSegment.Transition] {
            var segment = Self.threeRouters(.v3, .milliseconds(100), seed: 2024)
            segment.run(until: at(2000))
            segment.crash("A")
            segment.run(until: at(4000))
            return segment.transitions
        }
        #expect(history() == history())
    }
}
