import Testing
@testable import Membership
import RacimoCore

@Suite("FailureDetector: refutation (SWIM §4.2), gossip to the dead, hints, push-pull merging")
struct FailureDetectorGossipTests {
    // MARK: refuting claims about ourselves

    @Test("a suspicion about us is refuted: the suspecter is told at once, every later message carries it, local health rises by one")
    func suspicionAboutUsIsRefuted() {
        var detector = makeDetector()
        detector.hear(from: alpha)

        let heard = detector.gossip(.suspect(me, .zero, by: alpha.name), from: alpha, now: at(100))
        let ack = detector.pinged(by: alpha, now: at(150))

        #expect(heard.steps == [.gossip(to: alpha.address), .gossip(to: alpha.address)])
        #expect(heard.sent[0].message.piggyback.contains(.alive(me, Incarnation(1), addresses: [myAddress])))
        #expect(detector.incarnation == Incarnation(1))
        #expect(detector.localHealth == 1)
        #expect(ack.sent[0].message.piggyback.first == .alive(me, Incarnation(1), addresses: [myAddress]))
    }

    @Test("a suspicion at a later incarnation of ours (from before a restart) is refuted above it")
    func laterSuspicionIsRefutedAboveIt() {
        var detector = makeDetector()
        detector.hear(from: alpha)

        detector.gossip(.suspect(me, Incarnation(5), by: alpha.name), from: alpha, now: at(100))

        #expect(detector.incarnation == Incarnation(6))
    }

    @Test("a suspicion older than our incarnation is already refuted: nothing changes")
    func staleSuspicionIsIgnored() {
        var detector = makeDetector()
        detector.hear(from: alpha)
        detector.gossip(.suspect(me, .zero, by: alpha.name), from: alpha, now: at(100))

        detector.gossip(.suspect(me, .zero, by: bravo.name), from: alpha, now: at(120))

        #expect(detector.incarnation == Incarnation(1))
        #expect(detector.localHealth == 1)
    }

    @Test("a death claimed about us is refuted above the claimed incarnation")
    func deathAboutUsIsRefuted() {
        var detector = makeDetector()
        detector.hear(from: alpha)

        detector.gossip(.dead(me, Incarnation(3), by: alpha.name), from: alpha, now: at(100))
        let ack = detector.pinged(by: alpha, now: at(150))

        #expect(detector.incarnation == Incarnation(4))
        #expect(ack.sent[0].message.selfClaim == .alive(me, Incarnation(4), addresses: [myAddress]))
    }

    @Test(
        "refuting our own death asks the declarer for a full push-pull (FailureDetector's documented deviation)")
    func refutingDeathAsksForPushPull() {
        var detector = makeDetector()
        detector.hear(from: alpha)

        let actions = detector.gossip(.dead(me, .zero, by: alpha.name), from: alpha, now: at(100))

        #expect(actions.sent.contains { if case .pushPull(_, false) = $0.message { true } else { false } })
    }

    @Test("an alive claim about us at a later incarnation (ours before a restart) is outbid")
    func laterAliveAboutUsIsOutbid() {
        var detector = makeDetector()
        detector.hear(from: alpha)

        detector.gossip(.alive(me, Incarnation(7), addresses: [myAddress]), from: alpha, now: at(100))

        #expect(detector.incarnation == Incarnation(8))
        #expect(detector.localHealth == 0)
    }

    // MARK: others' claims

    @Test("a dead member that comes back with a higher incarnation is back")
    func deadMemberRejoins() {
        var detector = makeDetector()
        detector.hear(from: alpha)
        detector.hear(from: bravo)
        detector.gossip(.dead(bravo.name, .zero, by: alpha.name), from: alpha, now: at(1000))

        let actions = detector.gossip(.alive(bravo.name, Incarnation(1), addresses: bravo.addresses), from: alpha, now: at(2000))

        #expect(actions.steps == [.changed(bravo.name, from: .dead, to: .alive, incarnation: Incarnation(1), reason: "is back (rejoined)")])
    }

    @Test("a death claimed at an older incarnation than we hold is ignored")
    func staleDeathIsIgnored() {
        var detector = makeDetector()
        detector.hear(from: alpha)
        detector.hear(from: bravo, incarnation: Incarnation(2))

        let actions = detector.gossip(.dead(bravo.name, Incarnation(1), by: alpha.name), from: alpha, now: at(1000))

        #expect(actions.steps == [])
        #expect(detector.status(of: bravo) == .alive)
    }

    // MARK: gossip rounds and gossip to the dead

    @Test("a gossip tick sends queued news to the live members, and our belief to one recently dead member")
    func gossipTickReachesTheDead() throws {
        var detector = makeDetector()
        detector.hear(from: alpha)
        detector.hear(from: bravo)
        detector.gossip(.dead(bravo.name, .zero, by: alpha.name), from: alpha, now: at(1000))

        let tick = detector.timerFired(.gossip, now: at(1200))

        #expect(tick.steps == [.timer(.gossip, at: at(1400)), .gossip(to: alpha.address), .gossip(to: bravo.address)])
        let toTheDead = try #require(tick.messages(to: bravo.address).first)
        #expect(toTheDead.piggyback.first == .dead(bravo.name, .zero, by: me))
    }

    @Test("members dead for gossipToTheDead or longer hear nothing more")
    func gossipToTheDeadEnds() {
        var detector = makeDetector()
        detector.hear(from: alpha)
        detector.hear(from: bravo)
        detector.gossip(.dead(bravo.name, .zero, by: alpha.name), from: alpha, now: at(1000))

        let tick = detector.timerFired(.gossip, now: at(121_000))

        #expect(tick.messages(to: bravo.address).isEmpty)
    }

