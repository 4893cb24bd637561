import RacimoCore

/// One VRRP instance (keepalived's `vrrp_instance`) for v2 (RFC 3768) and v3 (RFC 9568), as a
/// pure state machine: Initialize, Backup, Master, and keepalived's Fault.
///
/// It follows keepalived where keepalived and the RFCs differ, because Racimo must interoperate
/// with keepalived peers on the same segment: timers in keepalived's microsecond arithmetic
/// (`VRRPTiming`), skew from the effective priority, a master that re-advertises at once on
/// hearing a lower priority (RFC 9568, unless `lowerPriorityNoAdvert`), address-list mismatches
/// logged but accepted, `state MASTER` meaning "start as master" only for the address owner.
///
/// The driver MUST call `start(now:)` once, then feed every advertisement the IO layer has
/// validated (TTL 255, checksum, length), every expired timer, every tracker reading and
/// interface change, and carry out the returned actions in order.
public struct VirtualRouter: Sendable {
    /// The settings as run, after keepalived's normalisation (`adjustments` says what changed).
    public internal(set) var settings: Settings
    public let adjustments: [Adjustment]
    /// The protocol state.
    public internal(set) var state: State = .initialize
    /// The base priority and trackers.
    public internal(set) var tracked: TrackedPriority
    public internal(set) var interfaceUp: Bool
    /// Master_Adver_Interval: our own interval, or (v3 backup) the one the master advertises.
    public internal(set) var masterAdvertInterval: Duration
    /// The master as last heard (ourselves while master).
    public internal(set) var masterAddress: IPAddress?
    public internal(set) var masterPriority: UInt8?
    public internal(set) var statistics = Statistics()

    /// Deadlines of the timers this machine still waits for; a timer firing that is not here
    /// is stale and ignored.
    var armed: [Timer: Instant] = [:]
    /// The running Master_Down_Timer: when it started and whether it runs Skew_Time only (after
    /// a priority-0 advert). Its deadline follows priority changes.
    var downTimer: (start: Instant, skewOnly: Bool)?
    /// keepalived's `preempt_time`: lower-priority adverts are accepted until then.
    var preemptDeadline: Instant?
    /// How a backup's next takeover will be explained.
    var nextMasterReason: TransitionReason = .masterDownTimer
    /// keepalived's `wantstate == MASTER` for a backup: its timer ran out but its sync group held it.
    var wantsMaster = false
    /// An owner that backed off to 254 because a rival owner would not (keepalived's rogue handling).
    var ownerDemoted = false
    var rival: RivalOwner?
    /// Set by a sync group while another member is faulty: the member it names.
    var heldBySyncGroup: String?
    /// What holds the instance in FAULT, kept up to date while there, to say what cleared.
    var faultHeldBy: TransitionReason?
    /// Warnings already given since the last transition (keepalived rate-limits them the same way).
    var warned: Set<Warning> = []

    struct RivalOwner: Sendable {
        /// Our adverts still to send before the rival must have gone quiet.
        var countdown = 2
        var interval: Duration
        var timerArmed = false
    }

    /// - Parameters:
    ///   - trackers: this instance's track_script/interface/process/file entries.
    ///   - interfaceUp: whether the instance's interface is up at start-up.
    public init(settings: Settings, trackers: [Tracker] = [], interfaceUp: Bool = true) {
        let (settings, adjustments) = settings.normalized()
        self.settings = settings
        self.adjustments = adjustments
        self.tracked = TrackedPriority(base: settings.priority, trackers: trackers)
        self.interfaceUp = interfaceUp
        self.masterAdvertInterval = settings.advertInterval
    }

    /// The priority advertised now.
    public var effectivePriority: UInt8 { ownerDemoted ? 254 : tracked.effective }

    /// The priority Skew_Time is computed from: the effective one, or 255 for an owner even
    /// when it backed off (keepalived `VRRP_TIMER_SKEW`, `vrrp.h` l.508).
    var skewPriority: UInt8 { settings.isOwner ? 255 : effectivePriority }

