import RacimoCore

// What a SyncGroup does to its members beyond the events a lone instance gets.

extension VirtualRouter {
    /// Whether this backup's Master_Down_Timer has run out at `now`.
    func masterDownIsDue(now: Instant) -> Bool {
        state == .backup && (armed[.masterDown].map { $0 <= now } ?? false)
    }

    /// The group will not follow yet: stay backup, remember that we want to be master, and wait
    /// another Master_Down_Interval (keepalived `vrrp_sync_can_goto_master`, `vrrp_sync.c` l.115-140).
    mutating func holdInBackup(now: Instant) -> [Action] {
        var actions: [Action] = []
        wantsMaster = true
        startDownTimer(skewOnly: false, now: now, into: &actions)
        return actions
    }

    /// Another member became master: follow it (`vrrp_sync_master`, l.173-208).
    mutating func followToMaster(member: String, now: Instant) -> [Action] {
        var actions: [Action] = []
        guard state == .backup else { return actions }
        becomeMaster(reason: .syncGroup(member: member), now: now, into: &actions)
        return actions
    }

    /// Another member fell back to backup: follow it, without a priority-0 advert
    /// (`vrrp_sync_backup`, l.142-171, `vrrp_state_leave_master(isync, false)`).
    mutating func followToBackup(member: String, now: Instant) -> [Action] {
        var actions: [Action] = []
        guard state == .master else { return actions }
        leaveMaster(to: .backup, reason: .syncGroup(member: member), priorityZero: false, into: &actions)
        nextMasterReason = .masterDownTimer
        startDownTimer(skewOnly: false, now: now, into: &actions)
        return actions
    }

    /// Held in Fault (or released) because `member` is faulty (`vrrp_sync_fault`, l.210-243).
    mutating func setHeld(by member: String?, now: Instant) -> [Action] {
        var actions: [Action] = []
        guard heldBySyncGroup != member else { return actions }
        heldBySyncGroup = member
        reconcileFault(now: now, into: &actions)
        return actions
    }

    /// Re-announces after a lower-priority advert reached another member (`vrrp.c` l.2493-2515).
    mutating func announceForGroup(now: Instant) -> [Action] {
        var actions: [Action] = []
        announceAfterLowerPriority(now: now, into: &actions)
        return actions
    }

    /// Whether this instance would start as master, were it alone (keepalived's `wantstate`).
    var configuredAsMaster: Bool { (settings.initialState ?? (settings.isOwner ? .master : .backup)) == .master }
}
