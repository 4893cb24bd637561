import RacimoCore

extension VirtualRouter {
    /// Takes over: advert first, so the old master drops the addresses before our gratuitous
    /// ARPs go out (keepalived `vrrp_state_master_tx`, `vrrp.c` l.2307-2316), then the
    /// addresses, the first burst, and the timers (`vrrp_state_become_master`, l.1886-1955).
    mutating func becomeMaster(reason: TransitionReason, now: Instant, into actions: inout [Action]) {
        let from = state
        if ownerDemoted {
            // The rival owner has gone: back to 255 (l.1893-1899).
            ownerDemoted = false
            actions.append(.priorityChanged(from: 254, to: 255))
        }
        state = .master
        masterAdvertInterval = settings.advertInterval
        masterAddress = settings.primaryAddress
        masterPriority = effectivePriority
        armed[.masterDown] = nil
        downTimer = nil
        preemptDeadline = nil
        wantsMaster = false
        rival = nil
        warned = []
        statistics.becameMaster += 1

        actions.append(.send(advertisement(priority: effectivePriority)))
        statistics.advertsSent += 1
        let addresses = settings.virtualAddresses
        let garp = settings.gratuitousARP
        if !addresses.isEmpty {
            actions.append(.addAddresses(addresses))
            if garp.masterRepeat > 0 {
                actions.append(.announceAddresses(addresses, count: garp.masterRepeat, reason: .becameMaster))
            }
        }
        actions.append(.transition(from: from, to: .master, reason: reason))
        arm(.advertisement, at: now + settings.advertInterval, into: &actions)
        if !addresses.isEmpty && garp.masterDelay > .zero {
            arm(.garpRepeat, at: now + garp.masterDelay, into: &actions)
        }
        if !addresses.isEmpty && garp.refreshInterval > .zero {
            // The first refresh counts from the second burst (l.1935-1937).
            arm(.garpRefresh, at: now + garp.masterDelay + garp.refreshInterval, into: &actions)
        }
    }

    /// Gives up the addresses. `priorityZero` tells the backups to take over after Skew_Time
    /// only; keepalived sends it on shutdown and on FAULT, not when yielding to a higher
    /// priority (`vrrp_state_leave_master`, l.2039-2086).
    mutating func leaveMaster(to newState: State, reason: TransitionReason, priorityZero: Bool, into actions: inout [Action]) {
        if priorityZero {
            actions.append(.send(advertisement(priority: 0)))
            statistics.advertsSent += 1
            statistics.priorityZeroSent += 1
        }
        if !settings.virtualAddresses.isEmpty {
            actions.append(.removeAddresses(settings.virtualAddresses))
        }
        state = newState
        for timer in [Timer.advertisement, .garpRepeat, .garpRefresh, .lowerPriorityGarp, .rivalOwner] {
            armed[timer] = nil
        }
        rival = nil
        warned = []
        statistics.releasedMaster += 1
        actions.append(.transition(from: .master, to: newState, reason: reason))
    }

    /// Master to Backup on hearing a better master, whose interval a v3 backup adopts.
    mutating func yield(to advert: Advertisement, from source: IPAddress, reason: TransitionReason,
                        now: Instant, into actions: inout [Action]) {
        leaveMaster(to: .backup, reason: reason, priorityZero: false, into: &actions)
        follow(advert, from: source)
        preemptDeadline = nil
        nextMasterReason = .masterDownTimer
        startDownTimer(skewOnly: false, now: now, into: &actions)
    }

    /// Records `advert`'s sender as the master (and, in v3, its interval as ours to time it by).
    mutating func follow(_ advert: Advertisement, from source: IPAddress) {
        if settings.version == .v3 { masterAdvertInterval = advert.interval }
        masterAddress = source
        masterPriority = advert.priority
    }

    /// Backup or Master to Fault. A master tells the backups with priority 0 first.
    mutating func enterFault(reason: TransitionReason, into actions: inout [Action]) {
        switch state {
        case .master:
            leaveMaster(to: .fault, reason: reason, priorityZero: true, into: &actions)
        case .backup:
            state = .fault
            warned = []
            actions.append(.transition(from: .backup, to: .fault, reason: reason))
        case .initialize, .fault:
            return
        }
        faultHeldBy = reason
        armed[.masterDown] = nil
        downTimer = nil
        preemptDeadline = nil
        wantsMaster = false
        masterAddress = nil
        masterPriority = nil
    }

    /// Fault to Backup, or straight to Master for an owner that starts as master
    /// (keepalived `try_up_instance`, `vrrp_scheduler.c` l.695-808).
    mutating func leaveFault(now: Instant, into actions: inout [Action]) {
        guard state == .fault else { return }
        let reason: TransitionReason = switch faultHeldBy {
        case .interfaceDown: .interfaceUp
        case .syncGroup(let member): .syncGroup(member: member)
        default: .trackerRecovered
        }
        faultHeldBy = nil
        masterAdvertInterval = settings.advertInterval
        if settings.startsAsMaster {
            becomeMaster(reason: reason, now: now, into: &actions)
            return
        }
        state = .backup
        nextMasterReason = .masterDownTimer
        actions.append(.transition(from: .fault, to: .backup, reason: reason))
        startDownTimer(skewOnly: false, now: now, into: &actions)
    }

    /// Moves in or out of Fault to match `faultCause`.
    mutating func reconcileFault(now: Instant, into actions: inout [Action]) {
        switch (state, faultCause) {
        case (.backup, .some(let cause)), (.master, .some(let cause)):
            enterFault(reason: cause, into: &actions)
        case (.fault, nil):
            leaveFault(now: now, into: &actions)
        case (.fault, .some(let cause)):
            faultHeldBy = cause
        default:
            break
        }
    }

    /// Reports a changed effective priority and moves a backup's running down timer by the
    /// change in its interval (keepalived `vrrp_set_effective_priority`, `vrrp_track.c` l.611-618).
    mutating func notePriority(before: UInt8, into actions: inout [Action]) {
        let after = effectivePriority
        guard after != before else { return }
        actions.append(.priorityChanged(from: before, to: after))
        if state == .master { masterPriority = after }
        if state == .backup, let deadline = downDeadline, armed[.masterDown] != deadline {
            arm(.masterDown, at: deadline, into: &actions)
        }
    }
}
