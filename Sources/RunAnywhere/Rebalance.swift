extension PlacementPolicy {
    /// Proposes migrations that improve the cluster, at most
    /// ``PlacementSettings/maxMigrationsPerCall``, each process at most once per call.
    ///
    /// Rules, in priority order:
    /// 1. `expel`: guests of an expelling node go home (or, if home cannot take them, to the
    ///    best other node); residency and CPU-boundness do not matter, inspection reasons do.
    /// 2. `bring`: a node's own processes elsewhere come home if home would not page.
    /// 3. Memory ushering: a node whose free memory is below
    ///    ``PlacementSettings/usherBelowFreeFraction`` of its total moves its largest
    ///    movable processes to nodes with room, until it is above the threshold.
    /// 4. Load balancing: from the most loaded node (per reference CPU), a movable process
    ///    moves to the node that is least loaded after receiving it, only if the gain
    ///    (source load minus target load after the move) exceeds the migration cost plus
    ///    ``PlacementSettings/hysteresis``. Recently moved processes, `stay` nodes and the
    ///    own processes of `lstay` nodes do not move.
    ///
    /// Targets are reachable, do not page, and accept guests unless they are the process's
    /// home. The result depends only on the arguments; ties are broken by name and id.
    public func rebalance(processes: [PlacedProcess], nodes: [NodeLoad], now: PolicyInstant) -> [Migration] {
        var board = Board(nodes: nodes, processes: processes)
        let limit = max(settings.maxMigrationsPerCall, 0)
        expel(&board, limit: limit)
        bring(&board, limit: limit)
        usher(&board, limit: limit, now: now)
        balance(&board, limit: limit, now: now)
        return board.migrations
    }

    private func expel(_ board: inout Board, limit: Int) {
        for name in board.names
        where board.nodes[name].map({ $0.reachable && $0.flags.contains(.expel) }) == true {
            for guest in board.residents(of: name) where guest.isGuest && guest.cannotMove == nil {
                guard board.migrations.count < limit else { return }
                if let home = board.nodes[guest.home], skipReason(home, for: guest, home: guest.home) == nil {
                    board.move(guest.id, to: home.name, reason: .expel)
                } else if let target = bestTarget(for: guest, on: board, excluding: name) {
                    board.move(guest.id, to: target.name, reason: .expel)
                }
            }
        }
    }

    private func bring(_ board: inout Board, limit: Int) {
        for name in board.names where board.nodes[name]?.flags.contains(.bring) == true {
            // A process on an unreachable node cannot be checkpointed from there.
            for other in board.names where other != name && board.nodes[other]?.reachable == true {
                for process in board.residents(of: other) where process.home == name && process.cannotMove == nil {
                    guard board.migrations.count < limit else { return }
                    guard let home = board.nodes[name], skipReason(home, for: process, home: name) == nil else {
                        continue
                    }
                    board.move(process.id, to: name, reason: .bring)
                }
            }
        }
    }

    private func isShortOfMemory(_ node: NodeLoad) -> Bool {
        Double(node.freeMemory) < settings.usherBelowFreeFraction * Double(node.totalMemory)
    }

    private func usher(_ board: inout Board, limit: Int, now: PolicyInstant) {
        let short = board.names.compactMap { board.nodes[$0] }.filter { $0.reachable && isShortOfMemory($0) }
            .sorted { ($0.freeMemory, $0.name) < ($1.freeMemory, $1.name) }
        for source in short {
            let movable = board.residents(of: source.name).filter { process in
                let reason = stayReason(process, current: board.nodes[process.current],
                                        home: board.nodes[process.home], now: now)
                // Paging hurts more than a short stay breaks: only residency and youth are waived.
                return reason == nil || reason == .recentlyMigrated || reason == .notCPUBoundYet
            }.sorted { ($0.memory, $1.id) > ($1.memory, $0.id) }
            for process in movable {
                guard board.migrations.count < limit else { return }
                guard let node = board.nodes[source.name], isShortOfMemory(node) else { break }
                if let target = bestTarget(for: process, on: board, excluding: source.name) {
                    board.move(process.id, to: target.name, reason: .memoryUshering)
                }
            }
        }
    }

    private func balance(_ board: inout Board, limit: Int, now: PolicyInstant) {
        while board.migrations.count < limit {
            let sources = board.names.compactMap { board.nodes[$0] }.filter(\.reachable)
                .sorted { a, b in
                    let la = a.normalizedLoad(), lb = b.normalizedLoad()
                    return la != lb ? la > lb : a.name < b.name
                }
            // No target can end below the emptiest node plus one process, and the cost is never
            // negative: once a source is not above that by the hysteresis, no later one is.
            let floor = board.names.compactMap { board.nodes[$0] }.filter(\.reachable)
                .map { $0.normalizedLoad(adding: 1) }.min() ?? 0
            // Candidate targets, least loaded after receiving one process first.
            let targets = board.names.compactMap { board.nodes[$0] }.filter(\.reachable)
                .map { ($0.normalizedLoad(adding: 1), $0) }
                .sorted { a, b in a.0 != b.0 ? a.0 < b.0 : a.1.name < b.1.name }
            var planned: (ProcessID, NodeName, Double, Double)?
            for source in sources {
                if source.normalizedLoad() - floor <= settings.hysteresis { break }
                var bestNet = 0.0
                for process in board.residents(of: source.name) {
                    if stayReason(process, current: source, home: board.nodes[process.home], now: now) != nil {
                        continue
                    }
                    let cost = migrationCost(for: process)
                    let needed = cost + settings.hysteresis
                    guard let target = firstTarget(for: process, in: targets, excluding: source.name,
                                                   above: source.normalizedLoad() - needed) else { continue }
                    let gain = source.normalizedLoad() - target.normalizedLoad(adding: 1)
                    let net = gain - needed
                    if net > bestNet {
                        bestNet = net
                        planned = (process.id, target.name, gain, cost)
                    }
                }
                if planned != nil { break }
            }
            guard let (id, target, gain, cost) = planned else { return }
            board.move(id, to: target, reason: .loadBalance(gain: gain, cost: cost))
        }
    }

    /// Like ``bestTarget(for:on:excluding:)`` over targets already sorted by load after
    /// receiving a process, stopping once that load reaches `limit` (no gain can be enough).
    private func firstTarget(for process: PlacedProcess, in targets: [(Double, NodeLoad)],
                             excluding excluded: NodeName, above limit: Double) -> NodeLoad? {
        var found: (Double, NodeLoad)?
        for (load, node) in targets {
            if load >= limit { break }
            if let first = found {
                // Only a tie with the process's home can still win.
                if load > first.0 { break }
                if node.name == process.home, node.name != excluded,
                   skipReason(node, for: process, home: process.home) == nil {
                    return node
                }
                continue
            }
            if node.name == excluded || skipReason(node, for: process, home: process.home) != nil { continue }
            if node.name == process.home { return node }
            found = (load, node)
        }
        return found?.1
    }

    /// The node least loaded after receiving `process`, other than `excluded`, that it may
    /// go to; home wins ties, then the name.
    private func bestTarget(for process: PlacedProcess, on board: Board, excluding excluded: NodeName) -> NodeLoad? {
        var best: NodeLoad?
        for name in board.names where name != excluded {
            guard let node = board.nodes[name], skipReason(node, for: process, home: process.home) == nil else {
                continue
            }
            if let current = best, !isBetter(node, than: current, home: process.home) { continue }
            best = node
        }
        return best
    }
}
