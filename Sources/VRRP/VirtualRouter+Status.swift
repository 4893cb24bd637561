import RacimoCore

extension VirtualRouter {
    /// Counters, as keepalived's `vrrp_stats` keeps them, for `racimo vrrp status` and metrics.
    public struct Statistics: Hashable, Sendable {
        public var advertsReceived = 0
        public var advertsSent = 0
        public var becameMaster = 0
        public var releasedMaster = 0
        public var priorityZeroReceived = 0
        public var priorityZeroSent = 0
        /// Adverts dropped by the instance's checks.
        public var discarded = 0
        /// Adverts whose address list differs from ours (accepted).
        public var addressListErrors = 0
        /// Adverts a master heard from another master ("two masters seen").
        public var conflicts = 0
    }

    /// One instance as `racimo vrrp status` shows it.
    public struct Status: Hashable, Sendable {
        public var name: String
        public var state: State
        public var virtualRouterID: UInt8
        public var basePriority: UInt8
        public var effectivePriority: UInt8
        public var priority: TrackedPriority.Explanation
        public var faultCause: TransitionReason?
        public var masterAddress: IPAddress?
        public var masterPriority: UInt8?
        public var masterAdvertInterval: Duration
        public var masterDownInterval: Duration
        public var statistics: Statistics
    }

    /// A snapshot of this instance for `racimo vrrp status`.
    public var status: Status {
        Status(name: settings.name, state: state, virtualRouterID: settings.virtualRouterID,
               basePriority: settings.priority, effectivePriority: effectivePriority,
               priority: tracked.explanation, faultCause: state == .fault ? faultCause : nil,
               masterAddress: masterAddress, masterPriority: masterPriority,
               masterAdvertInterval: masterAdvertInterval, masterDownInterval: masterDownInterval,
               statistics: statistics)
    }
}
