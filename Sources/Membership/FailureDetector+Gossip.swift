import RacimoCore

extension FailureDetector {
    /// What every message carries: this node's own alive claim and load vector, a few forwarded
    /// load vectors, then queued updates, up to `maxPiggyback` items and `maxPiggybackBytes`.
    mutating func piggyback(leading: [Gossip] = []) -> [Gossip] {
        var gossip = leading
        gossip.append(.alive(myself, incarnation, addresses: addresses))
        if !localInfo.flags.contains(.quiet) { gossip.append(.info(myself, localInfo)) }
        for name in randomMembers(settings.forwardedInfos, excluding: []) { $0.status.isReachable } {
            if let entry = infos[name] { gossip.append(.info(name, entry.info)) }
        }
        let used = gossip.reduce(0) { $0 + $1.estimatedSize }
        gossip += queue.take(
            max(0, settings.maxPiggyback - gossip.count), bytes: settings.maxPiggybackBytes - used,
            retransmitLimit: retransmitLimit)
        return gossip
    }

    /// Applies one claim heard from `sender` (who may be this node, for its own suspicions).
    mutating func apply(_ gossip: Gossip, from sender: NodeName, now: Instant, into actions: inout [Action]) {
        switch gossip {
        case .alive(let name, let claimed, let claimedAddresses):
            applyAlive(name, claimed, claimedAddresses, from: sender, now: now, into: &actions)
        case .suspect(let name, let claimed, let by):
            if name == myself, claimed < incarnation { rebut(sender, now: now, into: &actions) }
            applySuspect(name, claimed, by: by, now: now, into: &actions)
        case .dead(let name, let claimed, let by):
            if name == myself, claimed < incarnation { rebut(sender, now: now, into: &actions) }
            applyDeath(name, claimed, status: .dead, reason: "declared dead by \(by)", gossip: gossip, now: now, into: &actions)
        case .left(let name, let claimed):
            applyDeath(name, claimed, status: .left, reason: "left the cluster", gossip: gossip, now: now, into: &actions)
        case .info(let name, let info):
            guard name != myself, members.index(forKey: name) != nil else { return }
            if infos[name].map({ info.sequence > $0.info.sequence }) ?? true {
                infos[name] = (info, now)
            }
        }
    }

    private mutating func applyAlive(
        _ name: NodeName, _ claimed: Incarnation, _ claimedAddresses: [Endpoint], from sender: NodeName,
        now: Instant, into actions: inout [Action]
    ) {
        if name == myself {
            // Someone remembers a later incarnation of us (from before a restart): go above it.
            if claimed > incarnation { refute(above: claimed, now: now) }
            return
        }
        guard var member = members[name] else {
            var member = Member(name: name, addresses: claimedAddresses, status: .alive, incarnation: claimed, since: now)
            member.linksUp = claimedAddresses.map { _ in true }
            members[name] = member
            memberNames.append(name)
            reachableCount += 1
            insertIntoProbeOrder(name)
            queue.enqueue(.alive(name, claimed, addresses: claimedAddresses))
            let how = sender == name ? "heard from it" : "heard of it from \(sender)"
            actions.append(.memberChanged(MemberChange(name: name, from: nil, to: .alive, incarnation: claimed, reason: "joined (\(how))")))
            return
        }
        guard claimed > member.incarnation || (claimed == member.incarnation && member.status == .alive && claimedAddresses != member.addresses) else {
            return
        }
        let previous = member.status
        if member.addresses != claimedAddresses {
            member.addresses = claimedAddresses
            member.linksUp = claimedAddresses.map { _ in true }
        }
        member.incarnation = claimed
        member.status = .alive
        if previous != .alive { member.statusSince = now }
        members[name] = member
        suspicions[name] = nil
        queue.enqueue(.alive(name, claimed, addresses: claimedAddresses))
        if previous != .alive {
            if !previous.isReachable {
                reachableCount += 1
                downNames.removeAll { $0 == name }
                if !probeOrder.contains(name) { insertIntoProbeOrder(name) }
            }
            if previous == .dead { lastRevival = now }
            let reason = previous == .suspect ? "refuted the suspicion" : "is back (rejoined)"
            actions.append(.memberChanged(MemberChange(name: name, from: previous, to: .alive, incarnation: claimed, reason: reason)))
        }
    }

