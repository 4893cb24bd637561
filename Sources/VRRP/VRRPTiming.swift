/// VRRP's timer arithmetic, exactly as keepalived computes it (RFC 3768 §6.1, RFC 9568 §6.1;
/// keepalived `vrrp.h` l.507-510).
///
/// keepalived works in whole microseconds and truncates, so its results differ from the RFC's
/// own units in the last digits: a v3 backup of priority 100 with a 0.1 s interval waits
/// 0.360937 s where the RFC's integer centiseconds would give 0.36 s. Peers in one virtual
/// router only need each other's timers to be ordered by priority, which both keep; matching
/// keepalived's digits makes failovers time the same on a mixed segment.
public enum VRRPTiming {
    /// Skew_Time: how much longer than `adverts` intervals a backup of `priority` waits, so that
    /// the highest-priority backup times out first.
    ///
    /// v2: (256 − priority) / 256 s, regardless of the interval. v3: (256 − priority) ×
    /// Master_Adver_Interval / 256, which keepalived computes as (256 − p) × centiseconds × 625 / 16 µs.
    public static func skewTime(version: VRRPVersion, priority: UInt8, masterAdvertInterval: Duration) -> Duration {
        let weight = Int64(256 - Int(priority))
        switch version {
        case .v2:
            return .microseconds(weight * 1_000_000 / 256)
        case .v3:
            return .microseconds(weight * centiseconds(masterAdvertInterval) * 625 / 16)
        }
    }

    /// Master_Down_Interval: `adverts` (3 per RFC; keepalived's `down_timer_adverts`) ×
    /// Master_Adver_Interval + Skew_Time.
    public static func masterDownInterval(
        version: VRRPVersion, priority: UInt8, masterAdvertInterval: Duration, adverts: Int = 3
    ) -> Duration {
        masterAdvertInterval * adverts
            + skewTime(version: version, priority: priority, masterAdvertInterval: masterAdvertInterval)
    }

    /// The advertisement interval as the wire carries it for `version`, rounded the way
    /// keepalived rounds a configured value (`vrrp.c` l.3715-3760): v2 to whole seconds in
    /// 1...255, v3 to centiseconds in 0.01...40.95 s.
    public static func wireInterval(_ interval: Duration, version: VRRPVersion) -> Duration {
        let micro = microseconds(interval)
        switch version {
        case .v2:
            let seconds = min(max((micro + 500_000) / 1_000_000, 1), 255)
            return .seconds(seconds)
        case .v3:
            let centis = min(max((micro + 5_000) / 10_000, 1), 4095)
            return .milliseconds(centis * 10)
        }
    }

    /// Whole centiseconds in `duration`, truncated (the v3 wire unit).
    static func centiseconds(_ duration: Duration) -> Int64 {
        let parts = duration.components
        return parts.seconds * 100 + parts.attoseconds / 10_000_000_000_000_000
    }

    /// Whole microseconds in `duration`, truncated (keepalived's timer unit).
    static func microseconds(_ duration: Duration) -> Int64 {
        let parts = duration.components
        return parts.seconds * 1_000_000 + parts.attoseconds / 1_000_000_000_000
    }
}
