import RunAnywhere
import Testing

/// Seed 002's experiment in the simulation: a program forks 10 equal CPU-bound workers on
/// one node of a 4-node cluster (one CPU each). Placement alone gives 3-3-2-2 and a
/// speed-up of at most 10/3; moving workers when nodes fall idle should do better.
@Suite struct SeedExperimentTests {
    func tenWorkers(on nodeCount: Int) -> ClusterSimulation {
        let nodes = (0..<nodeCount).map {
            ClusterSimulation.Node(name: NodeName("n\($0)"), cpus: 1, speed: 10_000, totalMemory: 4 << 30)
        }
        let jobs = (0..<10).map {
            ClusterSimulation.Job(id: ProcessID(UInt64($0)), home: "n0", current: "n0", memory: 10 << 20,
                                  arrival: 0, work: 100, initialWork: 100)
        }
        return ClusterSimulation(nodes: nodes, jobs: jobs)
    }

    @Test func tenWorkersOnFourNodesBeatPlacementAlone() {
        let single = tenWorkers(on: 1).run(rebalancing: true, arrivalWindow: 0).endTime
        let placed = tenWorkers(on: 4).run(rebalancing: false, arrivalWindow: 0).endTime
        let moved = tenWorkers(on: 4).run(rebalancing: true, arrivalWindow: 0).endTime
        print("figure: \(rounded(single / placed)) speed-up of 10 workers on 4 nodes, placement only")
        print("figure: \(rounded(single / moved)) speed-up of 10 workers on 4 nodes, with rebalancing")
        #expect(single / placed <= 10.0 / 3.0 + 0.01)
        #expect(single / moved >= 3.5)
    }
}
