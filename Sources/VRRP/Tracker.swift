/// One thing whose health moves a virtual router's priority or takes it down: keepalived's
/// `track_script`, `track_interface`, `track_process` and `track_file` (keepalived.conf(5),
/// "VRRP script" and "Track files"; arithmetic in `vrrp_track.c` l.582-735).
///
/// A tracker with weight 0 takes its instance to FAULT while it is down (up, when `reverse`);
/// any other weight adds to or takes from the base priority. The driver feeds it results; the
/// tracker counts them against `rise` and `fall` as keepalived counts a script's exits.
public struct Tracker: Hashable, Sendable {
    /// keepalived's `track_script`, `track_interface`, `track_process`, `track_file`.
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        case script, interface, process, file
    }

    /// What the tracker currently reports.
    public enum Status: Hashable, Sendable {
        /// No result yet (a script that has not run): no priority change, and a weight-0
        /// tracker holds its instance in FAULT until the first result, as keepalived does
        /// (`vrrp_scheduler.c` l.273-286, `num_script_init`).
        case unknown
        case up
        case down
    }

    /// One reading from the driver.
    public enum Observation: Hashable, Sendable {
        /// A check passed (script exit 0, interface up, process quorum met).
        case success
        /// A check failed.
        case failure
        /// A track_file's new content.
        case value(Int)
    }

    /// Why a tracker's weight does not count, though it is configured.
    public enum Ignored: Hashable, Sendable {
        /// Priority 255 cannot be lowered (keepalived `vrrp.c` l.4303-4376, man l.1986-1998).
        case addressOwner
        /// Members of a sync group without `sync_group_tracking_weight` (man l.1469-1490).
        case syncGroup
    }

    public let name: String
    public let kind: Kind
    /// −253…253 (a track_file's weight may be wider: its product with the value is clamped).
    public internal(set) var weight: Int
    /// Applies the weight in the other direction (keepalived's `weight N reverse`).
    public let reverse: Bool
    /// Consecutive successes that make a down tracker up…
    public let rise: Int
    /// …and consecutive failures that make an up tracker down.
    public let fall: Int
    public private(set) var status: Status
    /// A track_file's last value (0 for other kinds).
    public private(set) var value: Int
    public internal(set) var ignored: Ignored?

    /// keepalived's `result`: 0..<rise is down, rise...rise+fall−1 is up (`vrrp_track.h` l.50-56).
    var count: Int

    /// A script, interface or process tracker. `status` is `.unknown` for a script that has not
    /// run yet; an interface's or process's state is known when tracking starts.
    public init(_ name: String, kind: Kind, weight: Int = 0, reverse: Bool = false,
                rise: Int = 1, fall: Int = 1, status: Status = .unknown) {
        self.name = name
        self.kind = kind
        // keepalived's parser turns ±254 into ±253 and rejects beyond (vrrp_track.c l.127-138).
        self.weight = kind == .file ? weight : min(max(weight, -253), 253)
        self.reverse = reverse
        self.rise = max(rise, 1)
        self.fall = max(fall, 1)
        self.status = kind == .file ? .up : status
        self.value = 0
        switch status {
        case .unknown: count = self.rise - 1  // "one success is enough" (vrrp_scheduler.c l.358)
        case .down: count = 0
        case .up: count = self.rise + self.fall - 1
        }
    }

    /// A track_file tracker, whose default weight is 1 (man l.1189-1195).
    public static func file(_ name: String, weight: Int = 1, reverse: Bool = false, value: Int = 0) -> Tracker {
        var tracker = Tracker(name, kind: .file, weight: weight, reverse: reverse, status: .up)
        tracker.value = value
        return tracker
    }

    var multiplier: Int { reverse ? -1 : 1 }

    /// Feeds one reading. Returns whether the tracker's up/down status (or file value) changed.
    @discardableResult
    mutating func observe(_ observation: Observation) -> Bool {
        switch observation {
        case .value(let newValue):
            guard kind == .file else { return false }
            defer { value = newValue }
            return newValue != value
        case .success:
            return kind != .file && count(success: true)
        case .failure:
            return kind != .file && count(success: false)
        }
    }

    /// keepalived's rise/fall counter, step for step (`vrrp_scheduler.c` l.1411-1434): a
    /// script's first result after start-up decides at once, later ones must repeat.
    private mutating func count(success: Bool) -> Bool {
        let before = status
        let top = rise + fall - 1
        if success {
            if count < rise - 1 {
                count += 1
            } else if count != top {
                if count < rise { status = .up }
                count = top
            }
        } else {
            if count > rise {
                count -= 1
            } else {
                if count == rise || status == .unknown { status = .down }
                count = 0
            }
        }
        return status != before
    }

    /// What this tracker does to the priority now: the amount added, and whether it takes the
    /// instance to FAULT.
    ///
    /// For up/down trackers this is keepalived's incremental arithmetic in closed form. At start
    /// a tracker adds `weight × m` only if it is up with a positive weight or down with a negative
    /// one; after that an up edge adds |weight| × m and a down edge takes it away
    /// (`vrrp_track.c` l.669-683). Both come to: `weight × m` while (weight > 0) == up, else 0.
    public var contribution: (delta: Int, faults: Bool) {
        if ignored != nil { return (0, false) }
        switch kind {
        case .file:
            if weight == 0 {
                // A non-zero value is a failure when the weight is 0 (man l.1158-1163).
                return (0, (value != 0) == !reverse)
            }
            let status = Tracker.fileStatus(value: value, weight: weight, multiplier: multiplier)
            return status <= -254 ? (0, true) : (status, false)
        case .script, .interface, .process:
            if weight == 0 {
                switch status {
                case .unknown: return (0, true)
                case .up: return (0, reverse)
                case .down: return (0, !reverse)
                }
            }
            guard status != .unknown else { return (0, false) }
            return (weight > 0) == (status == .up) ? (weight * multiplier, false) : (0, false)
        }
    }

    /// value × weight × m clamped to −254…253, −254 meaning FAULT (track_file.c l.689-700).
    static func fileStatus(value: Int, weight: Int, multiplier: Int) -> Int {
        let (product, overflow) = value.multipliedReportingOverflow(by: weight * multiplier)
        if overflow { return (value < 0) == (weight * multiplier < 0) ? 253 : -254 }
        return min(max(product, -254), 253)
    }
}
