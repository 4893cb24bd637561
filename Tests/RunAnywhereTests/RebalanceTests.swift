import RunAnywhere
import Testing

@Suite struct RebalanceTests {
    let policy = PlacementPolicy()

    /// Three processes on `a`, none on `b`.
    func crowded(_ aFlags: NodeFlags = [], _ bFlags: NodeFlags = [], home: NodeName = "a",
                 memory: Int = 10 * MiB) -> ([PlacedProcess], [NodeLoad]) {
        let procs = (1...3).map { process(ProcessID(UInt64($0)), home: home, on: "a", memory: memory) }
        return (procs, [node("a", load: 3, flags: aFlags), node("b", flags: bFlags)])
    }

    @Test func aClearImbalanceMovesOneProcess() {
        let (procs, nodes) = crowded()
        let moves = policy.rebalance(processes: procs, nodes: nodes, now: now)
        #expect(moves.map(\.to) == ["b"])
        #expect(moves.first?.process == 1)
    }

    @Test func aSmallImbalanceDoesNotMove() {
        // 2 against 1: after a move it is 1 against 2, no gain; hysteresis keeps it.
        let procs = [process(1, home: "a"), process(2, home: "a")]
        let moves = policy.rebalance(processes: procs, nodes: [node("a", load: 2), node("b", load: 1)], now: now)
        #expect(moves.isEmpty)
    }

    @Test func processesMoveFromSlowToFastNodes() {
        // One process alone on a slow node: a twice-as-fast idle node halves its load.
        let moves = policy.rebalance(processes: [process(1, home: "slow")],
                                     nodes: [node("slow", speed: 5_000, load: 1), node("fast", speed: 20_000)],
                                     now: now)
        #expect(moves.map(\.to) == ["fast"])
    }

    @Test func aTwiceAsFastNodeEndsWithTwiceTheLoad() {
        var procs = (1...6).map { process(ProcessID(UInt64($0)), home: "slow") }
        var nodes = [node("fast", speed: 20_000), node("slow", load: 6)]
        for round in 0..<10 {
            let moves = policy.rebalance(processes: procs, nodes: nodes, now: PolicyInstant(seconds: Double(round) * 100))
            for m in moves {
                guard let i = procs.firstIndex(where: { $0.id == m.process }) else { continue }
                procs[i].current = m.to
                nodes = nodes.map { n in
                    var n = n
                    if n.name == m.from { n.runnable -= 1 }
                    if n.name == m.to { n.runnable += 1 }
                    return n
                }
            }
        }
        #expect(nodes.map(\.runnable) == [4, 2])
    }

    @Test func theCostOfABigProcessOutweighsASmallGain() {
        // Young 4 GiB processes: 37 s of copying over 5 s of expected remaining run.
        let big = (1...3).map { process(ProcessID(UInt64($0)), home: "a", memory: 4 * GiB, age: 5) }
        let nodes = [node("a", load: 3, free: 20 * GiB, total: 32 * GiB), node("b", free: 20 * GiB, total: 32 * GiB)]
        #expect(policy.rebalance(processes: big, nodes: nodes, now: now).isEmpty)
        // The same imbalance with small processes does move.
        let small = big.map { p in var p = p; p.memory = 10 * MiB; return p }
        #expect(policy.rebalance(processes: small, nodes: nodes, now: now).count == 1)
    }

    @Test func aRecentlyMovedProcessIsNotMovedAgain() {
        var procs = (1...3).map { process(ProcessID(UInt64($0)), home: "a", lastMigration: 995) }
        let nodes = [node("a", load: 3), node("b")]
        #expect(policy.rebalance(processes: procs, nodes: nodes, now: now).isEmpty)
        #expect(policy.whyStays(procs[0], nodes: nodes, now: now) == .recentlyMigrated)
        procs[2].lastMigration = PolicyInstant(seconds: 980)
        #expect(policy.rebalance(processes: procs, nodes: nodes, now: now).map(\.process) == [3])
    }

    @Test func youngOrWaitingProcessesAndInspectedOnesStay() {
        let procs = [process(1, home: "a", age: 0.5), process(2, home: "a", cannotMove: .listeningSocket),
                     PlacedProcess(id: 3, home: "a", memory: MiB, cpuShare: 0.1, age: 100)]
        let nodes = [node("a", load: 3), node("b")]
        #expect(policy.rebalance(processes: procs, nodes: nodes, now: now).isEmpty)
        #expect(policy.whyStays(procs[1], nodes: nodes, now: now)?.sentence.contains("socket") == true)
        #expect(policy.whyStays(procs[2], nodes: nodes, now: now) == .notCPUBoundYet)
    }

    @Test func blockedNodesReceiveNoGuests() {
        let (procs, nodes) = crowded([], .block)
        #expect(policy.rebalance(processes: procs, nodes: nodes, now: now).isEmpty)
    }

    @Test func lstayKeepsLocalProcessesHomeButNotGuests() {
        let (locals, nodes) = crowded(.lstay)
        #expect(policy.rebalance(processes: locals, nodes: nodes, now: now).isEmpty)
        let (guests, _) = crowded(home: "elsewhere")
        #expect(policy.rebalance(processes: guests, nodes: nodes, now: now).count == 1)
        let (_, stayNodes) = crowded(.stay)
        #expect(policy.rebalance(processes: guests, nodes: stayNodes, now: now).isEmpty)
    }

