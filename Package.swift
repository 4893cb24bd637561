// swift-tools-version:6.2
import PackageDescription

// Dependencies are chosen for what each one gives Racimo (README, "Dependencies"):
// NIO for sockets, swift-crypto for the cluster key's HMAC, ArgumentParser for the CLI,
// swift-log/metrics/prometheus for logs and metrics, ServiceLifecycle for the agent's
// ServiceGroup and signals, Hummingbird for the admin endpoint. TOML is parsed by our own
// reader in RacimoCore, because every diagnostic must name file:line:column.
let package = Package(
    name: "racimo",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "racimo", targets: ["racimo"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
    ],
    targets: [
        // Pure: shared vocabulary, no I/O (DESIGN.md, "Pure core, thin shell").
        .target(
            name: "RacimoCore",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Pure: SWIM-style failure detector with Lifeguard, load and clock gossip.
        .target(
            name: "Membership",
            dependencies: [
                "RacimoCore",
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        // Pure: VRRP v2/v3 advertisements and the virtual router state machine (keepalived's rules).
        .target(name: "VRRP", dependencies: ["RacimoCore", .product(name: "Crypto", package: "swift-crypto")]),
        // Pure: the LVS and HAProxy schedulers, health counting, persistence, connection accounting.
        .target(name: "Balancer", dependencies: ["RacimoCore"]),
        // The balancer's data path: TCP, HTTP and UDP proxying, health checks, status file.
        .target(
            name: "BalancerIO",
            dependencies: [
                "Balancer", "RacimoCore", "LinuxSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Pure: the submit language, ClassAd expressions, the job queue's state machine, the
        // negotiator, HTCondor's event-log format and the condor_q/condor_status layouts.
        .target(name: "Jobs", dependencies: ["RacimoCore"]),
        // Pure: where to start a process and when to move it (openMosix's placement and
        // rebalancing policy: load per unit of speed, memory ushering, migration cost, flags).
        .target(name: "RunAnywhere", dependencies: ["RacimoCore"]),
        // The jobs' drivers: the SQLite queue, the schedd and startd services, the starter.
        .target(
            name: "JobsIO",
            dependencies: [
                "Jobs", "RacimoCore", "LinuxSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Run anywhere's drivers: the home socket for `racimo run`, the run port where other
        // nodes start processes, the relay of standard streams and signals between them.
        .target(
            name: "RunAnywhereIO",
            dependencies: [
                "RunAnywhere", "RacimoCore", "LinuxSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // VRRP's driver: raw sockets, rtnetlink addresses, gratuitous ARP, scripts.
        .target(
            name: "VRRPIO",
            dependencies: ["VRRP", "RacimoCore", "LinuxSupport", .product(name: "Logging", package: "swift-log")]
        ),
        // Membership's driver: timers, node readings, member-change logs.
        .target(
            name: "MembershipIO",
            dependencies: [
                "Membership", "RacimoCore", "LinuxSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The only target that talks to Glibc directly (with CLinuxSupport's C shims for what
        // Swift's Glibc module leaves out).
        .target(name: "CLinuxSupport"),
        .target(name: "LinuxSupport", dependencies: ["CLinuxSupport"]),
        // The node daemon: roles as services in one ServiceGroup, admin endpoint, metrics.
        .target(
            name: "Agent",
            dependencies: [
                "RacimoCore",
                "Membership",
                "MembershipIO",
                "VRRP",
                "VRRPIO",
                "Balancer",
                "BalancerIO",
                "Jobs",
                "JobsIO",
                "RunAnywhere",
                "RunAnywhereIO",
                "LinuxSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
        .executableTarget(
            name: "racimo",
            dependencies: [
                "Agent",
                "Jobs",
                "JobsIO",
                "RunAnywhere",
                "RunAnywhereIO",
                "RacimoCore",
                "VRRP",
                "VRRPIO",
                "Balancer",
                "BalancerIO",
                "LinuxSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Benchmarks that need no peer: whole simulated clusters (scripts/bench/).
        .executableTarget(
            name: "racimo-bench",
            dependencies: [
                "Membership", "RacimoCore", "RacimoTestKit",
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        // Test helpers: manual clock, hex fixtures, network-namespace hosts.
        .target(name: "RacimoTestKit", dependencies: ["RacimoCore", "Membership", "VRRP", "LinuxSupport"]),
        .testTarget(name: "RacimoCoreTests", dependencies: ["RacimoCore", "RacimoTestKit"]),
        .testTarget(name: "LinuxSupportTests", dependencies: ["LinuxSupport"]),
        .testTarget(
            name: "MembershipTests",
            dependencies: ["Membership", "RacimoCore", "RacimoTestKit", .product(name: "NIOCore", package: "swift-nio")]
        ),
        .testTarget(name: "VRRPTests", dependencies: ["VRRP", "RacimoCore"]),
        .testTarget(name: "BalancerTests", dependencies: ["Balancer", "RacimoCore"]),
        .testTarget(name: "RunAnywhereTests", dependencies: ["RunAnywhere", "RacimoCore"]),
        .testTarget(
            name: "RunAnywhereIOTests",
            dependencies: ["RunAnywhereIO", "RacimoCore", .product(name: "NIOCore", package: "swift-nio")]
        ),
        .testTarget(name: "JobsTests", dependencies: ["Jobs", "RacimoCore"], exclude: ["Submit/Fixtures"]),
        .testTarget(name: "JobsIOTests", dependencies: ["JobsIO", "Jobs", "RacimoCore", "LinuxSupport", "RacimoTestKit"]),
        .testTarget(name: "SimulationTests", dependencies: ["Membership", "RacimoCore", "RacimoTestKit"]),
        .testTarget(name: "AgentTests", dependencies: ["Agent", "RacimoCore", "RacimoTestKit"]),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "RacimoCore", "RacimoTestKit", "VRRP", "LinuxSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
