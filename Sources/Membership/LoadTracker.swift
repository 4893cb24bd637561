import RacimoCore

/// Turns raw readings into the load vector's figures: a run-queue load decayed as openMosix
/// decayed its load (reacting within seconds, where the kernel's 1-minute average takes a
/// minute), and CPU utilisation from the growth of a CPU-time counter.
public struct LoadTracker: Sendable {
    /// Weight kept from the previous value at each reading. With readings every 500 ms, 0.6
    /// takes a steady load from 0 to over 0.9 in 2.5 s (1 − 0.6⁵ = 0.92).
    public let decay: Double
    public private(set) var runQueueLoad = 0.0
    private var last: (at: Instant, cpuSeconds: Double)?

    public init(decay: Double = 0.6) { self.decay = decay }

    /// Folds in one reading; returns (run-queue load, utilisation 0…1).
    public mutating func reading(runnable: Int, cpuSeconds: Double, cpus: Int, at now: Instant) -> (load: Double, utilization: Double) {
        runQueueLoad = runQueueLoad * decay + Double(runnable) * (1 - decay)
        var utilization = 0.0
        if let last, now > last.at {
            let elapsed = Double((now - last.at).components.attoseconds) / 1e18 + Double((now - last.at).components.seconds)
            utilization = min(1, max(0, (cpuSeconds - last.cpuSeconds) / (elapsed * Double(max(cpus, 1)))))
        }
        last = (now, cpuSeconds)
        return (runQueueLoad, utilization)
    }
}
