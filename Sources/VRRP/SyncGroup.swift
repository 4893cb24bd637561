import RacimoCore

/// Instances that fail over together, as keepalived's `vrrp_sync_group` (keepalived.conf(5)
/// l.1469-1490; `vrrp_sync.c`; the transition matrix in `vrrp_scheduler.c` l.130-179).
///
/// A pure coordinator over its members' state machines: every event goes to one member, and
/// the group then moves the others. One member to FAULT takes them all to FAULT until no
/// member has a fault of its own; one member to MASTER takes them all to MASTER; one member
/// from MASTER to BACKUP takes them all to BACKUP. A member whose timer runs out becomes master
/// only once every other member's has too (or the group is master already), "to avoid
/// thrashing"; until then it stays backup and waits another interval.
///
/// Tracker weights on members do not count unless `trackingWeight` (keepalived's
/// `sync_group_tracking_weight`): instances that could end up with different winners on
/// different machines would keep re-electing.
///
/// The driver MUST call `start(now:)` once, route each event to the group with the member's
/// instance name, and carry out the returned actions in order.
public struct SyncGroup: Sendable {
    /// An action of one member, or the group's own state change (keepalived's group notify).
    /// A member's `setTimer` is that member's: the driver keys timers by (instance, timer) and
    /// hands them back through `timerFired(_:instance:now:)`.
    public enum Action: Hashable, Sendable {
        case member(String, VirtualRouter.Action)
        case groupTransition(from: VirtualRouter.State, to: VirtualRouter.State)
    }

    /// The `vrrp_sync_group` name.
    public let name: String
    /// The member instances, in configuration order (the order their actions come in).
    public private(set) var members: [VirtualRouter]
    /// keepalived's `sync_group_tracking_weight`: member tracker weights count.
    public let trackingWeight: Bool
    /// The group's state: FAULT if any member is, MASTER if all are, else BACKUP.
    public private(set) var state: VirtualRouter.State = .initialize

    /// Takes over `members` (not yet started), applying keepalived's group rules to their
    /// trackers and initial states.
    public init(name: String, members: [VirtualRouter], trackingWeight: Bool = false) {
        self.name = name
        self.trackingWeight = trackingWeight
        var members = members
        if !trackingWeight {
            for index in members.indices { members[index].tracked.applySyncGroupRules() }
        }
        // Start as master only if every member would (keepalived `vrrp_complete_init`,
        // vrrp.c l.5170-5190): one member that would not makes them all backups.
        let someMaster = members.contains { $0.configuredAsMaster }
        let someBackup = members.contains { !$0.settings.startsAsMaster }
        if someMaster && someBackup {
            for index in members.indices where members[index].configuredAsMaster {
                members[index].settings.initialState = .backup
            }
        }
        self.members = members
    }

    /// The member with that instance name.
    public func member(_ instance: String) -> VirtualRouter? {
        members.first { $0.settings.name == instance }
    }

    /// Starts every member, all in FAULT if any has a fault at start-up.
    public mutating func start(now: Instant) -> [Action] {
        var actions: [Action] = []
        for index in members.indices {
            members[index].heldBySyncGroup = faultyMember(otherThan: index)
        }
        for index in members.indices {
            let name = members[index].settings.name
            actions += members[index].start(now: now).map { .member(name, $0) }
        }
        updateState(into: &actions)
        return actions
    }

    /// An advertisement for the member `instance` (the IO layer knows which by interface,
    /// family and VRID).
    public mutating func receive(_ advert: Advertisement, from source: IPAddress, instance: String, now: Instant) -> [Action] {
        event(instance, now: now) { $0.receive(advert, from: source, now: now) }
    }

    /// A member's timer expired. A member whose Master_Down_Timer runs out while another member
    /// still hears its master is held in backup for another interval.
    public mutating func timerFired(_ timer: VirtualRouter.Timer, instance: String, now: Instant) -> [Action] {
        guard let index = index(of: instance) else { return [] }
        if timer == .masterDown && members[index].masterDownIsDue(now: now) && state != .master {
            let othersWant = members.indices.allSatisfy { other in
                other == index || members[other].state == .master || members[other].wantsMaster
            }
            if !othersWant {
                return members[index].holdInBackup(now: now).map { .member(instance, $0) }
            }
        }
        return event(instance, now: now) { $0.timerFired(timer, now: now) }
    }

