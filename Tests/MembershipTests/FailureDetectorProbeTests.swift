import Testing
@testable import Membership
import RacimoCore

/// With the default settings a period is 200 ms, the direct probe waits 80 ms, and k = 3.
/// Each test starts its probes at 200 ms; sequences start at 1, one per link, then one for the
/// indirect probe.
@Suite("FailureDetector: probing (SWIM §3.1, Lifeguard's local health §IV.A)")
struct FailureDetectorProbeTests {
    // MARK: direct probes

    @Test("a probe pings the target on every link, each with its own sequence, and arms the probe timeout")
    func probePingsEveryLink() {
        var detector = makeDetector()
        detector.hear(from: twoLinks)

        let actions = detector.timerFired(.probe, now: at(200))

        #expect(actions.steps == [
            .timer(.probe, at: at(400)),
            .ping(1, target: twoLinks.name, to: twoLinks.addresses[0]),
            .ping(2, target: twoLinks.name, to: twoLinks.addresses[1]),
            .timer(.probeTimeout(3), at: at(280)),
        ])
    }

    @Test("an ack on the second link only marks the first link down and the second up when the round ends")
    func ackOnOneLinkOnly() {
        var detector = makeDetector()
        detector.hear(from: twoLinks)
        _ = detector.timerFired(.probe, now: at(200))

        let ack = detector.messageReceived(.ack(sequence: 2, gossip: []), from: twoLinks.name, address: twoLinks.addresses[1], now: at(210))
        #expect(ack.steps == [])
        #expect(detector.member(twoLinks.name)?.linksUp == [true, true])
        #expect(detector.timerFired(.probeTimeout(3), now: at(280)).steps == [])

        let end = detector.timerFired(.probe, now: at(400))

        #expect(end.changes == [])
        #expect(detector.member(twoLinks.name)?.linksUp == [false, true])
        #expect(detector.status(of: twoLinks) == .alive)
    }

    @Test("probing a suspect tells it first that it is suspected (Lifeguard's buddy system)")
    func probeOfSuspectCarriesTheSuspicion() throws {
        var detector = makeDetector()
        detector.hear(from: alpha)
        detector.gossip(.suspect(alpha.name, .zero, by: bravo.name), from: bravo, now: at(100))

        let actions = detector.timerFired(.probe, now: at(200))

        let ping = try #require(actions.messages(to: alpha.address).first)
        #expect(ping.piggyback.first == .suspect(alpha.name, .zero, by: me))
    }

    // MARK: indirect probes

    @Test("no ack by the probe timeout: ping requests for the target go to the alive members, not the suspect ones")
    func indirectProbeAsksAliveMembers() {
        var detector = makeDetector()
        detector.hear(from: alpha)
        _ = detector.timerFired(.probe, now: at(200))
        for peer in [bravo, charlie, delta, echo] { detector.hear(from: peer, now: at(210)) }
        detector.gossip(.suspect(echo.name, .zero, by: bravo.name), from: bravo, now: at(220))

        let actions = detector.timerFired(.probeTimeout(2), now: at(280))

        #expect(actions.count == 3)
        #expect(Set(actions.steps) == [
            .pingRequest(2, target: alpha.name, to: bravo.address),
            .pingRequest(2, target: alpha.name, to: charlie.address),
            .pingRequest(2, target: alpha.name, to: delta.address),
        ])
        for (message, _) in actions.sent {
            guard case .pingRequest(_, _, let addresses, _) = message else { continue }
            #expect(addresses == alpha.addresses)
        }
    }

    @Test("at most k members are asked")
    func indirectProbeAsksAtMostK() {
        var settings = testSettings
        settings.indirectProbes = 2
        var detector = makeDetector(settings: settings)
        detector.hear(from: alpha)
        _ = detector.timerFired(.probe, now: at(200))
        for peer in [bravo, charlie, delta] { detector.hear(from: peer, now: at(210)) }

        let actions = detector.timerFired(.probeTimeout(2), now: at(280))

        #expect(actions.count == 2)
        #expect(Set(actions.sent.map(\.to)).count == 2)
        #expect(Set(actions.sent.map(\.to)).isSubset(of: [bravo.address, charlie.address, delta.address]))
    }

    @Test("an ack relayed by a helper saves the target from suspicion")
    func indirectAckPreventsSuspicion() {
        var detector = makeDetector()
        detector.hear(from: alpha)
        _ = detector.timerFired(.probe, now: at(200))
        detector.hear(from: bravo, now: at(210))
        detector.hear(from: charlie, now: at(210))
        _ = detector.timerFired(.probeTimeout(2), now: at(280))

        let relayed = detector.messageReceived(.ack(sequence: 2, gossip: []), from: bravo.name, address: bravo.address, now: at(330))
        let end = detector.timerFired(.probe, now: at(400))

        #expect(relayed.steps == [])
        #expect(end.changes == [])
        #expect(detector.status(of: alpha) == .alive)
        #expect(detector.member(alpha.name)?.linksUp == [false])
        #expect(detector.localHealth == 0)
    }

    @Test("no answer at all: the target is suspected at the end of the round, and silent helpers raise local health")
    func noAnswerSuspectsTheTarget() {
        var detector = makeDetector()
        detector.hear(from: alpha)
        _ = detector.timerFired(.probe, now: at(200))
        detector.hear(from: bravo, now: at(210))
        detector.hear(from: charlie, now: at(210))
        #expect(detector.timerFired(.probeTimeout(2), now: at(280)).count == 2)

        let end = detector.timerFired(.probe, now: at(400))

        // N = 4: suspicion at most 4 × 3 × 200 ms; two silent helpers: local health 2, so the
        // next period and probe timeout are three times as long.
        #expect(Array(end.steps.prefix(3)) == [
            .timer(.suspicion(alpha.name), at: at(2800)),
            .changed(alpha.name, from: .alive, to: .suspect, incarnation: .zero, reason: "no answer to direct or indirect probes"),
            .timer(.probe, at: at(1000)),
        ])
        #expect(end.pinged.count == 1)
        #expect(end.steps.last == .timer(.probeTimeout(4), at: at(640)))
        #expect(detector.localHealth == 2)
    }

    // MARK: Lifeguard's local health

    @Test("a failed probe with nobody to ask raises local health by one and stretches the next period")
    func failedProbeRaisesLocalHealth() {
        var detector = makeDetector()
        detector.hear(from: alpha)
        _ = detector.timerFired(.probe, now: at(200))
        #expect(detector.timerFired(.probeTimeout(2), now: at(280)).steps == [])

        let end = detector.timerFired(.probe, now: at(400))

        // N = 2: no confirmation expected, so the suspicion runs its maximum, 2.4 s.
        #expect(end.steps == [
            .timer(.suspicion(alpha.name), at: at(2800)),
            .changed(alpha.name, from: .alive, to: .suspect, incarnation: .zero, reason: "no answer to direct or indirect probes"),
            .timer(.probe, at: at(800)),
            .ping(3, target: alpha.name, to: alpha.address),
            .timer(.probeTimeout(4), at: at(560)),
        ])
        #expect(detector.localHealth == 1)
    }

    @Test("when every helper nacks, the fault is the target's, not ours: local health stays")
    func nacksFromEveryHelperKeepLocalHealth() {
        var detector = makeDetector()
        detector.hear(from: alpha)
        _ = detector.timerFired(.probe, now: at(200))
        detector.hear(from: bravo, now: at(210))
        detector.hear(from: charlie, now: at(210))
        _ = detector.timerFired(.probeTimeout(2), now: at(280))
        _ = detector.messageReceived(.nack(sequence: 2, gossip: []), from: bravo.name, address: bravo.address, now: at(360))
        _ = detector.messageReceived(.nack(sequence: 2, gossip: []), from: charlie.name, address: charlie.address, now: at(361))

        let end = detector.timerFired(.probe, now: at(400))

        #expect(end.changes.map(\.to) == [.suspect])
        #expect(detector.localHealth == 0)
        #expect(end.timers.contains(TimerRequest(.probe, at: at(600))))
    }

    @Test("one helper of two nacking: local health rises by the one missing nack")
    func missingNackRaisesLocalHealth() {
        var detector = makeDetector()
        detector.hear(from: alpha)
        _ = detector.timerFired(.probe, now: at(200))
        detector.hear(from: bravo, now: at(210))
        detector.hear(from: charlie, now: at(210))
        _ = detector.timerFired(.probeTimeout(2), now: at(280))
        _ = detector.messageReceived(.nack(sequence: 2, gossip: []), from: bravo.name, address: bravo.address, now: at(360))

        _ = detector.timerFired(.probe, now: at(400))

        #expect(detector.localHealth == 1)
    }

    @Test("successful probes lower local health one step at a time, shortening the period again")
    func successfulProbeLowersLocalHealth() {
        var detector = makeDetector()
        detector.hear(from: alpha)
        _ = detector.timerFired(.probe, now: at(200))       // pings 1, indirect 2: unanswered
        _ = detector.timerFired(.probe, now: at(400))       // pings 3, indirect 4: unanswered
        let third = detector.timerFired(.probe, now: at(800))  // pings 5
        #expect(detector.localHealth == 2)
        #expect(third.timers.first == TimerRequest(.probe, at: at(1400)))

        _ = detector.messageReceived(.ack(sequence: 5, gossip: []), from: alpha.name, address: alpha.address, now: at(900))
        let fourth = detector.timerFired(.probe, now: at(1400))

        #expect(detector.localHealth == 1)
        #expect(fourth.timers.first == TimerRequest(.probe, at: at(1800)))
    }

    @Test("local health stops at maxLocalHealth")
    func localHealthIsBounded() {
        var settings = testSettings
        settings.maxLocalHealth = 2
        var detector = makeDetector(settings: settings)
        detector.hear(from: alpha)
        var now = at(200)
        for _ in 0..<4 {
            let actions = detector.timerFired(.probe, now: now)
            now = actions.timers.first { $0.key == .probe }!.deadline
        }

        #expect(detector.localHealth == 2)
    }

    // MARK: relaying for others (ping-req)

    @Test("a ping request makes us ping the target on each address it names, and arm a relay timeout")
    func pingRequestIsRelayed() {
        var detector = makeDetector()
        detector.hear(from: alpha)
        detector.hear(from: twoLinks)

        let actions = detector.messageReceived(
            .pingRequest(sequence: 77, target: twoLinks.name, addresses: twoLinks.addresses, gossip: []),
            from: alpha.name, address: alpha.address, now: at(1000))

        #expect(actions.steps == [
            .ping(1, target: twoLinks.name, to: twoLinks.addresses[0]),
            .ping(1, target: twoLinks.name, to: twoLinks.addresses[1]),
            .timer(.relayTimeout(1), at: at(1080)),
        ])
    }

    @Test("the target's ack is forwarded to the requester under the requester's sequence, once")
    func relayedAckIsForwarded() {
        var detector = makeDetector()
        detector.hear(from: alpha)
        detector.hear(from: bravo)
        _ = detector.messageReceived(
            .pingRequest(sequence: 77, target: bravo.name, addresses: bravo.addresses, gossip: []),
            from: alpha.name, address: alpha.address, now: at(1000))

        let ack = detector.messageReceived(.ack(sequence: 1, gossip: []), from: bravo.name, address: bravo.address, now: at(1030))

        #expect(ack.steps == [.ack(77, to: alpha.address)])
        #expect(detector.timerFired(.relayTimeout(1), now: at(1080)).steps == [])
    }

    @Test("a relay whose target stays silent answers nack to the requester; a late ack is dropped")
    func relayTimeoutSendsNack() {
        var detector = makeDetector()
        detector.hear(from: alpha)
        detector.hear(from: bravo)
        _ = detector.messageReceived(
            .pingRequest(sequence: 77, target: bravo.name, addresses: bravo.addresses, gossip: []),
            from: alpha.name, address: alpha.address, now: at(1000))

        #expect(detector.timerFired(.relayTimeout(1), now: at(1080)).steps == [.nack(77, to: alpha.address)])
        #expect(detector.messageReceived(.ack(sequence: 1, gossip: []), from: bravo.name, address: bravo.address, now: at(1100)).steps == [])
    }
}
