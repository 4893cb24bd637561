import Testing
@testable import Membership
import RacimoCore

@Suite("FailureDetector: starting, joining, answering pings, leaving, load vectors, reaping")
struct FailureDetectorTests {
    // MARK: start and join

    @Test("start arms the probe and gossip timers within one period, and push-pull one push-pull period away")
    func startArmsPeriodicTimers() {
        var detector = makeDetector()
        let actions = detector.start(now: at(1000))

        #expect(actions.timers.map(\.key) == [.probe, .gossip, .pushPull])
        #expect(actions.count == 3)
        #expect((at(1000)..<at(1200)).contains(actions.timers[0].deadline))
        #expect((at(1000)..<at(1200)).contains(actions.timers[1].deadline))
        #expect(actions.timers[2].deadline == at(31_000))
    }

    @Test("the jitter of start comes from the seed, so a simulation replays exactly")
    func startIsReproducible() {
        var first = makeDetector(seed: 99)
        var second = makeDetector(seed: 99)
        #expect(first.start(now: .zero) == second.start(now: .zero))
    }

    @Test("join sends our state by push-pull to each seed, never to ourselves")
    func joinContactsEverySeed() throws {
        var detector = makeDetector(info: NodeInfo(sequence: 3, cpus: 4))
        _ = detector.start(now: .zero)

        let actions = detector.join(seeds: [alpha.address, myAddress, bravo.address], now: at(5))

        #expect(actions.steps == [.pushPull(reply: false, to: alpha.address), .pushPull(reply: false, to: bravo.address)])
        guard case .pushPull(let members, _) = try #require(actions.sent.first).message else {
            Issue.record("expected a push-pull")
            return
        }
        #expect(members == [MemberSnapshot(name: me, addresses: [myAddress], status: .alive, incarnation: .zero, info: NodeInfo(sequence: 3, cpus: 4))])
    }

    @Test(
        "the push-pull state lists ourselves, then the members by name, so a simulation replays from its seed")
    func pushPullStateIsOrdered() throws {
        var detector = makeDetector()
        for peer in [echo, charlie, alpha, delta, bravo] { detector.hear(from: peer) }

        let actions = detector.join(seeds: [alpha.address], now: at(10))

        guard case .pushPull(let members, _) = try #require(actions.sent.first).message else {
            Issue.record("join sent no push-pull: \(actions.steps)")
            return
        }
        #expect(members.map(\.name) == [me, alpha.name, bravo.name, charlie.name, delta.name, echo.name])
    }

    @Test("a push-pull reply adds every member it lists as alive, saying who told us")
    func pushPullReplyMergesMembers() {
        var detector = makeDetector()
        _ = detector.join(seeds: [alpha.address], now: .zero)
        let reply = MembershipMessage.pushPull(
            members: [
                MemberSnapshot(name: alpha.name, addresses: alpha.addresses, status: .alive, incarnation: Incarnation(2), info: nil),
                MemberSnapshot(name: me, addresses: [myAddress], status: .alive, incarnation: .zero, info: nil),
                MemberSnapshot(name: bravo.name, addresses: bravo.addresses, status: .alive, incarnation: .zero, info: NodeInfo(sequence: 8)),
            ], isReply: true)

        let actions = detector.messageReceived(reply, from: alpha.name, address: alpha.address, now: at(10))

        #expect(actions.steps == [
            .changed(alpha.name, from: nil, to: .alive, incarnation: Incarnation(2), reason: "joined (heard from it)"),
            .changed(bravo.name, from: nil, to: .alive, incarnation: .zero, reason: "joined (heard of it from alpha)"),
        ])
        #expect(detector.knownMembers.map(\.name) == [alpha.name, bravo.name])
        #expect(detector.knownMembers.map(\.status) == [.alive, .alive])
        #expect(detector.member(bravo.name)?.info == NodeInfo(sequence: 8))
    }

    @Test("a push-pull request is answered with our full state, before merging it")
    func pushPullRequestIsAnswered() {
        var detector = makeDetector()
        detector.hear(from: alpha)
        let request = MembershipMessage.pushPull(
            members: [MemberSnapshot(name: bravo.name, addresses: bravo.addresses, status: .alive, incarnation: .zero, info: nil)],
            isReply: false)

        let actions = detector.messageReceived(request, from: bravo.name, address: bravo.address, now: at(10))

        #expect(actions.steps == [
            .pushPull(reply: true, to: bravo.address),
            .changed(bravo.name, from: nil, to: .alive, incarnation: .zero, reason: "joined (heard from it)"),
        ])
        guard case .pushPull(let members, _) = actions.sent[0].message else { return }
        #expect(Set(members.map(\.name)) == [me, alpha.name])
    }

    @Test("the push-pull timer retries the seeds while no member is known, then exchanges with one live member")
    func pushPullTimer() {
        var detector = makeDetector()
        _ = detector.start(now: .zero)
        _ = detector.join(seeds: [alpha.address, bravo.address], now: .zero)

        #expect(detector.timerFired(.pushPull, now: at(30_000)).steps == [
            .timer(.pushPull, at: at(60_000)),
            .pushPull(reply: false, to: alpha.address),
            .pushPull(reply: false, to: bravo.address),
        ])

        detector.hear(from: charlie, now: at(31_000))
        #expect(detector.timerFired(.pushPull, now: at(60_000)).steps == [
            .timer(.pushPull, at: at(90_000)),
            .pushPull(reply: false, to: charlie.address),
        ])
    }

    // MARK: answering pings

    @Test("a ping addressed to us is acked with its sequence, to the address it came from")
    func pingIsAcked() {
        var detector = makeDetector()
        detector.hear(from: alpha)
        let behindNAT = Endpoint(host: "192.168.7.9", port: 40001)

        let actions = detector.messageReceived(.ping(sequence: 41, target: me, gossip: []), from: alpha.name, address: behindNAT, now: at(5))

        #expect(actions.steps == [.ack(41, to: behindNAT)])
        #expect(actions.sent[0].message.piggyback.first == .alive(me, .zero, addresses: [myAddress]))
    }

    @Test("a ping for another node (one that had our address before) is not answered")
    func pingForAnotherTargetIsIgnored() {
        var detector = makeDetector()
        detector.hear(from: alpha)

        let actions = detector.messageReceived(.ping(sequence: 41, target: bravo.name, gossip: []), from: alpha.name, address: alpha.address, now: at(5))

        #expect(actions.steps == [])
    }

    // MARK: leaving

    @Test("leave raises our incarnation and tells the members at once with left(self)")
    func leaveTellsMembers() {
        var detector = makeDetector()
        detector.hear(from: alpha)
        detector.hear(from: bravo)

        let actions = detector.leave(now: at(1000))

        #expect(actions.count == 2)
        #expect(Set(actions.steps) == [.gossip(to: alpha.address), .gossip(to: bravo.address)])
        for (message, _) in actions.sent {
            #expect(message.piggyback.first == .left(me, Incarnation(1)))
        }
        #expect(detector.incarnation == Incarnation(1))
    }

    @Test("after leaving, suspicions and deaths claimed about us are not refuted")
    func leaverRefutesNothing() {
        var detector = makeDetector()
        detector.hear(from: alpha)
        _ = detector.leave(now: at(1000))

        detector.gossip(.suspect(me, Incarnation(1), by: alpha.name), .dead(me, Incarnation(1), by: alpha.name), from: alpha, now: at(1100))

        #expect(detector.incarnation == Incarnation(1))
        #expect(detector.localHealth == 0)
        let ack = detector.pinged(by: alpha, now: at(1200))
        #expect(ack.sent[0].message.selfClaim == .alive(me, Incarnation(1), addresses: [myAddress]))
    }

    @Test("a member's left gossip marks it left, and no alert-worthy death")
    func memberLeaving() {
        var detector = makeDetector()
        detector.hear(from: alpha)

        let actions = detector.gossip(.left(alpha.name, Incarnation(1)), from: alpha, now: at(500))

        #expect(actions.steps == [.changed(alpha.name, from: .alive, to: .left, incarnation: Incarnation(1), reason: "left the cluster")])
    }

    // MARK: load vectors

    @Test("updateInfo numbers readings above the last one, keeping a higher sequence the caller gives")
    func updateInfoNumbersReadings() {
        var detector = makeDetector(info: NodeInfo(sequence: 4))

        detector.updateInfo(NodeInfo(sequence: 0, loadAverage: 1.5))
        #expect(detector.info.sequence == 5)
        #expect(detector.info.loadAverage == 1.5)

        detector.updateInfo(NodeInfo(sequence: 100, loadAverage: 0.5))
        #expect(detector.info.sequence == 100)

        detector.updateInfo(NodeInfo(sequence: 7, loadAverage: 0.25))
        #expect(detector.info.sequence == 101)
    }

    @Test("every message carries our latest load vector right after our alive claim")
    func messagesCarryOurInfo() {
        var detector = makeDetector()
        detector.hear(from: alpha)
        detector.updateInfo(NodeInfo(loadAverage: 2.25, cpus: 8))

        let ack = detector.pinged(by: alpha, now: at(10))

        let expected = NodeInfo(sequence: 1, loadAverage: 2.25, cpus: 8)
        #expect(Array(ack.sent[0].message.piggyback.prefix(2)) == [.alive(me, .zero, addresses: [myAddress]), .info(me, expected)])
    }

    @Test("a quiet node (mosctl quiet) stops sending its load vector")
    func quietNodeSendsNoInfo() {
        var detector = makeDetector(info: NodeInfo(flags: .quiet))
        detector.hear(from: alpha)

        let ack = detector.pinged(by: alpha, now: at(10))

        #expect(!ack.sent[0].message.piggyback.contains { if case .info(me, _) = $0 { true } else { false } })
    }

    @Test("an older or equal load vector never replaces a newer one, even forwarded")
    func olderInfoIsIgnored() {
        var detector = makeDetector()
        detector.hear(from: alpha)
        detector.hear(from: bravo)

        detector.gossip(.info(alpha.name, NodeInfo(sequence: 5, loadAverage: 3)), from: alpha, now: at(10))
        detector.gossip(.info(alpha.name, NodeInfo(sequence: 3, loadAverage: 9)), from: bravo, now: at(20))
        detector.gossip(.info(alpha.name, NodeInfo(sequence: 5, loadAverage: 7)), from: bravo, now: at(30))
        #expect(detector.member(alpha.name)?.info == NodeInfo(sequence: 5, loadAverage: 3))
        #expect(detector.member(alpha.name)?.infoReceivedAt == at(10))

        detector.gossip(.info(alpha.name, NodeInfo(sequence: 6, loadAverage: 1)), from: bravo, now: at(40))
        #expect(detector.member(alpha.name)?.info == NodeInfo(sequence: 6, loadAverage: 1))
        #expect(detector.member(alpha.name)?.infoReceivedAt == at(40))
    }

    @Test("members' load vectors are forwarded to others (openMosix's information window)")
    func infoIsForwarded() {
        var detector = makeDetector()
        detector.hear(from: alpha)
        detector.hear(from: bravo)
        detector.gossip(.info(alpha.name, NodeInfo(sequence: 5, loadAverage: 3)), from: alpha, now: at(10))

        let ack = detector.pinged(by: bravo, now: at(20))

        #expect(ack.sent[0].message.piggyback.contains(.info(alpha.name, NodeInfo(sequence: 5, loadAverage: 3))))
    }

    // MARK: reaping

    @Test("a dead or left member is forgotten once it has been so for longer than reapAfter")
    func deadMembersAreReaped() {
        var detector = makeDetector()
        detector.hear(from: alpha)
        detector.hear(from: bravo)
        detector.hear(from: charlie)
        detector.gossip(.dead(alpha.name, .zero, by: bravo.name), from: bravo, now: at(1000))
        detector.gossip(.left(charlie.name, Incarnation(1)), from: charlie, now: at(2000))

        _ = detector.timerFired(.gossip, now: at(601_000))
        #expect(detector.knownMembers.map(\.name) == [alpha.name, bravo.name, charlie.name])

        _ = detector.timerFired(.gossip, now: at(601_200))
        #expect(detector.knownMembers.map(\.name) == [bravo.name, charlie.name])

        _ = detector.timerFired(.gossip, now: at(602_200))
        #expect(detector.knownMembers.map(\.name) == [bravo.name])
    }
}
