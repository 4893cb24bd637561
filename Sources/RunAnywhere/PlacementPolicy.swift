/// The openMosix-style placement and rebalancing policy. A pure value: no clock, no I/O,
/// the same inputs always give the same outputs, ties are broken by node name.
public struct PlacementPolicy: Hashable, Sendable {
    public var settings: PlacementSettings

    public init(settings: PlacementSettings = PlacementSettings()) {
        self.settings = settings
    }

    /// Chooses where to start `process`.
    ///
    /// Picks the node with the lowest `(runnable + 1) / cpus / (speed / 10000)`, skipping nodes
    /// that are unreachable, that accept no guests (`block`, `expel`, `quiet`; home is always
    /// allowed) or that would page (free memory below the process's memory plus
    /// ``PlacementSettings/memoryReserve``, or plus the ushering threshold if larger, so a
    /// placement never triggers memory ushering). Home wins ties, then the smaller name.
    /// If no node qualifies the process stays home with reason ``DecisionReason/noRoom``.
    public func choose(for process: PlacedProcess, among nodes: [NodeLoad], home: NodeName) -> Decision {
        if process.cannotMove == .pinnedByUser {
            return Decision(node: home, reason: .pinned, skipped: [])
        }
        if let homeNode = nodes.first(where: { $0.name == home }), homeNode.flags.keepsLocalsHome {
            return Decision(node: home, reason: .homeKeepsLocals, skipped: [])
        }
        var skipped: [Decision.Skip] = []
        var best: NodeLoad?
        for node in nodes.sorted(by: { $0.name < $1.name }) {
            if let reason = skipReason(node, for: process, home: home) {
                skipped.append(Decision.Skip(node: node.name, reason: reason))
                continue
            }
            if let current = best, !isBetter(node, than: current, home: home) { continue }
            best = node
        }
        guard let chosen = best else {
            return Decision(node: home, reason: .noRoom, skipped: skipped)
        }
        return Decision(node: chosen.name, reason: .leastLoaded(normalizedLoad: chosen.normalizedLoad(adding: 1)),
                        skipped: skipped)
    }

    /// Why a node cannot take `process`, or nil if it can. Home accepts its own
    /// processes even when blocked: `block` is about guests.
    func skipReason(_ node: NodeLoad, for process: PlacedProcess, home: NodeName) -> SkipReason? {
        if !node.reachable { return .unreachable }
        if node.name != home && !node.flags.acceptsGuests { return .refusesGuests }
        if node.wouldPage(adding: process.memory, reserve: reserve(on: node)) { return .wouldPage }
        return nil
    }

    /// Free bytes a node must keep after receiving a process: the reserve, and never below
    /// the ushering threshold, or memory ushering would move the process straight out again.
    func reserve(on node: NodeLoad) -> Int {
        let usher = settings.usherBelowFreeFraction * Double(max(node.totalMemory, 0))
        return max(settings.memoryReserve, usher < Double(Int.max) ? Int(usher.rounded(.up)) : Int.max / 2)
    }

    /// Lower load after adding one process wins; on equal load home wins, then the name.
    func isBetter(_ a: NodeLoad, than b: NodeLoad, home: NodeName) -> Bool {
        let la = a.normalizedLoad(adding: 1), lb = b.normalizedLoad(adding: 1)
        if la != lb { return la < lb }
        if (a.name == home) != (b.name == home) { return a.name == home }
        return a.name < b.name
    }

    /// Seconds a migration of `process` freezes it: the fixed part plus its memory over
    /// the link rate.
    public func migrationSeconds(for process: PlacedProcess) -> Double {
        settings.migrationFixedSeconds + Double(max(process.memory, 0)) / settings.linkBytesPerSecond
    }

    /// The migration cost in load units: frozen seconds amortised over the expected
    /// remaining run, estimated as the time already run (Unix process lifetimes are
    /// heavy-tailed: a process that ran T seconds likely runs about T more).
    public func migrationCost(for process: PlacedProcess) -> Double {
        migrationSeconds(for: process) / max(process.age, settings.minimumHorizon)
    }

    /// Seconds `process` must stay after its last migration: ``PlacementSettings/minimumResidency``
    /// doubled for each earlier migration beyond the first, capped by ``PlacementSettings/maximumResidency``.
    public func residency(for process: PlacedProcess) -> Double {
        let doublings = min(max(process.migrations - 1, 0), 30)
        let base = settings.minimumResidency * Double(1 << doublings)
        return min(base, max(settings.maximumResidency, settings.minimumResidency))
    }

    /// Why load balancing would leave `process` where it is at `now`, or nil if it may move.
    /// `nodes` supplies the flags of its current and home nodes.
    public func whyStays(_ process: PlacedProcess, nodes: [NodeLoad], now: PolicyInstant) -> StayReason? {
        stayReason(process,
                   current: nodes.first(where: { $0.name == process.current }),
                   home: nodes.first(where: { $0.name == process.home }), now: now)
    }

    func stayReason(_ process: PlacedProcess, current: NodeLoad?, home: NodeLoad?, now: PolicyInstant) -> StayReason? {
        if let reason = process.cannotMove { return reason }
        if let current, current.flags.contains(.stay) { return .nodeStays }
        if !process.isGuest, let home, home.flags.keepsLocalsHome { return .homeKeepsLocals }
        if process.cpuShare < settings.cpuBoundShare || process.age < settings.minimumAge { return .notCPUBoundYet }
        if let last = process.lastMigration, now.since(last) < residency(for: process) { return .recentlyMigrated }
        return nil
    }
}