    /// A tracker reading, for every member that tracks that name (a group's own track_script is
    /// configured into each member).
    public mutating func trackerObserved(_ tracker: String, _ observation: Tracker.Observation, now: Instant) -> [Action] {
        // Every member reads the tracker before the group settles, so each faults for its own
        // reason rather than the first one's.
        var own: [(origin: Int, actions: [VirtualRouter.Action])] = []
        for index in members.indices where members[index].tracked.tracks(tracker) {
            own.append((index, members[index].trackerObserved(tracker, observation, now: now)))
        }
        return settle(after: own, now: now)
    }

    /// A member's own interface went down or came back.
    public mutating func interfaceChanged(instance: String, isUp: Bool, now: Instant) -> [Action] {
        event(instance, now: now) { $0.interfaceChanged(isUp: isUp, now: now) }
    }

    /// Stops every member (masters send priority 0).
    public mutating func shutdown(now: Instant) -> [Action] {
        var actions: [Action] = []
        for index in members.indices {
            let name = members[index].settings.name
            actions += members[index].shutdown(now: now).map { .member(name, $0) }
            members[index].heldBySyncGroup = nil
        }
        updateState(into: &actions)
        return actions
    }

    // MARK: coordination

    private func index(of instance: String) -> Int? {
        members.firstIndex { $0.settings.name == instance }
    }

    private func faultyMember(otherThan index: Int) -> String? {
        members.indices.first { $0 != index && members[$0].hasOwnFault }.map { members[$0].settings.name }
    }

    /// Runs one member's event, then moves the others.
    private mutating func event(_ instance: String, now: Instant,
                                _ body: (inout VirtualRouter) -> [VirtualRouter.Action]) -> [Action] {
        guard let origin = index(of: instance) else { return [] }
        let own = body(&members[origin])
        return settle(after: [(origin, own)], now: now)
    }

    /// Moves the other members after `own` events, as keepalived's transition matrix does.
    private mutating func settle(after own: [(origin: Int, actions: [VirtualRouter.Action])], now: Instant) -> [Action] {
        var actions: [Action] = []
        for (origin, memberActions) in own {
            let name = members[origin].settings.name
            actions += memberActions.map { .member(name, $0) }
        }

        // Faults first: every member is held while another has a fault of its own.
        for index in members.indices {
            let holder = faultyMember(otherThan: index)
            let name = members[index].settings.name
            actions += members[index].setHeld(by: holder, now: now).map { .member(name, $0) }
        }

        for (origin, memberActions) in own {
            let instance = members[origin].settings.name
            for case .transition(let from, let to, _) in memberActions {
                for index in members.indices where index != origin {
                    let name = members[index].settings.name
                    if to == .master {
                        actions += members[index].followToMaster(member: instance, now: now).map { .member(name, $0) }
                    } else if from == .master && to == .backup {
                        actions += members[index].followToBackup(member: instance, now: now).map { .member(name, $0) }
                    }
                }
            }
            let heardLowerPriority = memberActions.contains {
                if case .announceAddresses(_, _, .lowerPriorityAdvert) = $0 { true } else { false }
            }
            if heardLowerPriority {
                for index in members.indices where index != origin {
                    let name = members[index].settings.name
                    actions += members[index].announceForGroup(now: now).map { .member(name, $0) }
                }
            }
        }
        updateState(into: &actions)
        return actions
    }

    private mutating func updateState(into actions: inout [Action]) {
        let states = members.map(\.state)
        let new: VirtualRouter.State =
            if states.contains(.fault) { .fault }
            else if !states.isEmpty && states.allSatisfy({ $0 == .master }) { .master }
            else if states.allSatisfy({ $0 == .initialize }) { .initialize }
            else { .backup }
        if new != state {
            actions.append(.groupTransition(from: state, to: new))
            state = new
        }
    }
}