    /// This backup's Master_Down_Interval now.
    public var masterDownInterval: Duration {
        VRRPTiming.masterDownInterval(version: settings.version, priority: skewPriority,
                                      masterAdvertInterval: masterAdvertInterval, adverts: settings.downTimerAdverts)
    }

    /// This backup's Skew_Time now (the whole wait after a priority-0 advert).
    public var skewTime: Duration {
        VRRPTiming.skewTime(version: settings.version, priority: skewPriority, masterAdvertInterval: masterAdvertInterval)
    }

    /// Why the instance must be in FAULT now, nil when nothing holds it down.
    public var faultCause: TransitionReason? {
        if !interfaceUp { return .interfaceDown }
        if let tracker = tracked.faultingTrackers.first { return .trackerFault(tracker: tracker) }
        if let member = heldBySyncGroup { return .syncGroup(member: member) }
        return nil
    }

    /// A fault of this instance's own, not one imposed by its sync group.
    var hasOwnFault: Bool { !interfaceUp || tracked.isFaulty }

    /// Enters Backup (or Master, for an owner) or Fault. MUST be called once before any other
    /// event; calling it again after `shutdown(now:)` restarts the instance.
    public mutating func start(now: Instant) -> [Action] {
        var actions: [Action] = []
        guard state == .initialize else { return actions }
        masterAdvertInterval = settings.advertInterval
        if let cause = faultCause {
            state = .fault
            faultHeldBy = cause
            actions.append(.transition(from: .initialize, to: .fault, reason: cause))
        } else if settings.startsAsMaster {
            becomeMaster(reason: .startedAsOwner, now: now, into: &actions)
        } else {
            // keepalived starts every non-owner as backup, MASTER configured or not
            // (vrrp_scheduler.c l.240-285).
            state = .backup
            actions.append(.transition(from: .initialize, to: .backup, reason: .started))
            startDownTimer(skewOnly: false, now: now, into: &actions)
        }
        return actions
    }

    // MARK: helpers shared by the event handlers

    func advertisement(priority: UInt8) -> Advertisement {
        Advertisement(version: settings.version, virtualRouterID: settings.virtualRouterID, priority: priority,
                      interval: settings.advertInterval, addresses: settings.virtualAddresses,
                      authentication: settings.version == .v2 ? settings.authentication : .none)
    }

    mutating func arm(_ timer: Timer, at deadline: Instant, into actions: inout [Action]) {
        armed[timer] = deadline
        actions.append(.setTimer(TimerRequest(timer, at: deadline)))
    }

    /// Whether `timer` firing at `now` is the one this machine waits for. A stale one (disarmed)
    /// is ignored; an early one (replaced out of order) is re-armed at its real deadline.
    mutating func take(_ timer: Timer, now: Instant, into actions: inout [Action]) -> Bool {
        guard let deadline = armed[timer] else { return false }
        if now < deadline {
            actions.append(.setTimer(TimerRequest(timer, at: deadline)))
            return false
        }
        armed[timer] = nil
        return true
    }

    var downDeadline: Instant? {
        downTimer.map { $0.start + ($0.skewOnly ? skewTime : masterDownInterval) }
    }

    mutating func startDownTimer(skewOnly: Bool, now: Instant, into actions: inout [Action]) {
        downTimer = (now, skewOnly)
        arm(.masterDown, at: downDeadline!, into: &actions)
    }

    /// Sends an advert at our priority and restarts the Adver_Timer from now.
    mutating func advertise(now: Instant, into actions: inout [Action]) {
        actions.append(.send(advertisement(priority: effectivePriority)))
        statistics.advertsSent += 1
        arm(.advertisement, at: now + settings.advertInterval, into: &actions)
    }

    mutating func warnOnce(_ warning: Warning, into actions: inout [Action]) {
        if warned.insert(warning).inserted { actions.append(.warning(warning)) }
    }
}