    @Test func expelSendsGuestsHome() {
        let procs = [process(1, home: "h1", on: "x"), process(2, home: "h2", on: "x"), process(3, home: "x")]
        let nodes = [node("x", load: 3, flags: .expel), node("h1", load: 5), node("h2", flags: .block)]
        let moves = policy.rebalance(processes: procs, nodes: nodes, now: now)
        #expect(moves == [Migration(process: 1, from: "x", to: "h1", reason: .expel),
                          Migration(process: 2, from: "x", to: "h2", reason: .expel)])
    }

    @Test func bringCallsOwnProcessesHomeIfHomeHasRoom() {
        let procs = [process(1, home: "h", on: "a", memory: 100 * MiB), process(2, home: "h", on: "b", memory: 4 * GiB),
                     process(3, home: "a", on: "a")]
        let nodes = [node("h", load: 0, free: GiB, flags: .bring), node("a", load: 2), node("b", load: 1)]
        let moves = policy.rebalance(processes: procs, nodes: nodes, now: now)
        #expect(moves == [Migration(process: 1, from: "a", to: "h", reason: .bring)])
    }

    @Test func memoryUsheringMovesTheLargestProcessesOffAPagingNode() {
        let procs = [process(1, home: "a", memory: 300 * MiB), process(2, home: "a", memory: 1200 * MiB),
                     process(3, home: "a", memory: 100 * MiB)]
        // a: 4 GiB total, 100 MiB free (< 5 %); b is more loaded but has room.
        let nodes = [node("a", load: 3, free: 100 * MiB, total: 4 * GiB), node("b", load: 6)]
        let moves = policy.rebalance(processes: procs, nodes: nodes, now: now)
        #expect(moves.first == Migration(process: 2, from: "a", to: "b", reason: .memoryUshering))
        #expect(moves.filter { $0.reason == .memoryUshering }.count == 1)
    }

    @Test func atMostNMigrationsPerCall() {
        var settings = PlacementSettings()
        settings.maxMigrationsPerCall = 2
        let procs = (1...20).map { process(ProcessID(UInt64($0)), home: "a") }
        let nodes = [node("a", load: 20)] + (0..<5).map { node(NodeName("b\($0)")) }
        #expect(PlacementPolicy(settings: settings).rebalance(processes: procs, nodes: nodes, now: now).count == 2)
        let all = PlacementPolicy().rebalance(processes: procs, nodes: nodes, now: now)
        #expect(all.count == 4 && Set(all.map(\.to)).count == 4)
        #expect(all == PlacementPolicy().rebalance(processes: procs.reversed(), nodes: nodes.reversed(), now: now))
    }
}

@Suite struct ResidencyAndExplanationTests {
    let policy = PlacementPolicy()

    @Test func residencyDoublesWithEachMigration() {
        var p = process(1, home: "a")
        #expect(policy.residency(for: p) == 10)
        p.migrations = 1
        #expect(policy.residency(for: p) == 10)
        p.migrations = 3
        #expect(policy.residency(for: p) == 40)
        p.migrations = 50
        #expect(policy.residency(for: p) == 600)
    }

    @Test func aProcessAtHomeIsNeverMovedOntoItsOwnNode() {
        // Source is home; an equally loaded tie must not pick the source itself.
        let procs = (1...4).map { process(ProcessID(UInt64($0)), home: "a") }
        let moves = policy.rebalance(processes: procs, nodes: [node("a", load: 4), node("b", load: 1), node("c", load: 1)],
                                     now: now)
        #expect(moves.allSatisfy { $0.from != $0.to })
        #expect(moves.map(\.to) == ["b", "c"])
    }

    @Test func migrationsExplainThemselves() {
        let (procs, nodes) = ([process(1, home: "a"), process(2, home: "a"), process(3, home: "a")],
                              [node("a", load: 3), node("b")])
        let line = policy.rebalance(processes: procs, nodes: nodes, now: now).first?.explanation ?? ""
        #expect(line.hasPrefix("process 1 a -> b: load gain 2.00 exceeds cost"))
    }
}

@Suite struct FlagEdgeTests {
    let policy = PlacementPolicy()

    @Test func anExpelledGuestWhoseHomeIsFullGoesToTheBestOtherNode() {
        let procs = [process(1, home: "h", on: "x", memory: GiB)]
        let nodes = [node("x", load: 1, flags: .expel), node("h", free: 100 * MiB), node("o1", load: 2), node("o2", load: 1)]
        #expect(policy.rebalance(processes: procs, nodes: nodes, now: now)
            == [Migration(process: 1, from: "x", to: "o2", reason: .expel)])
    }

    @Test func nothingIsMovedOffOrOntoAnUnreachableNode() {
        let procs = (1...3).map { process(ProcessID(UInt64($0)), home: "h", on: "down") }
        let nodes = [node("down", load: 3, reachable: false), node("h", flags: .bring), node("idle", reachable: false)]
        #expect(policy.rebalance(processes: procs, nodes: nodes, now: now).isEmpty)
    }

    @Test func aQuietNodeGetsNoGuestsFromRebalancing() {
        let procs = (1...3).map { process(ProcessID(UInt64($0)), home: "a") }
        #expect(policy.rebalance(processes: procs, nodes: [node("a", load: 3), node("q", flags: .quiet)], now: now).isEmpty)
    }
}
