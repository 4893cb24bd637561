/// Tunables of the policy. Defaults come from openMosix/MOSIX where those had a value,
/// otherwise from a stated assumption.
public struct PlacementSettings: Hashable, Sendable {
    /// Bytes that must stay free on a node after placing a process, so it does not page.
    /// Assumption: 64 MiB for the kernel's page cache and daemons.
    public var memoryReserve: Int = 64 << 20

    /// Memory ushering starts when a node's free memory falls below this fraction of its
    /// total (MOSIX ushers when a node "starts excessive paging"; Barak & Braverman 1998).
    public var usherBelowFreeFraction: Double = 0.05

    /// A process counts as CPU-bound from this share of a CPU (openMosix `mosrun -c`/`-i`
    /// hints; only CPU-bound processes gain from moving). A quarter, not a half: two
    /// CPU-bound processes sharing one CPU get half each, and they are the ones to move.
    public var cpuBoundShare: Double = 0.25

    /// A process younger than this is not balanced yet: most short processes end before
    /// a move could pay off.
    public var minimumAge: Double = 1

    /// Fixed part of a migration, seconds: freeze, checkpoint, restore (CRIU). Measured by
    /// `scripts/bench/run-anywhere.sh` on 2026-11-24, with the image pushed straight to the
    /// target: a 10 MB process moves in 0.11–0.15 s.
    public var migrationFixedSeconds: Double = 0.12

    /// Rate of the memory-proportional part, bytes per second. The same runs moved 100 MB in
    /// 0.4–0.5 s and 1 GB in 4.2–4.9 s, about 215 MB/s between two nodes on one machine; a
    /// cluster's gigabit link is slower, and that is what the policy assumes.
    public var linkBytesPerSecond: Double = 100_000_000

    /// Lower bound of the run time a migration is amortised over, seconds.
    public var minimumHorizon: Double = 1

    /// The gain must exceed the cost by this much, in reference-CPU load units.
    /// From the KRG/MOSIX balancer's `stab_factor` of 130 %: a target must stay 0.3 of a
    /// process's load below the source before moving is worth it.
    public var hysteresis: Double = 0.3

    /// A process that migrated is not moved again by load balancing for this many
    /// seconds (no ping-pong). Assumption: 10 s, ten gossip rounds of MOSIX's 1 s.
    /// The residency doubles with each migration the process already made (capped by
    /// ``maximumResidency``): old, small processes are the cheapest to move and would
    /// otherwise be chosen again and again.
    public var minimumResidency: Double = 10

    /// Upper bound of the doubled residency, seconds.
    public var maximumResidency: Double = 600

    /// At most this many migrations per ``PlacementPolicy/rebalance(processes:nodes:now:)``
    /// call, so a node is not flooded (MOSIX's gradual dissemination had the same aim).
    public var maxMigrationsPerCall: Int = 4

    public init() {}
}
