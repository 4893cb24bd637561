import Testing
@testable import Membership
import RacimoCore

/// Lifeguard's dynamic suspicion timeout (Dadgar et al., 2018, §IV.B), as memberlist computes it:
/// min = suspicionMultiplier × max(1, log10 N) × probeInterval, max = suspicionMaxMultiplier × min,
/// k = suspicionMultiplier − 2 expected confirmations (0 when N − 2 < k), and
/// timeout(c) = max(min, max − (max − min) · log(c + 1) / log(k + 1)) from the suspicion's start.
@Suite("FailureDetector: Lifeguard's dynamic suspicion")
struct SuspicionTests {
    /// We know alpha, bravo and charlie (N = 4: min 600 ms, max 2.4 s, one confirmation
    /// expected), and bravo tells us at 1 s that it suspects alpha.
    private func bravoSuspectsAlpha() -> (FailureDetector, [FailureDetector.Action]) {
        var detector = makeDetector()
        for peer in [alpha, bravo, charlie] { detector.hear(from: peer) }
        let actions = detector.gossip(.suspect(alpha.name, .zero, by: bravo.name), from: bravo, now: at(1000))
        return (detector, actions)
    }

    @Test("with no confirmation, the suspicion timer runs for the maximum timeout")
    func unconfirmedSuspicionRunsTheMaximum() {
        let (_, actions) = bravoSuspectsAlpha()

        #expect(actions.steps == [
            .timer(.suspicion(alpha.name), at: at(3400)),
            .changed(alpha.name, from: .alive, to: .suspect, incarnation: .zero, reason: "suspected by bravo"),
        ])
    }

    @Test("an independent suspecter shortens the deadline and re-arms the timer")
    func independentConfirmationShortensTheDeadline() {
        var (detector, _) = bravoSuspectsAlpha()

        let confirmed = detector.gossip(.suspect(alpha.name, .zero, by: charlie.name), from: charlie, now: at(1500))

        #expect(confirmed.steps == [.timer(.suspicion(alpha.name), at: at(1600))])
    }

    @Test("the same suspecter again, even relayed by another member, changes nothing")
    func repeatedSuspecterIsNoConfirmation() {
        var (detector, _) = bravoSuspectsAlpha()

        let again = detector.gossip(.suspect(alpha.name, .zero, by: bravo.name), from: charlie, now: at(1500))

        #expect(again.steps == [])
        // The deadline is still the unconfirmed one: an early timer is re-armed there.
        #expect(detector.timerFired(.suspicion(alpha.name), now: at(1600)).steps == [.timer(.suspicion(alpha.name), at: at(3400))])
    }

    @Test("our own failed probe of a suspect counts as a confirmation")
    func ownFailedProbeConfirms() {
        var detector = makeDetector()
        detector.hear(from: alpha)
        _ = detector.timerFired(.probe, now: at(200))  // alpha, our only member, does not answer
        detector.hear(from: bravo, now: at(210))
        detector.gossip(.suspect(alpha.name, .zero, by: bravo.name), from: bravo, now: at(220))

        let end = detector.timerFired(.probe, now: at(400))

        // N = 3 expects one confirmation: the deadline falls from 220 + 2400 to 220 + 600 ms.
        #expect(end.steps.first == .timer(.suspicion(alpha.name), at: at(820)))
        #expect(end.changes == [])
    }

    @Test("at the deadline the suspect gets a last direct ping, three times, carrying the suspicion")
    func lastChance() {
        var (detector, _) = bravoSuspectsAlpha()

        let actions = detector.timerFired(.suspicion(alpha.name), now: at(3400))

        #expect(actions.changes == [])
        #expect(actions.sent.count == 3)
        #expect(actions.sent.allSatisfy { $0.to == alpha.address && $0.message.piggyback.first == .suspect(alpha.name, .zero, by: me) })
        #expect(actions.steps.last == .timer(.suspicion(alpha.name), at: at(3640)))
        #expect(detector.status(of: alpha) == .suspect)
    }

    @Test("an ack to the last ping that refutes keeps the member alive")
    func lastChanceRefuted() {
        var (detector, _) = bravoSuspectsAlpha()
        let pings = detector.timerFired(.suspicion(alpha.name), now: at(3400))
        guard case .ping(let sequence, _, _)? = pings.sent.first?.message else {
            Issue.record("no ping")
            return
        }
        let reply = detector.messageReceived(
            .ack(sequence: sequence, gossip: [.alive(alpha.name, Incarnation(1), addresses: alpha.addresses)]),
            from: alpha.name, address: alpha.address, now: at(3410))
        #expect(reply.changes.map(\.to) == [.alive])
        let later = detector.timerFired(.suspicion(alpha.name), now: at(3640))
        #expect(later.changes == [])
        #expect(detector.status(of: alpha) == .alive)
    }

    @Test("the timer firing after the last chance declares the member dead")
    func timeoutDeclaresDeath() throws {
        var (detector, _) = bravoSuspectsAlpha()

        _ = detector.timerFired(.suspicion(alpha.name), now: at(3400))
        let actions = detector.timerFired(.suspicion(alpha.name), now: at(3640))

        let change = try #require(actions.changes.first)
        #expect(actions.count == 1)
        #expect(change.name == alpha.name)
        #expect(change.from == .suspect)
        #expect(change.to == .dead)
        #expect(change.incarnation == .zero)
        #expect(change.reason.hasPrefix("suspicion timed out"))
        #expect(change.reason.hasSuffix("(0 confirmations)"))
        #expect(detector.status(of: alpha) == .dead)
    }

    @Test("a confirmed suspicion times out at its shortened deadline")
    func confirmedSuspicionTimesOutEarlier() {
        var (detector, _) = bravoSuspectsAlpha()
        detector.gossip(.suspect(alpha.name, .zero, by: charlie.name), from: charlie, now: at(1500))

        _ = detector.timerFired(.suspicion(alpha.name), now: at(1600))
        let actions = detector.timerFired(.suspicion(alpha.name), now: at(1840))

        #expect(actions.changes.map(\.to) == [.dead])
        #expect(actions.changes.first?.reason.hasSuffix("(1 confirmations)") == true)
    }

    @Test("a suspicion timer fired before the deadline is re-armed at the deadline and declares nothing")
    func earlyTimerDoesNothing() {
        var (detector, _) = bravoSuspectsAlpha()

        #expect(detector.timerFired(.suspicion(alpha.name), now: at(3399)).steps == [.timer(.suspicion(alpha.name), at: at(3400))])
        #expect(detector.status(of: alpha) == .suspect)
    }

    @Test("an alive claim with a higher incarnation before the deadline refutes the suspicion")
    func higherIncarnationRefutes() {
        var (detector, _) = bravoSuspectsAlpha()

        let refuted = detector.gossip(.alive(alpha.name, Incarnation(1), addresses: alpha.addresses), from: alpha, now: at(2000))

        #expect(refuted.steps == [.changed(alpha.name, from: .suspect, to: .alive, incarnation: Incarnation(1), reason: "refuted the suspicion")])
        #expect(detector.timerFired(.suspicion(alpha.name), now: at(3400)).steps == [])
        #expect(detector.status(of: alpha) == .alive)
    }

    @Test("an alive claim at the suspected incarnation does not refute")
    func sameIncarnationDoesNotRefute() {
        var (detector, _) = bravoSuspectsAlpha()

        let heard = detector.gossip(.alive(alpha.name, .zero, addresses: alpha.addresses), from: charlie, now: at(2000))

        #expect(heard.steps == [])
        #expect(detector.status(of: alpha) == .suspect)
    }

    @Test("with more confirmations expected, each shortens the timeout logarithmically down to the minimum")
    func confirmationsShortenLogarithmically() throws {
        var settings = testSettings
        settings.suspicionMultiplier = 5  // k = 3; N = 6: min 1 s, max 4 s
        var detector = makeDetector(settings: settings)
        for peer in [alpha, bravo, charlie, delta, echo] { detector.hear(from: peer) }
        detector.gossip(.suspect(alpha.name, .zero, by: bravo.name), from: bravo, now: .zero)

        func deadline(confirmedBy peer: Peer) throws -> Duration {
            let actions = detector.gossip(.suspect(alpha.name, .zero, by: peer.name), from: peer, now: at(10))
            return try #require(actions.timers.first).deadline.sinceOrigin
        }

        let first = try deadline(confirmedBy: charlie)
        let second = try deadline(confirmedBy: delta)
        let third = try deadline(confirmedBy: echo)

        // 4 s − 3 s × log 2 / log 4, then 4 s − 3 s × log 3 / log 4, then the minimum.
        #expect(distance(first, .milliseconds(2500)) < .microseconds(1))
        #expect(distance(second, .microseconds(1_622_556)) < .microseconds(1))
        #expect(third == .seconds(1))
    }

    @Test(
        "confirmations beyond the k expected neither re-arm the timer nor re-gossip (memberlist's suspicion.Confirm)")
    func confirmationsBeyondKAreIgnored() {
        var detector = makeDetector()
        for peer in [alpha, bravo, charlie, delta] { detector.hear(from: peer) }
        detector.gossip(.suspect(alpha.name, .zero, by: bravo.name), from: bravo, now: at(1000))
        detector.gossip(.suspect(alpha.name, .zero, by: charlie.name), from: charlie, now: at(1100))

        let beyond = detector.gossip(.suspect(alpha.name, .zero, by: delta.name), from: delta, now: at(1200))

        #expect(beyond.steps == [])
    }
}

private func distance(_ a: Duration, _ b: Duration) -> Duration { a > b ? a - b : b - a }
