/// A point on a monotonic timeline, for state machines.
///
/// State machines never read a clock: the driver passes `now` into every event (DESIGN.md, rule 3),
/// so a simulation can run a thousand nodes on one timeline. The origin is arbitrary (a driver
/// uses the process's monotonic clock, a test starts at zero).
public struct Instant: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Time since the origin.
    public var sinceOrigin: Duration

    public init(_ sinceOrigin: Duration) { self.sinceOrigin = sinceOrigin }

    public static let zero = Instant(.zero)

    public static func < (a: Instant, b: Instant) -> Bool { a.sinceOrigin < b.sinceOrigin }
    public static func + (a: Instant, d: Duration) -> Instant { Instant(a.sinceOrigin + d) }
    public static func - (a: Instant, d: Duration) -> Instant { Instant(a.sinceOrigin - d) }
    public static func - (a: Instant, b: Instant) -> Duration { a.sinceOrigin - b.sinceOrigin }

    public var description: String { "@\(sinceOrigin)" }
}

/// Wall-clock time in milliseconds since the Unix epoch, as carried on the wire.
///
/// Kept apart from `Instant`: wall clocks jump (NTP steps) and differ between nodes, which is
/// exactly what frames carry them for (clock-skew estimates and the freshness check).
public struct WallClock: Hashable, Comparable, Sendable {
    public var millisecondsSinceEpoch: Int64

    public init(millisecondsSinceEpoch: Int64) { self.millisecondsSinceEpoch = millisecondsSinceEpoch }

    public static func < (a: WallClock, b: WallClock) -> Bool {
        a.millisecondsSinceEpoch < b.millisecondsSinceEpoch
    }

    /// Signed distance `a - b` in whole milliseconds, saturating.
    public static func millisecondsBetween(_ a: WallClock, _ b: WallClock) -> Int64 {
        let (difference, overflow) = a.millisecondsSinceEpoch.subtractingReportingOverflow(b.millisecondsSinceEpoch)
        guard overflow else { return difference }
        return a.millisecondsSinceEpoch < b.millisecondsSinceEpoch ? Int64.min : Int64.max
    }

    /// Signed distance `a - b`, saturating: timestamps come from the network, and no value a
    /// peer sends may trap the subtraction.
    public static func - (a: WallClock, b: WallClock) -> Duration {
        let (difference, overflow) = a.millisecondsSinceEpoch.subtractingReportingOverflow(b.millisecondsSinceEpoch)
        guard overflow else { return .milliseconds(difference) }
        return .milliseconds(a.millisecondsSinceEpoch < b.millisecondsSinceEpoch ? Int64.min : Int64.max)
    }
}
