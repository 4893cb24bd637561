import RacimoCore

extension VirtualRouter {
    /// An advertisement arrived from `source`. The IO layer MUST already have checked what
    /// needs the packet (TTL/hop limit 255, checksum, length, IP protocol); this checks what
    /// needs the instance: VRID, version, v2 authentication and interval, addresses.
    /// Adverts are ignored in Initialize and Fault, as keepalived ignores them
    /// (`vrrp_scheduler.c` l.1087-1091).
    public mutating func receive(_ advert: Advertisement, from source: IPAddress, now: Instant) -> [Action] {
        var actions: [Action] = []
        guard state == .backup || state == .master else { return actions }
        if let reason = discardReason(advert) {
            statistics.discarded += 1
            actions.append(.discarded(from: source, reason: reason))
            return actions
        }
        statistics.advertsReceived += 1
        if advert.priority == 0 { statistics.priorityZeroReceived += 1 }
        if Set(advert.addresses) != Set(settings.virtualAddresses) || advert.addresses.count != settings.virtualAddresses.count {
            statistics.addressListErrors += 1
            warnOnce(.addressListMismatch(from: source, received: advert.addresses), into: &actions)
        }
        if settings.version == .v3 && advert.interval != settings.advertInterval {
            // v3 only SHOULD check; keepalived logs once and carries on (vrrp.c l.1169-1176).
            warnOnce(.advertIntervalMismatch(from: source, received: advert.interval), into: &actions)
        }
        switch state {
        case .backup: backupReceived(advert, from: source, now: now, into: &actions)
        case .master: masterReceived(advert, from: source, now: now, into: &actions)
        case .initialize, .fault: break
        }
        return actions
    }

    /// keepalived's `vrrp_check_packet` checks, in its order (`vrrp.c` l.927-1290).
    func discardReason(_ advert: Advertisement) -> DiscardReason? {
        if advert.virtualRouterID != settings.virtualRouterID { return .otherVirtualRouter(advert.virtualRouterID) }
        if advert.version != settings.version { return .versionMismatch(advert.version) }
        if settings.version == .v2 {
            switch (settings.authentication, advert.authentication) {
            case (.none, .none), (.ipAH, .ipAH):
                break
            case (.password(let ours), .password(let theirs)):
                if Self.passwordField(ours) != Self.passwordField(theirs) { return .wrongPassword }
            default:
                return .authenticationMismatch
            }
            // "to prevent concurrent VRID running => multiple master in 1 VRID" (l.1092-1100).
            if advert.interval != settings.advertInterval { return .advertIntervalMismatch(advert.interval) }
        }
        if settings.ownerIgnoresAdverts && effectivePriority == 255 { return .addressOwner }
        return nil
    }

    /// The 8-byte Authentication Data field a password fills: only its first 8 bytes count
    /// (keepalived.conf(5) l.2002-2013), NUL-padded.
    static func passwordField(_ password: String) -> [UInt8] {
        let bytes = Array(password.utf8.prefix(8))
        return bytes + Array(repeating: 0, count: 8 - bytes.count)
    }

    /// RFC 5798 §6.4.2 with keepalived's preempt_delay (`vrrp_state_backup`, `vrrp.c` l.2168-2292).
    mutating func backupReceived(_ advert: Advertisement, from source: IPAddress, now: Instant, into actions: inout [Action]) {
        if ownerDemoted && (source != masterAddress || advert.priority != 255) {
            // No longer hearing the rival owner: back to 255 (l.2210-2219).
            ownerDemoted = false
            actions.append(.priorityChanged(from: 254, to: 255))
        }
        let ours = effectivePriority
        let stillDelaying = settings.preemptDelay > .zero && (preemptDeadline.map { $0 > now } ?? true)
        if advert.priority == 0 {
            // The master is stopping: take over after Skew_Time only, so the highest backup wins.
            nextMasterReason = .priorityZeroReceived
            startDownTimer(skewOnly: true, now: now, into: &actions)
        } else if !settings.preempt || advert.priority >= ours || stillDelaying {
            follow(advert, from: source)
            nextMasterReason = .masterDownTimer
            wantsMaster = false
            if settings.preemptDelay > .zero {
                if advert.priority >= ours {
                    preemptDeadline = nil
                } else if preemptDeadline == nil {
                    preemptDeadline = now + settings.preemptDelay
                }
            }
            startDownTimer(skewOnly: false, now: now, into: &actions)
        } else {
            // Preempting: let the down timer run out on the lower-priority master.
            masterAddress = source
            masterPriority = advert.priority
            nextMasterReason = .preempted
            actions.append(.discarded(from: source, reason: .lowerPriority(advert.priority)))
        }
    }

