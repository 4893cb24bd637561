import RunAnywhere

/// Rows shared by the chart tests: node 3 is down, node 4 blocked and quiet, node 5 unnumbered.
enum MonitorFixtures {
    static let mb = 1_048_576

    static let two: [MonitorRow] = [
        MonitorRow(number: 1, name: "node1", load: 1.25, cpus: 2, speed: 20_000,
                   memoryTotal: 2048 * mb, memoryFree: 1024 * mb, utilization: 1.0),
        MonitorRow(number: 2, name: "node2", load: 0.5, cpus: 1, speed: 10_000,
                   memoryTotal: 1024 * mb, memoryFree: 768 * mb, utilization: 0.75),
    ]

    static let five: [MonitorRow] = two + [
        MonitorRow(number: 3, name: "node3", load: 0, memoryTotal: 1024 * mb, memoryFree: 1024 * mb,
                   utilization: 0, up: false),
        MonitorRow(number: 4, name: "node4", load: 2.0, cpus: 4, speed: 15_000,
                   memoryTotal: 4096 * mb, memoryFree: 512 * mb, utilization: 0.5, flags: [.block, .quiet]),
        MonitorRow(number: 12, name: "gw", load: 0.1, memoryTotal: 512 * mb, memoryFree: 256 * mb,
                   utilization: 0.25),
    ]
}
