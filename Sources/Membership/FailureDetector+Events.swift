import RacimoCore

extension FailureDetector {
    /// A message arrived in an authenticated frame from `sender`, at (from) `address`.
    /// The driver MUST pass the frame's sender and the datagram's source address (or the TCP
    /// peer's address for push-pull), and carry out the returned actions.
    public mutating func messageReceived(_ message: MembershipMessage, from sender: NodeName, address: Endpoint, now: Instant) -> [Action] {
        var actions: [Action] = []
        guard sender != myself else { return actions }
        for gossip in message.piggyback {
            apply(gossip, from: sender, now: now, into: &actions)
        }
        switch message {
        case .ping(let sequence, let target, _):
            // A ping for a node that used to have this address is not ours to answer.
            if target == myself {
                actions.append(.send(.ack(sequence: sequence, gossip: piggyback()), to: address))
            }
        case .ack(let sequence, _):
            actions += ackReceived(sequence)
        case .pingRequest(let sequence, let target, let targetAddresses, _):
            actions += pingRequested(sequence, target: target, addresses: targetAddresses, requester: address, now: now)
        case .nack(let sequence, _):
            nackReceived(sequence)
        case .gossip:
            break
        case .pushPull(let snapshots, let isReply):
            if !isReply {
                actions.append(.send(.pushPull(members: snapshot(), isReply: true), to: address))
            }
            merge(snapshots, from: sender, now: now, into: &actions)
        }
        // A member saying goodbye is not told it has left.
        let saysGoodbye = message.piggyback.contains { if case .left(sender, _) = $0 { true } else { false } }
        if !saysGoodbye { hintIfBelievedDown(sender, address: address, now: now, into: &actions) }
        if rejoinRequested {
            rejoinRequested = false
            if lastRejoin.map({ now - $0 >= settings.probeInterval * 5 }) ?? true {
                lastRejoin = now
                actions.append(.send(.pushPull(members: snapshot(), isReply: false), to: address))
                // Then five more full exchanges a second apart with others: the refutations of
                // the other side pile up meanwhile, and an exchange carries them all at once.
                rejoinExchanges = 5
                actions.append(.setTimer(TimerRequest(.pushPull, at: now + .seconds(1))))
            }
        }
        return actions
    }

    /// A timer the machine asked for has expired. The driver MUST call it at (or after) the
    /// deadline of the latest `setTimer` for that timer.
    public mutating func timerFired(_ timer: Timer, now: Instant) -> [Action] {
        var actions: [Action] = []
        switch timer {
        case .probe:
            actions += probeTimerFired(now: now)
        case .probeTimeout(let sequence):
            actions += probeTimeoutFired(sequence, now: now)
        case .relayTimeout(let sequence):
            actions += relayTimeoutFired(sequence)
        case .suspicion(let name):
            if let suspicion = suspicions[name], suspicion.deadline > now, members[name]?.status == .suspect {
                // Fired early (a timer replaced out of order): wait for the real deadline.
                actions.append(.setTimer(TimerRequest(.suspicion(name), at: suspicion.deadline)))
            } else if var suspicion = suspicions[name], let member = members[name], member.status == .suspect {
                if suspicion.lastChance == nil {
                    // Before declaring a death, one last direct word with the suspect (three pings
                    // per link, against loss): if it is alive it refutes in its ack. This catches
                    // the rare refutation that gossip failed to bring here, which at a thousand
                    // nodes and 5 % loss would otherwise be a false death every minute or so.
                    suspicion.lastChance = now + settings.probeTimeout * 3
                    suspicions[name] = suspicion
                    for address in member.addresses {
                        for _ in 0..<3 {
                            let ping = MembershipMessage.ping(
                                sequence: takeSequence(), target: name,
                                gossip: piggyback(leading: [.suspect(name, member.incarnation, by: myself)]))
                            actions.append(.send(ping, to: address))
                        }
                    }
                    actions.append(.setTimer(TimerRequest(.suspicion(name), at: suspicion.deadline)))
                    return actions
                }
                apply(.dead(name, suspicion.incarnation, by: myself), from: myself, now: now, into: &actions)
                if let change = actions.last, case .memberChanged(var c) = change {
                    let waited = (now - suspicion.start).components
                    let milliseconds = waited.seconds * 1000 + waited.attoseconds / 1_000_000_000_000_000
                    c.reason = "suspicion timed out after \(milliseconds)ms (\(suspicion.confirmations) confirmations)"
                    actions[actions.count - 1] = .memberChanged(c)
                }
            }
        case .gossip:
            actions += gossipTimerFired(now: now)
        case .pushPull:
            if rejoinExchanges > 0 { rejoinExchanges -= 1 }
            let next = rejoinExchanges > 0 ? now + .seconds(1) : now + pushPullInterval
            actions.append(.setTimer(TimerRequest(.pushPull, at: next)))
            if reachableCount == 0 {
                for seed in seeds { actions.append(.send(.pushPull(members: snapshot(), isReply: false), to: seed)) }
            } else if rejoinExchanges > 0, let name = downNames.randomElement(using: &random), let member = members[name],
                      member.status == .dead, let address = member.address {
                // Just rejoined: those still held dead are most likely the other side of a healed
                // partition, whose refutations gossip spreads mostly among themselves. One full
                // exchange with one of them brings all that its side has refuted so far.
                actions.append(.send(.pushPull(members: snapshot(), isReply: false), to: address))
            } else if let peer = randomMembers(1, excluding: [], where: { $0.status == .alive }).first,
                      let address = members[peer]?.address {
                actions.append(.send(.pushPull(members: snapshot(), isReply: false), to: address))
            }
            // And one member believed dead (not left), until it is reaped, as serf reconnects:
            // gossip to the dead stops after a while, and a long partition must still heal.
            if let name = downNames.randomElement(using: &random), let member = members[name], member.status == .dead,
               let address = member.address {
                actions.append(.send(.pushPull(members: snapshot(), isReply: false), to: address))
            }
        }
        return actions
    }