    @Test("a left member gets no gossip to the dead")
    func leftMembersHearNothing() {
        var detector = makeDetector()
        detector.hear(from: alpha)
        detector.hear(from: bravo)
        detector.gossip(.left(bravo.name, Incarnation(1)), from: bravo, now: at(1000))

        let tick = detector.timerFired(.gossip, now: at(1200))

        #expect(tick.messages(to: bravo.address).isEmpty)
    }

    // MARK: hints to members believed down

    @Test("a member we hold as dead that speaks to us is told so, at most once per probe interval")
    func deadSenderIsHinted() throws {
        var detector = makeDetector()
        detector.hear(from: alpha)
        detector.hear(from: bravo)
        detector.gossip(.dead(bravo.name, .zero, by: alpha.name), from: alpha, now: at(1000))

        let first = detector.pinged(by: bravo, sequence: 5, now: at(2000))
        let again = detector.pinged(by: bravo, sequence: 6, now: at(2100))
        let later = detector.pinged(by: bravo, sequence: 7, now: at(2200))

        #expect(first.steps == [.ack(5, to: bravo.address), .gossip(to: bravo.address)])
        #expect(try #require(first.messages(to: bravo.address).last).piggyback.first == .dead(bravo.name, .zero, by: me))
        #expect(again.steps == [.ack(6, to: bravo.address)])
        #expect(later.steps == [.ack(7, to: bravo.address), .gossip(to: bravo.address)])
    }

    @Test("a suspect that speaks to us is told of the suspicion")
    func suspectSenderIsHinted() throws {
        var detector = makeDetector()
        detector.hear(from: alpha)
        detector.hear(from: bravo)
        detector.gossip(.suspect(bravo.name, .zero, by: alpha.name), from: alpha, now: at(1000))

        let actions = detector.gossip(from: bravo, now: at(1100))

        #expect(actions.steps == [.gossip(to: bravo.address)])
        #expect(try #require(actions.sent.first).message.piggyback.first == .suspect(bravo.name, .zero, by: me))
    }

    @Test("after a partition, the hint makes the dead member refute and both sides agree it is alive")
    func hintHealsAPartition() throws {
        var detector = makeDetector()
        var bravoNode = FailureDetector(myself: bravo.name, addresses: bravo.addresses, info: NodeInfo(), seed: 11)
        detector.hear(from: alpha)
        detector.hear(from: bravo)
        detector.gossip(.dead(bravo.name, .zero, by: alpha.name), from: alpha, now: at(1000))

        // Bravo, unaware of its death, pings us; our hint reaches it and it refutes.
        let hint = detector.pinged(by: bravo, now: at(2000))
        let hintMessage = try #require(hint.messages(to: bravo.address).last)
        _ = bravoNode.messageReceived(hintMessage, from: me, address: myAddress, now: at(2001))
        #expect(bravoNode.incarnation == Incarnation(1))

        // Its next message carries the refutation.
        let reply = bravoNode.messageReceived(.ping(sequence: 9, target: bravo.name, gossip: []), from: me, address: myAddress, now: at(2100))
        let ack = try #require(reply.messages(to: myAddress).first)
        let healed = detector.messageReceived(ack, from: bravo.name, address: bravo.address, now: at(2101))

        #expect(healed.changes == [MemberChange(name: bravo.name, from: .dead, to: .alive, incarnation: Incarnation(1), reason: "is back (rejoined)")])
    }

    // MARK: push-pull merging

    @Test("a push-pull listing a member as dead only suspects it here, so it can still refute")
    func pushPullDeathBecomesSuspicion() {
        var detector = makeDetector()
        detector.hear(from: alpha)
        detector.hear(from: bravo)
        let state = MembershipMessage.pushPull(
            members: [MemberSnapshot(name: bravo.name, addresses: bravo.addresses, status: .dead, incarnation: .zero, info: nil)],
            isReply: true)

        let actions = detector.messageReceived(state, from: alpha.name, address: alpha.address, now: at(1000))

        // N = 3: suspicion at most 4 × 3 × 200 ms.
        #expect(actions.steps == [
            .timer(.suspicion(bravo.name), at: at(3400)),
            .changed(bravo.name, from: .alive, to: .suspect, incarnation: .zero, reason: "suspected by alpha"),
        ])
    }

    @Test(
        "a push-pull listing as dead a member we never knew announces no change about it (memberlist ignores it)")
    func pushPullDoesNotResurrectTheUnknownDead() {
        var detector = makeDetector()
        detector.hear(from: alpha)
        let state = MembershipMessage.pushPull(
            members: [MemberSnapshot(name: bravo.name, addresses: bravo.addresses, status: .dead, incarnation: .zero, info: nil)],
            isReply: true)

        let actions = detector.messageReceived(state, from: alpha.name, address: alpha.address, now: at(1000))

        #expect(actions.changes.filter { $0.name == bravo.name } == [])
    }

    @Test("a push-pull listing us as dead makes us refute")
    func pushPullDeathOfUsIsRefuted() {
        var detector = makeDetector()
        detector.hear(from: alpha)
        let state = MembershipMessage.pushPull(
            members: [MemberSnapshot(name: me, addresses: [myAddress], status: .dead, incarnation: Incarnation(2), info: nil)],
            isReply: true)

        _ = detector.messageReceived(state, from: alpha.name, address: alpha.address, now: at(1000))

        #expect(detector.incarnation == Incarnation(3))
    }
}
