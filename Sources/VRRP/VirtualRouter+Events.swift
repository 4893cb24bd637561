import RacimoCore

extension VirtualRouter {
    /// A timer the machine asked for has expired. The driver MUST call it at (or after) the
    /// deadline of the latest `setTimer` for that timer; stale and early firings are harmless.
    public mutating func timerFired(_ timer: Timer, now: Instant) -> [Action] {
        var actions: [Action] = []
        guard take(timer, now: now, into: &actions) else { return actions }
        switch timer {
        case .advertisement:
            guard state == .master else { break }
            advertise(now: now, into: &actions)
            countDownRivalOwner(now: now, into: &actions)
        case .masterDown:
            guard state == .backup else { break }
            becomeMaster(reason: nextMasterReason, now: now, into: &actions)
        case .garpRepeat:
            guard state == .master else { break }
            let garp = settings.gratuitousARP
            actions.append(.announceAddresses(settings.virtualAddresses, count: garp.masterRepeat, reason: .repeatAfterBecomingMaster))
        case .garpRefresh:
            guard state == .master else { break }
            let garp = settings.gratuitousARP
            actions.append(.announceAddresses(settings.virtualAddresses, count: garp.refreshRepeat, reason: .refresh))
            arm(.garpRefresh, at: now + garp.refreshInterval, into: &actions)
        case .lowerPriorityGarp:
            guard state == .master else { break }
            let garp = settings.gratuitousARP
            actions.append(.announceAddresses(settings.virtualAddresses, count: garp.lowerPriorityRepeat, reason: .repeatAfterLowerPriorityAdvert))
        case .rivalOwner:
            // The rival owner went quiet in time: nothing to resolve.
            rival = nil
        }
        return actions
    }

    /// After our second advert since a rival owner appeared, give it a little more than one
    /// interval (1.2 × the longer of both) to stop (`vrrp.c` l.2317-2327).
    mutating func countDownRivalOwner(now: Instant, into actions: inout [Action]) {
        guard settings.isOwner, var rival, !rival.timerArmed, rival.countdown > 0 else { return }
        rival.countdown -= 1
        if rival.countdown == 0 {
            rival.timerArmed = true
            arm(.rivalOwner, at: now + max(rival.interval, settings.advertInterval) * 12 / 10, into: &actions)
        }
        self.rival = rival
    }

    /// A tracker reported (a script exited, an interface or process changed, a file was
    /// rewritten). The effective priority and the Fault state follow.
    public mutating func trackerObserved(_ name: String, _ observation: Tracker.Observation, now: Instant) -> [Action] {
        var actions: [Action] = []
        let before = effectivePriority
        tracked.observe(name, observation)
        notePriority(before: before, into: &actions)
        reconcileFault(now: now, into: &actions)
        return actions
    }

    /// The instance's own interface went down or came back: Fault while it is down.
    public mutating func interfaceChanged(isUp: Bool, now: Instant) -> [Action] {
        var actions: [Action] = []
        interfaceUp = isUp
        reconcileFault(now: now, into: &actions)
        return actions
    }

    /// Stops the instance: a master sends priority 0 so a backup takes over after Skew_Time,
    /// and removes its addresses (RFC 5798 §6.4.3; keepalived `restore_vrrp_interfaces`,
    /// `vrrp.c` l.3013-3026). Everything after is ignored until `start(now:)`.
    public mutating func shutdown(now: Instant) -> [Action] {
        var actions: [Action] = []
        switch state {
        case .master:
            leaveMaster(to: .initialize, reason: .shutdown, priorityZero: true, into: &actions)
        case .backup, .fault:
            actions.append(.transition(from: state, to: .initialize, reason: .shutdown))
            state = .initialize
        case .initialize:
            break
        }
        armed = [:]
        downTimer = nil
        preemptDeadline = nil
        wantsMaster = false
        rival = nil
        ownerDemoted = false
        masterAddress = nil
        masterPriority = nil
        return actions
    }
}