    private mutating func applySuspect(_ name: NodeName, _ claimed: Incarnation, by: NodeName, now: Instant, into actions: inout [Action]) {
        if name == myself {
            if claimed >= incarnation && !leaving {
                localHealth = min(settings.maxLocalHealth, localHealth + 1)
                refute(above: claimed, now: now)
                // The suspecter's timer started first and runs out first: tell it directly
                // instead of waiting for the refutation to reach it by gossip.
                // Twice, so one lost datagram does not leave the suspecter counting down.
                if by != myself, let address = members[by]?.address {
                    actions.append(.send(.gossip(piggyback()), to: address))
                    actions.append(.send(.gossip(piggyback(leading: [.alive(myself, incarnation, addresses: addresses)])), to: address))
                }
            }
            return
        }
        guard var member = members[name], member.status.isReachable, claimed >= member.incarnation else { return }
        if member.status == .suspect, claimed == member.incarnation, var suspicion = suspicions[name] {
            // Lifeguard: an independent confirmation shortens the suspicion and is re-gossiped,
            // until the expected number of confirmations is reached (as memberlist's Confirm).
            if suspicion.confirmations < suspicion.expectedConfirmations, suspicion.confirm(by: by) {
                suspicions[name] = suspicion
                queue.enqueue(.suspect(name, claimed, by: by))
                actions.append(.setTimer(TimerRequest(.suspicion(name), at: suspicion.deadline)))
            }
            return
        }
        let previous = member.status
        member.status = .suspect
        member.incarnation = claimed
        member.statusSince = now
        members[name] = member
        let n = Double(max(clusterSize, 2))
        let minimum = settings.probeInterval * (settings.suspicionMultiplier * max(1, Logarithm.decimal(n)))
        let expected = clusterSize - 2 < Int(settings.suspicionMultiplier) - 2 ? 0 : Int(settings.suspicionMultiplier) - 2
        let suspicion = Suspicion(
            incarnation: claimed, by: by, start: now, minimum: minimum,
            maximum: minimum * settings.suspicionMaxMultiplier, expectedConfirmations: expected)
        suspicions[name] = suspicion
        queue.enqueue(.suspect(name, claimed, by: by))
        actions.append(.setTimer(TimerRequest(.suspicion(name), at: suspicion.deadline)))
        let reason = by == myself ? "no answer to direct or indirect probes" : "suspected by \(by)"
        actions.append(.memberChanged(MemberChange(name: name, from: previous, to: .suspect, incarnation: claimed, reason: reason)))
    }

    private mutating func applyDeath(
        _ name: NodeName, _ claimed: Incarnation, status: MemberStatus, reason: String, gossip: Gossip,
        now: Instant, into actions: inout [Action]
    ) {
        if name == myself {
            if claimed >= incarnation && !leaving {
                localHealth = min(settings.maxLocalHealth, localHealth + 1)
                refute(above: claimed, now: now)
                // Declared dead: the cluster may have moved on without us (a partition), so the
                // message's sender gets a full push-pull once the message is handled.
                if status == .dead {
                    rejoinRequested = true
                    lastRevival = now
                }
            }
            return
        }
        guard var member = members[name], claimed >= member.incarnation else { return }
        guard member.status.isReachable || (member.status == .dead && status == .left) else { return }
        let previous = member.status
        if previous.isReachable {
            reachableCount -= 1
            downNames.append(name)
        }
        member.status = status
        member.incarnation = claimed
        member.statusSince = now
        members[name] = member
        suspicions[name] = nil
        queue.enqueue(gossip)
        actions.append(.memberChanged(MemberChange(name: name, from: previous, to: status, incarnation: claimed, reason: reason)))
    }

    /// Someone still tells us of a suspicion or death we already refuted: it missed the refutation
    /// (gossip about one member reaches everyone only with high probability), so it gets it
    /// straight from us. Without this, a node that held us dead through a partition would keep
    /// doing so until we happened to probe it.
    private mutating func rebut(_ sender: NodeName, now: Instant, into actions: inout [Action]) {
        guard sender != myself, !leaving, let address = members[sender]?.address else { return }
        if let last = lastHint[sender], now - last < settings.probeInterval { return }
        lastHint[sender] = now
        actions.append(.send(.gossip(piggyback()), to: address))
    }

    /// SWIM §4.3: a new member goes to a random place in the current pass.
    mutating func insertIntoProbeOrder(_ name: NodeName) {
        let index = Int.random(in: 0...probeOrder.count, using: &random)
        probeOrder.insert(name, at: index)
        if index < probeIndex { probeIndex += 1 }
    }

    /// Claims a new incarnation above `claimed` and spreads it (SWIM §4.2).
    mutating func refute(above claimed: Incarnation, now: Instant) {
        // A claim at the last incarnation cannot be topped; wrapping to 0 would silence us for good.
        guard claimed < Incarnation(.max) else { return }
        incarnation = max(incarnation, claimed).next
        queue.enqueue(.alive(myself, incarnation, addresses: addresses))
    }

    /// Up to `count` distinct random members other than this node and `excluded`, drawn by
    /// rejection sampling so that a message costs O(count), not O(N), in a large cluster.
    mutating func randomMembers(_ count: Int, excluding excluded: [NodeName], where include: (Member) -> Bool) -> [NodeName] {
        guard count > 0, !memberNames.isEmpty else { return [] }
        var chosen: [NodeName] = []
        for _ in 0..<(count * 4) where chosen.count < count {
            let name = memberNames[Int.random(in: 0..<memberNames.count, using: &random)]
            if !chosen.contains(name), !excluded.contains(name), let member = members[name], include(member) {
                chosen.append(name)
            }
        }
        if chosen.count < count {
            // Few members qualify: pick among all of them instead.
            var candidates = memberNames.filter { name in
                !chosen.contains(name) && !excluded.contains(name) && members[name].map(include) == true
            }
            while chosen.count < count, !candidates.isEmpty {
                let index = Int.random(in: 0..<candidates.count, using: &random)
                candidates.swapAt(index, candidates.count - 1)
                chosen.append(candidates.removeLast())
            }
        }
        return chosen
    }
}
