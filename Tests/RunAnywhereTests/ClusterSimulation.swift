import RunAnywhere

/// A discrete-time cluster: nodes share their CPUs among the processes they run, processes
/// arrive, are placed with `choose`, may be moved by `rebalance` every simulated second (a
/// move freezes them for the policy's migration time) and finish when their work is done.
struct ClusterSimulation {
    struct Node {
        var name: NodeName
        var cpus: Int
        var speed: Int
        var totalMemory: Int
    }

    struct Job {
        var id: ProcessID
        var home: NodeName
        var current: NodeName
        var memory: Int
        var arrival: Double
        /// Work left, in reference-CPU seconds.
        var work: Double
        let initialWork: Double
        var frozenUntil = 0.0
        var lastMigration: Double?
        var migrations = 0
    }

    struct Result {
        var migrationsPerJob: [Int] = []
        var meanSlowdown = 0.0
        var spreadAtEndOfArrivals = 0.0
        var memoryOverruns = 0
        var finished = 0
        var endTime = 0.0
    }

    /// Memory the operating system itself uses on every node.
    static let systemMemory = 256 << 20

    var nodes: [Node]
    var arrivals: [Job]
    var policy = PlacementPolicy()

    /// A given cluster and workload, e.g. seed 002's ten equal workers.
    init(nodes: [Node], jobs: [Job]) {
        self.nodes = nodes
        self.arrivals = jobs.sorted { ($0.arrival, $0.id) < ($1.arrival, $1.id) }
    }

    init(nodeCount: Int, jobCount: Int, arrivalWindow: Double, seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        nodes = (0..<nodeCount).map { i in
            Node(name: NodeName("n\(i < 10 ? "0" : "")\(i)"), cpus: [1, 2, 4].randomElement(using: &rng) ?? 1,
                 speed: [5_000, 10_000, 15_000, 20_000].randomElement(using: &rng) ?? 10_000,
                 totalMemory: [2, 4, 8, 16].randomElement(using: &rng).map { $0 << 30 } ?? 1 << 30)
        }
        let names = nodes.map(\.name)
        arrivals = (0..<jobCount).map { i in
            let work = Double.random(in: 30...600, using: &rng)
            return Job(id: ProcessID(UInt64(i)), home: names.randomElement(using: &rng) ?? "n00", current: "n00",
                       memory: 16 << (20 + Int.random(in: 0...6, using: &rng)),
                       arrival: Double.random(in: 0..<arrivalWindow, using: &rng), work: work, initialWork: work)
        }.sorted { ($0.arrival, $0.id) < ($1.arrival, $1.id) }
    }

    /// The readings membership would gossip right now.
    func readings(_ running: [Job]) -> [NodeLoad] {
        var load: [NodeName: Int] = [:], used: [NodeName: Int] = [:]
        for job in running {
            load[job.current, default: 0] += 1
            used[job.current, default: 0] += job.memory
        }
        return nodes.map { n in
            NodeLoad(name: n.name, cpus: n.cpus, speed: n.speed, runnable: Double(load[n.name] ?? 0),
                     freeMemory: n.totalMemory - Self.systemMemory - (used[n.name] ?? 0), totalMemory: n.totalMemory)
        }
    }

    func run(rebalancing: Bool, arrivalWindow: Double) -> Result {
        var result = Result()
        var pending = arrivals[...]
        var running: [Job] = []
        var slowdowns: [Double] = []
        var t = 0.0
        while (!pending.isEmpty || !running.isEmpty) && t < 100_000 {
            // Arrivals of this second, each placed seeing the ones before it.
            while let next = pending.first, next.arrival < t + 1 {
                pending.removeFirst()
                var job = next
                let asProcess = PlacedProcess(id: job.id, home: job.home, memory: job.memory, age: 0)
                job.current = policy.choose(for: asProcess, among: readings(running), home: job.home).node
                running.append(job)
            }
            // One second of CPU, shared: each process gets min(1, cpus/load) of a CPU.
            let counts = Dictionary(running.map { ($0.current, 1) }, uniquingKeysWith: +)
            let byName = Dictionary(nodes.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
            for i in running.indices {
                guard let node = byName[running[i].current] else { continue }
                let share = min(1, Double(node.cpus) / Double(max(counts[node.name] ?? 1, 1)))
                let awake = max(0, min(1, t + 1 - running[i].frozenUntil))
                running[i].work -= Double(node.speed) / 10_000 * share * awake
            }
            t += 1
            for job in running where job.work <= 0 {
                result.migrationsPerJob.append(job.migrations)
                slowdowns.append((t - job.arrival) / job.initialWork)
            }
            running.removeAll { $0.work <= 0 }
            if rebalancing {
                let processes = running.map { job in
                    PlacedProcess(id: job.id, home: job.home, current: job.current, memory: job.memory,
                                  age: t - job.arrival, lastMigration: job.lastMigration.map { PolicyInstant(seconds: $0) },
                                  migrations: job.migrations)
                }
                let moves = policy.rebalance(processes: processes, nodes: readings(running), now: PolicyInstant(seconds: t))
                for move in moves {
                    guard let i = running.firstIndex(where: { $0.id == move.process }) else { continue }
                    let p = processes[i]
                    running[i].current = move.to
                    running[i].frozenUntil = t + policy.migrationSeconds(for: p)
                    running[i].lastMigration = t
                    running[i].migrations += 1
                }
            }
            let now = readings(running)
            result.memoryOverruns += now.filter { $0.freeMemory < 0 }.count
            if t == arrivalWindow + 10 {
                let loads = now.map { $0.normalizedLoad() }
                result.spreadAtEndOfArrivals = (loads.max() ?? 0) - (loads.min() ?? 0)
            }
        }
        result.finished = slowdowns.count
        result.meanSlowdown = slowdowns.reduce(0, +) / Double(max(slowdowns.count, 1))
        result.endTime = t
        return result
    }
}
