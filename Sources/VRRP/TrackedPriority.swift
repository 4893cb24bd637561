/// A virtual router's priority as keepalived derives it: the configured base plus the weights
/// of its trackers, clamped to 1…254, with 255 (the address owner) never moved
/// (keepalived `vrrp_track.c` l.582-600 `vrrp_set_effective_priority`).
///
/// keepalived keeps a running `total_priority` and adds or subtracts at every tracker edge;
/// this keeps the trackers and computes the same total from their current states, so it can
/// also say what each one contributes (`explanation`, for `racimo vrrp status`).
public struct TrackedPriority: Hashable, Sendable {
    /// The configured `priority`.
    public let base: UInt8
    /// In configuration order, each with its current reading.
    public private(set) var trackers: [Tracker]

    /// Trackers keepalived would drop or neutralise for an address owner are marked here, as
    /// its configuration check does (`vrrp.c` l.4303-4376): weighted ones are ignored, except a
    /// track_file left at its default weight 1, which becomes a weight-0 (fault-only) tracker.
    public init(base: UInt8, trackers: [Tracker] = []) {
        self.base = base
        self.trackers = trackers
        if base == 255 { neutraliseWeights(because: .addressOwner) }
    }

    /// base + every tracker's contribution, before clamping (keepalived's `total_priority`).
    public var total: Int {
        trackers.reduce(Int(base)) { $0 + $1.contribution.delta }
    }

    /// The priority advertised: `base` if it is 255, else `total` clamped to 1…254, so that a
    /// tracker can neither make a router the owner nor stop it (0 means "stopping").
    public var effective: UInt8 {
        if base == 255 { return 255 }
        return UInt8(min(max(total, 1), 254))
    }

    /// Names of the trackers that hold the instance in FAULT now (weight 0 and down, a pending
    /// weight-0 script, a track_file at −254 or below).
    public var faultingTrackers: [String] {
        trackers.filter { $0.contribution.faults }.map(\.name)
    }

    /// Whether any tracker holds the instance in FAULT.
    public var isFaulty: Bool { trackers.contains { $0.contribution.faults } }

    /// Whether a tracker of that name exists.
    public func tracks(_ name: String) -> Bool { trackers.contains { $0.name == name } }

    /// Feeds a reading to every tracker of that name (a sync group's tracker is copied into each
    /// member). Returns whether any tracker's state changed.
    @discardableResult
    public mutating func observe(_ name: String, _ observation: Tracker.Observation) -> Bool {
        var changed = false
        for index in trackers.indices where trackers[index].name == name {
            if trackers[index].observe(observation) { changed = true }
        }
        return changed
    }

    /// What keepalived does to a sync group member's trackers unless the group sets
    /// `sync_group_tracking_weight` (`vrrp.c` l.4303-4360): a weighted interface becomes a weight-0
    /// one (its loss is a FAULT), a track_file at the default weight 1 likewise, and other weighted
    /// scripts and files are ignored. Processes keep their weights there, and so do they here.
    mutating func applySyncGroupRules() {
        neutraliseWeights(because: .syncGroup)
    }

    private mutating func neutraliseWeights(because reason: Tracker.Ignored) {
        for index in trackers.indices where trackers[index].weight != 0 && trackers[index].ignored == nil {
            switch trackers[index].kind {
            case .interface:
                // An owner stops tracking the interface; a sync group member faults on it.
                if reason == .syncGroup { trackers[index].weight = 0 } else { trackers[index].ignored = reason }
            case .file:
                if trackers[index].weight == 1 { trackers[index].weight = 0 } else { trackers[index].ignored = reason }
            case .script:
                trackers[index].ignored = reason
            case .process:
                // keepalived leaves a member's weighted process alone, and an owner's priority
                // cannot move anyway (vrrp_track.c l.957).
                if reason == .addressOwner { trackers[index].ignored = reason }
            }
        }
    }
}
