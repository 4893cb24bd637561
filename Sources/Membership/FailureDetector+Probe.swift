import RacimoCore

/// One protocol period's probe of one member.
struct ProbeRound: Sendable {
    let target: NodeName
    /// One ping per link, each with its own sequence number, so an ack tells which link works.
    let linkSequences: [UInt32]
    /// The sequence number indirect probers answer with.
    let indirectSequence: UInt32
    var ackedLinks: Set<Int> = []
    var ackedIndirectly = false
    var indirectProbers = 0
    var nacks = 0

    var acked: Bool { !ackedLinks.isEmpty || ackedIndirectly }
}

/// A ping this node sends on another's behalf (SWIM's ping-req).
struct Relay: Sendable {
    let requester: Endpoint
    let sequence: UInt32
}

extension FailureDetector {
    /// The probe timer: judges the probe of the period that ends, then probes the next member.
    mutating func probeTimerFired(now: Instant) -> [Action] {
        var actions: [Action] = []
        if let round = probe {
            finish(round, now: now, into: &actions)
            probe = nil
        }
        let scale = Double(localHealth + 1)
        actions.append(.setTimer(TimerRequest(.probe, at: now + settings.probeInterval * scale)))
        guard let target = nextProbeTarget(), let member = members[target] else { return actions }
        let round = ProbeRound(
            target: target, linkSequences: member.addresses.map { _ in takeSequence() },
            indirectSequence: takeSequence())
        // Lifeguard's buddy system: a suspect learns of its suspicion from the probe itself.
        var first: [Gossip] = []
        if member.status == .suspect { first.append(.suspect(target, member.incarnation, by: myself)) }
        for (link, address) in member.addresses.enumerated() {
            let gossip = piggyback(leading: first)
            actions.append(.send(.ping(sequence: round.linkSequences[link], target: target, gossip: gossip), to: address))
        }
        probe = round
        actions.append(.setTimer(TimerRequest(.probeTimeout(round.indirectSequence), at: now + settings.probeTimeout * scale)))
        return actions
    }

    /// The direct probe got no ack in time: ask `indirectProbes` random live members to try.
    mutating func probeTimeoutFired(_ sequence: UInt32, now: Instant) -> [Action] {
        var actions: [Action] = []
        guard var round = probe, round.indirectSequence == sequence, !round.acked, let member = members[round.target] else {
            return actions
        }
        let helpers = randomMembers(settings.indirectProbes, excluding: [round.target]) { $0.status == .alive }
        for helper in helpers {
            guard let address = members[helper]?.address else { continue }
            let request = MembershipMessage.pingRequest(
                sequence: round.indirectSequence, target: round.target, addresses: member.addresses, gossip: piggyback())
            actions.append(.send(request, to: address))
        }
        round.indirectProbers = helpers.count
        probe = round
        return actions
    }

    /// Ends a probe round: link states, local health, and a suspicion when nothing answered.
    private mutating func finish(_ round: ProbeRound, now: Instant, into actions: inout [Action]) {
        guard var member = members[round.target], member.status.isReachable else { return }
        // A link is up when its direct ping was answered this round.
        member.linksUp = member.addresses.indices.map { round.ackedLinks.contains($0) }
        members[round.target] = member
        if round.acked {
            localHealth = max(0, localHealth - 1)
            return
        }
        // Lifeguard: helpers that did not even nack suggest the problem is here, not there; when
        // every helper nacked, the target is unreachable and this node is fine.
        let missingNacks = round.indirectProbers - round.nacks
        localHealth = min(settings.maxLocalHealth, localHealth + (round.indirectProbers > 0 ? max(missingNacks, 0) : 1))
        apply(.suspect(round.target, member.incarnation, by: myself), from: myself, now: now, into: &actions)
    }

    /// The next member in round-robin order, reshuffling at the end of each pass.
    private mutating func nextProbeTarget() -> NodeName? {
        for _ in 0...probeOrder.count {
            if probeIndex >= probeOrder.count {
                probeOrder = members.values.filter { $0.status.isReachable }.map(\.name).sorted()
                probeOrder.shuffle(using: &random)
                probeIndex = 0
                if probeOrder.isEmpty { return nil }
            }
            let name = probeOrder[probeIndex]
            probeIndex += 1
            if members[name]?.status.isReachable == true { return name }
        }
        return nil
    }

    /// Someone asks us to ping `target` for them.
    mutating func pingRequested(_ sequence: UInt32, target: NodeName, addresses: [Endpoint], requester: Endpoint, now: Instant) -> [Action] {
        var actions: [Action] = []
        let relayed = takeSequence()
        relays[relayed] = Relay(requester: requester, sequence: sequence)
        for address in addresses {
            actions.append(.send(.ping(sequence: relayed, target: target, gossip: piggyback()), to: address))
        }
        actions.append(.setTimer(TimerRequest(.relayTimeout(relayed), at: now + settings.probeTimeout)))
        return actions
    }

    mutating func relayTimeoutFired(_ sequence: UInt32) -> [Action] {
        var actions: [Action] = []
        if let relay = relays.removeValue(forKey: sequence) {
            actions.append(.send(.nack(sequence: relay.sequence, gossip: piggyback()), to: relay.requester))
        }
        return actions
    }

    /// An ack: for our own probe (direct or indirect), or for a ping we relay.
    mutating func ackReceived(_ sequence: UInt32) -> [Action] {
        var actions: [Action] = []
        if var round = probe {
            if let link = round.linkSequences.firstIndex(of: sequence) {
                round.ackedLinks.insert(link)
            } else if round.indirectSequence == sequence {
                round.ackedIndirectly = true
            }
            probe = round
        }
        if let relay = relays.removeValue(forKey: sequence) {
            actions.append(.send(.ack(sequence: relay.sequence, gossip: piggyback()), to: relay.requester))
        }
        return actions
    }

    mutating func nackReceived(_ sequence: UInt32) {
        if var round = probe, round.indirectSequence == sequence {
            round.nacks += 1
            probe = round
        }
    }
}
