/// The policy's working copy of the cluster during one rebalance call: node readings and
/// process locations, updated as migrations are planned so later choices see earlier ones.
struct Board {
    private(set) var nodes: [NodeName: NodeLoad]
    let names: [NodeName]
    private(set) var processes: [ProcessID: PlacedProcess]
    /// Process ids by current node, each list ordered by id.
    private var byNode: [NodeName: [ProcessID]] = [:]
    private(set) var moved: Set<ProcessID> = []
    private(set) var migrations: [Migration] = []

    init(nodes: [NodeLoad], processes: [PlacedProcess]) {
        var byName: [NodeName: NodeLoad] = [:]
        for node in nodes where byName[node.name] == nil { byName[node.name] = node }
        self.nodes = byName
        self.names = byName.keys.sorted()
        var byID: [ProcessID: PlacedProcess] = [:]
        for process in processes where byID[process.id] == nil { byID[process.id] = process }
        self.processes = byID
        for id in byID.keys.sorted() {
            if let p = byID[id] { byNode[p.current, default: []].append(id) }
        }
    }

    /// Processes on `node` that were not moved in this call yet, ordered by id.
    func residents(of node: NodeName) -> [PlacedProcess] {
        (byNode[node] ?? []).compactMap { id in
            guard let p = processes[id], p.current == node, !moved.contains(id) else { return nil }
            return p
        }
    }

    /// Records a move: one runnable process and its memory go from source to target.
    mutating func move(_ id: ProcessID, to target: NodeName, reason: MigrationReason) {
        guard var process = processes[id], process.current != target, nodes[target] != nil else { return }
        let source = process.current
        if var from = nodes[source] {
            from.runnable = max(from.runnable - 1, 0)
            from.freeMemory += process.memory
            nodes[source] = from
        }
        if var to = nodes[target] {
            to.runnable += 1
            to.freeMemory -= process.memory
            nodes[target] = to
        }
        process.current = target
        processes[id] = process
        byNode[source]?.removeAll { $0 == id }
        byNode[target, default: []].append(id)
        moved.insert(id)
        migrations.append(Migration(process: id, from: source, to: target, reason: reason))
    }
}
