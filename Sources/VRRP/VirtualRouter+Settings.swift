import RacimoCore

extension VirtualRouter {
    /// keepalived's `state MASTER|BACKUP`.
    ///
    /// What keepalived really does with it (`vrrp.c` l.3302-3318, 3546-3558;
    /// `vrrp_scheduler.c` l.216-244): only an address owner (priority 255) starts as master at
    /// once, and an owner does so by default. A non-owner configured MASTER starts as BACKUP
    /// and waits the full Master_Down_Interval like any backup; the setting only turns off
    /// `nopreempt` and `preempt_delay` for it. An owner configured BACKUP waits too.
    public enum InitialState: String, Hashable, Sendable {
        case master, backup
    }

    /// Gratuitous ARP / unsolicited NA bursts (keepalived.conf(5) l.395-451; `vrrp.h` l.167-170).
    public struct GratuitousARPSettings: Hashable, Sendable {
        /// Announcements per burst on becoming master (`vrrp_garp_master_repeat`).
        public var masterRepeat = 5
        /// Second burst this long after becoming master; zero for none (`vrrp_garp_master_delay`).
        public var masterDelay: Duration = .seconds(5)
        /// Periodic re-announcement while master; zero for none (`vrrp_garp_master_refresh`).
        public var refreshInterval: Duration = .zero
        public var refreshRepeat = 1
        /// Burst sent when a master hears a lower-priority advert, and its second burst
        /// (`vrrp_garp_lower_prio_repeat`/`_delay`, defaulting to the master values, `vrrp.c` l.4985-4988).
        public var lowerPriorityRepeat = 5
        public var lowerPriorityDelay: Duration = .seconds(5)

        public init() {}

        /// keepalived's `vrrp_min_garp`: one announcement, no second burst.
        public static var minimal: GratuitousARPSettings {
            var settings = GratuitousARPSettings()
            settings.masterRepeat = 1
            settings.masterDelay = .zero
            settings.lowerPriorityRepeat = 1
            settings.lowerPriorityDelay = .zero
            return settings
        }
    }

    /// One `vrrp_instance`.
    public struct Settings: Hashable, Sendable {
        /// The instance name, as in logs and notifications.
        public var name: String
        public var version: VRRPVersion = .v2
        public var virtualRouterID: UInt8
        /// Base priority, 1…255; 255 means this router owns the virtual addresses. 0 means
        /// "not configured": 255 if `initialState` is MASTER, else 100 (keepalived `vrrp.c` l.3302).
        public var priority: UInt8 = 100
        /// Advertisement_Interval: whole seconds for v2, centiseconds for v3.
        public var advertInterval: Duration = .seconds(1)
        public var virtualAddresses: [IPAddress]
        /// This router's own address on the segment: the source of its adverts and the
        /// equal-priority tie-break.
        public var primaryAddress: IPAddress
        /// Preempt_Mode; false is keepalived's `nopreempt`.
        public var preempt = true
        /// keepalived's `preempt_delay` (0…1000 s): how long lower-priority adverts are still
        /// accepted after the first one is heard, before this backup preempts.
        public var preemptDelay: Duration = .zero
        /// `state MASTER|BACKUP`; nil when not configured (MASTER for an owner, else BACKUP).
        public var initialState: InitialState?
        /// v2 only; v3 ignores it, as keepalived does.
        public var authentication: VRRPAuthentication = .none
        /// Pre-RFC 9568 behaviour: a master hearing a lower-priority advert does not answer it.
        public var lowerPriorityNoAdvert = false
        /// A master losing to a higher priority sends one last advert first, so the winner,
        /// hearing a lower priority, re-announces its addresses (man l.455-467).
        public var higherPrioritySendAdvert = false
        /// An owner drops every advert, as the RFCs say (keepalived's `owner_ignore_adverts`, off
        /// unless `vrrp_strict`).
        public var ownerIgnoresAdverts = false
        /// Intervals a backup waits before Skew_Time (keepalived's `down_timer_adverts`, 1…100).
        public var downTimerAdverts = 3
        public var gratuitousARP = GratuitousARPSettings()

        public init(name: String, virtualRouterID: UInt8, primaryAddress: IPAddress, virtualAddresses: [IPAddress]) {
            self.name = name
            self.virtualRouterID = virtualRouterID
            self.primaryAddress = primaryAddress
            self.virtualAddresses = virtualAddresses
        }

        /// Whether this router owns the addresses (priority 255).
        public var isOwner: Bool { priority == 255 }