    /// Leaves gracefully: tells a few members at once, and the rest through their gossip.
    /// After this the machine refutes nothing; the driver stops it once the actions are sent.
    public mutating func leave(now: Instant) -> [Action] {
        var actions: [Action] = []
        leaving = true
        incarnation = incarnation.next
        queue.enqueue(.left(myself, incarnation))
        for name in randomMembers(settings.gossipFanout * 2, excluding: [], where: { $0.status.isReachable }) {
            guard let address = members[name]?.address else { continue }
            actions.append(.send(.gossip(piggyback(leading: [.left(myself, incarnation)])), to: address))
        }
        return actions
    }

    private mutating func gossipTimerFired(now: Instant) -> [Action] {
        var actions: [Action] = []
        actions.append(.setTimer(TimerRequest(.gossip, at: now + settings.gossipInterval)))
        // Sent even with nothing queued: the piggybacked load vectors are openMosix's periodic
        // load exchange, and a steady rate keeps a node's traffic the same from 3 to 3,000 nodes.
        for name in randomMembers(settings.gossipFanout, excluding: [], where: { $0.status.isReachable }) {
            guard let address = members[name]?.address else { continue }
            actions.append(.send(.gossip(piggyback()), to: address))
        }
        // Gossip to the dead: one member believed dead hears from us each round, with our
        // belief, so that after a partition heals both sides refute at first contact. Once one
        // of them has come back, the rest are most likely the same healed partition: then
        // `gossipFanout` of them a round, in turn, so the last few are not left to chance.
        let window = settings.gossipToTheDead
        let healing = lastRevival.map { now - $0 < settings.healingBoost } ?? false
        for _ in 0..<min(downNames.count, healing ? settings.gossipFanout : 1) {
            deadCursor = (deadCursor + 1) % downNames.count
            let name = downNames[deadCursor]
            guard let member = members[name], member.status == .dead, now - member.statusSince < window,
                  let address = member.address else { continue }
            actions.append(.send(.gossip(piggyback(leading: [.dead(name, member.incarnation, by: myself)])), to: address))
        }
        reap(now: now)
        return actions
    }

    /// A member we believe suspect or dead just spoke to us: tell it, so it refutes at once.
    private mutating func hintIfBelievedDown(_ sender: NodeName, address: Endpoint, now: Instant, into actions: inout [Action]) {
        // Left members too: a node restarted after a graceful stop refutes its `left` at once.
        guard let member = members[sender], member.status != .alive else { return }
        if let last = lastHint[sender], now - last < settings.probeInterval { return }
        lastHint[sender] = now
        let belief: Gossip = switch member.status {
        case .suspect: .suspect(sender, member.incarnation, by: myself)
        case .left: .left(sender, member.incarnation)
        default: .dead(sender, member.incarnation, by: myself)
        }
        actions.append(.send(.gossip(piggyback(leading: [belief])), to: address))
    }

    /// Merges a push-pull state. A member the peer believes dead is only suspected here, so it
    /// gets a chance to refute (as memberlist does).
    private mutating func merge(_ snapshots: [MemberSnapshot], from sender: NodeName, now: Instant, into actions: inout [Action]) {
        for entry in snapshots {
            switch entry.status {
            case .alive:
                apply(.alive(entry.name, entry.incarnation, addresses: entry.addresses), from: sender, now: now, into: &actions)
            case .suspect, .dead:
                // Unknown members the peer holds as down stay unknown (as in memberlist), so a
                // restarted node does not announce and then re-bury everyone reaped lately.
                apply(.suspect(entry.name, entry.incarnation, by: sender), from: sender, now: now, into: &actions)
            case .left:
                apply(.left(entry.name, entry.incarnation), from: sender, now: now, into: &actions)
            }
            if let info = entry.info { apply(.info(entry.name, info), from: sender, now: now, into: &actions) }
        }
    }

    /// This node's view, itself first and then by name (an order that does not depend on
    /// hashing, so a simulation replays exactly), for push-pull.
    func snapshot() -> [MemberSnapshot] {
        var entries = [MemberSnapshot(name: myself, addresses: addresses, status: .alive, incarnation: incarnation, info: localInfo)]
        for member in members.values.sorted(by: { $0.name < $1.name }) {
            entries.append(MemberSnapshot(name: member.name, addresses: member.addresses, status: member.status,
                                          incarnation: member.incarnation, info: infos[member.name]?.info))
        }
        return entries
    }

    /// Forgets members dead or gone for longer than `reapAfter`.
    private mutating func reap(now: Instant) {
        let limit = settings.reapAfter
        // Only the down can expire: scanning them, not every member, keeps a gossip tick O(1)
        // in a healthy cluster.
        let expired = downNames.filter { name in
            guard let member = members[name] else { return false }
            return !member.status.isReachable && now - member.statusSince > limit
        }
        guard !expired.isEmpty else { return }
        for name in expired {
            members[name] = nil
            infos[name] = nil
            lastHint[name] = nil
        }
        memberNames.removeAll { members[$0] == nil }
        downNames.removeAll { members[$0] == nil }
    }
}