    /// RFC 9568 §6.4.3 as keepalived does it (`vrrp_state_master_rx`, `vrrp.c` l.2366-2553).
    mutating func masterReceived(_ advert: Advertisement, from source: IPAddress, now: Instant, into actions: inout [Action]) {
        if advert.priority == 0 {
            // Another master is stopping; make sure the backups hear us at once.
            advertise(now: now, into: &actions)
            return
        }
        var ours = effectivePriority
        let higherAddress = source > settings.primaryAddress
        let beatsUs = advert.priority > ours || (advert.priority == ours && higherAddress)
        if settings.higherPrioritySendAdvert && beatsUs {
            actions.append(.send(advertisement(priority: ours)))
            statistics.advertsSent += 1
        }
        if advert.priority == ours {
            if source == settings.primaryAddress {
                warnOnce(.ownAddressWithEqualPriority, into: &actions)
                return
            }
            if ours == 255 {
                warnOnce(.anotherAddressOwner(source), into: &actions)
                if !higherAddress && rivalOwnerPersists(advert, into: &actions) { ours = 254 }
            }
        }
        statistics.conflicts += 1
        if advert.priority < ours || (advert.priority == ours && !higherAddress) {
            let readvertise = !settings.lowerPriorityNoAdvert
            actions.append(.conflict(Conflict(other: source, otherPriority: advert.priority, ourPriority: ours,
                                              resolution: .weStayMaster(readvertised: readvertise), count: statistics.conflicts)))
            if readvertise { advertise(now: now, into: &actions) }
            announceAfterLowerPriority(now: now, into: &actions)
            return
        }
        actions.append(.conflict(Conflict(other: source, otherPriority: advert.priority, ourPriority: ours,
                                          resolution: .weYield, count: statistics.conflicts)))
        let reason: TransitionReason = advert.priority > ours ? .higherPriorityAdvert : .equalPriorityHigherAddress
        yield(to: advert, from: source, reason: reason, now: now, into: &actions)
    }

    /// A lower-priority router may have been master meanwhile and announced the addresses
    /// itself: announce them again, now and once more later (l.2484-2491).
    mutating func announceAfterLowerPriority(now: Instant, into actions: inout [Action]) {
        let garp = settings.gratuitousARP
        guard state == .master, !settings.virtualAddresses.isEmpty, garp.lowerPriorityRepeat > 0 else { return }
        actions.append(.announceAddresses(settings.virtualAddresses, count: garp.lowerPriorityRepeat, reason: .lowerPriorityAdvert))
        if garp.lowerPriorityDelay > .zero {
            arm(.lowerPriorityGarp, at: now + garp.lowerPriorityDelay, into: &actions)
        }
    }

    /// Two owners, we with the higher address. keepalived waits for two more of our adverts and
    /// then 1.2 × the longer interval for the rival to go quiet; an advert from it inside that
    /// window means it will not, so we back off to 254 (l.2407-2449). Returns whether we did.
    mutating func rivalOwnerPersists(_ advert: Advertisement, into actions: inout [Action]) -> Bool {
        if rival?.timerArmed == true {
            rival = nil
            armed[.rivalOwner] = nil
            ownerDemoted = true
            actions.append(.priorityChanged(from: 255, to: 254))
            return true
        }
        if rival == nil {
            rival = RivalOwner(interval: advert.interval)
        } else {
            rival?.interval = advert.interval
        }
        return false
    }
}