        /// Whether this router becomes master at start-up without waiting.
        public var startsAsMaster: Bool { isOwner && (initialState ?? .master) == .master }
    }

    /// A setting keepalived would not run as given, and what was used instead. The
    /// configuration reader turns these into diagnostics with file and line.
    public enum Adjustment: Hashable, Sendable, CustomStringConvertible {
        case priorityDerived(UInt8)
        case advertIntervalRounded(from: Duration, to: Duration)
        case nopreemptIgnoredForOwner
        case nopreemptIgnoredWithInitialMaster
        case preemptDelayIgnoredWithInitialMaster
        case preemptDelayIgnoredWithNopreempt
        case preemptDelayClamped(Duration)
        case authenticationIgnoredForV3
        case initialMasterIgnoredWithIPsecAH
        case ownerIgnoresAdvertsNeedsOwner
        case downTimerAdvertsClamped(Int)

        public var description: String {
            switch self {
            case .priorityDerived(let p): "no priority set: using \(p)"
            case .advertIntervalRounded(let from, let to): "advert_int \(from) rounded to \(to)"
            case .nopreemptIgnoredForOwner: "nopreempt is incompatible with priority 255 - ignored"
            case .nopreemptIgnoredWithInitialMaster: "nopreempt will not work with initial state MASTER - ignored"
            case .preemptDelayIgnoredWithInitialMaster: "preempt_delay will not work with initial state MASTER - ignored"
            case .preemptDelayIgnoredWithNopreempt: "preempt_delay is incompatible with nopreempt - ignored"
            case .preemptDelayClamped(let d): "preempt_delay must be 0 to 1000 s - using \(d)"
            case .authenticationIgnoredForV3: "VRRP version 3 does not support authentication - ignored"
            case .initialMasterIgnoredWithIPsecAH: "initial state MASTER is incompatible with AH authentication - using BACKUP"
            case .ownerIgnoresAdvertsNeedsOwner: "owner_ignore_adverts needs priority 255 - ignored"
            case .downTimerAdvertsClamped(let n): "down_timer_adverts must be 1 to 100 - using \(n)"
            }
        }
    }
}

extension VirtualRouter.Settings {
    /// These settings as keepalived would run them, with what it changed (`vrrp.c`
    /// `vrrp_complete_instance`, l.3302-3360, 3536-3574, 3715-3760).
    public func normalized() -> (settings: Self, adjustments: [VirtualRouter.Adjustment]) {
        var s = self
        var notes: [VirtualRouter.Adjustment] = []
        if s.priority == 0 {
            s.priority = s.initialState == .master ? 255 : 100
            notes.append(.priorityDerived(s.priority))
        }
        let rounded = VRRPTiming.wireInterval(s.advertInterval, version: s.version)
        if rounded != s.advertInterval {
            notes.append(.advertIntervalRounded(from: s.advertInterval, to: rounded))
            s.advertInterval = rounded
        }
        if s.version == .v3 && s.authentication != .none {
            s.authentication = .none
            notes.append(.authenticationIgnoredForV3)
        }
        if s.authentication == .ipAH && s.initialState == .master && !s.isOwner {
            // AH needs a received sequence number before taking over (l.3344-3352).
            s.initialState = .backup
            notes.append(.initialMasterIgnoredWithIPsecAH)
        }
        if s.isOwner && !s.preempt {
            s.preempt = true
            notes.append(.nopreemptIgnoredForOwner)
        }
        if s.initialState == .master {
            if !s.preempt {
                s.preempt = true
                notes.append(.nopreemptIgnoredWithInitialMaster)
            }
            if s.preemptDelay != .zero {
                s.preemptDelay = .zero
                notes.append(.preemptDelayIgnoredWithInitialMaster)
            }
        }
        if s.preemptDelay != .zero && !s.preempt {
            s.preemptDelay = .zero
            notes.append(.preemptDelayIgnoredWithNopreempt)
        }
        if s.preemptDelay < .zero || s.preemptDelay > .seconds(1000) {
            s.preemptDelay = min(max(s.preemptDelay, .zero), .seconds(1000))
            notes.append(.preemptDelayClamped(s.preemptDelay))
        }
        if s.ownerIgnoresAdverts && !s.isOwner {
            s.ownerIgnoresAdverts = false
            notes.append(.ownerIgnoresAdvertsNeedsOwner)
        }
        if !(1...100).contains(s.downTimerAdverts) {
            s.downTimerAdverts = min(max(s.downTimerAdverts, 1), 100)
            notes.append(.downTimerAdvertsClamped(s.downTimerAdverts))
        }
        return (s, notes)
    }
}
