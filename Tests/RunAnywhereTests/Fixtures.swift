import RunAnywhere

let MiB = 1 << 20
let GiB = 1 << 30

/// A node with plenty of memory unless told otherwise.
func node(_ name: NodeName, cpus: Int = 1, speed: Int = 10_000, load: Double = 0,
          free: Int = 8 * GiB, total: Int = 8 * GiB, flags: NodeFlags = [], reachable: Bool = true) -> NodeLoad {
    NodeLoad(name: name, cpus: cpus, speed: speed, runnable: load, freeMemory: free, totalMemory: total,
             flags: flags, reachable: reachable)
}

/// A CPU-bound, long-running, movable process.
func process(_ id: ProcessID, home: NodeName, on current: NodeName? = nil, memory: Int = 10 * MiB,
             age: Double = 600, cannotMove: StayReason? = nil, lastMigration: Double? = nil) -> PlacedProcess {
    PlacedProcess(id: id, home: home, current: current, memory: memory, cpuShare: 1, age: age,
                  cannotMove: cannotMove, lastMigration: lastMigration.map { PolicyInstant(seconds: $0) })
}

let now = PolicyInstant(seconds: 1000)
