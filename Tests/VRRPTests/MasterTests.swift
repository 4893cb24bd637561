import RacimoCore
import Testing
@testable import VRRP

/// A master's reception and timers (RFC 9568 §6.4.3 as keepalived's `vrrp_state_master_rx`,
/// `vrrp.c` l.2366-2553, does it).
@Suite("VirtualRouter: master")
struct MasterTests {
    @Test("the advertisement timer sends our advert and re-arms one interval on")
    func advertises() {
        var (router, became) = master(settings())
        let next = became + .seconds(1)
        #expect(router.timerFired(.advertisement, now: next) == [
            .send(ourAdvert(priority: 100)),
            .setTimer(TimerRequest(.advertisement, at: next + .seconds(1))),
        ])
        #expect(router.statistics.advertsSent == 2)
    }

    @Test("RFC 9568: a lower-priority advert is a second master; we answer at once and re-announce the addresses")
    func lowerPriorityReadvertised() {
        var (router, became) = master(settings())
        let now = became + .milliseconds(300)
        #expect(router.receive(advert(priority: 50), from: higherAddress, now: now) == [
            .conflict(.init(other: higherAddress, otherPriority: 50, ourPriority: 100, resolution: .weStayMaster(readvertised: true), count: 1)),
            .send(ourAdvert(priority: 100)),
            .setTimer(TimerRequest(.advertisement, at: now + .seconds(1))),
            .announceAddresses([vip], count: 5, reason: .lowerPriorityAdvert),
            .setTimer(TimerRequest(.lowerPriorityGarp, at: now + .seconds(5))),
        ])
        #expect(router.state == .master)
    }

    @Test("lower_prio_no_advert: the pre-9568 master keeps its schedule, but still re-announces")
    func lowerPriorityNoAdvert() {
        var (router, became) = master(settings { $0.lowerPriorityNoAdvert = true })
        let now = became + .milliseconds(300)
        #expect(router.receive(advert(priority: 50), from: higherAddress, now: now) == [
            .conflict(.init(other: higherAddress, otherPriority: 50, ourPriority: 100, resolution: .weStayMaster(readvertised: false), count: 1)),
            .announceAddresses([vip], count: 5, reason: .lowerPriorityAdvert),
            .setTimer(TimerRequest(.lowerPriorityGarp, at: now + .seconds(5))),
        ])
    }

    @Test("the second lower-priority burst comes after the delay, only while still master")
    func lowerPriorityRepeat() {
        var (router, became) = master(settings())
        _ = router.receive(advert(priority: 50), from: higherAddress, now: became)
        #expect(router.timerFired(.lowerPriorityGarp, now: became + .seconds(5)) == [
            .announceAddresses([vip], count: 5, reason: .repeatAfterLowerPriorityAdvert),
        ])
    }

    @Test("a higher priority takes over: we remove the addresses and become backup, without priority 0")
    func higherPriorityYields() {
        var (router, became) = master(settings())
        let now = became + .milliseconds(300)
        #expect(router.receive(advert(priority: 150), from: lowerAddress, now: now) == [
            .conflict(.init(other: lowerAddress, otherPriority: 150, ourPriority: 100, resolution: .weYield, count: 1)),
            .removeAddresses([vip]),
            .transition(from: .master, to: .backup, reason: .higherPriorityAdvert),
            .setTimer(TimerRequest(.masterDown, at: now + .microseconds(3_609_375))),
        ])
        #expect(router.masterAddress == lowerAddress)
        #expect(router.statistics.releasedMaster == 1)
    }

    @Test("higher_prio_send_advert: one last advert before yielding, so the winner re-announces")
    func higherPrioritySendAdvert() {
        var (router, became) = master(settings { $0.higherPrioritySendAdvert = true })
        let actions = router.receive(advert(priority: 150), from: lowerAddress, now: became)
        #expect(Array(actions.prefix(2)) == [
            .send(ourAdvert(priority: 100)),
            .conflict(.init(other: lowerAddress, otherPriority: 150, ourPriority: 100, resolution: .weYield, count: 1)),
        ])
        #expect(router.state == .backup)
    }

    @Test("equal priority: the higher primary address wins", arguments: [(higherAddress, true), (lowerAddress, false)])
    func equalPriorityTieBreak(source: IPAddress, weYield: Bool) {
        var (router, became) = master(settings())
        let actions = router.receive(advert(priority: 100), from: source, now: became)
        if weYield {
            #expect(actions.transitions == [.transition(from: .master, to: .backup, reason: .equalPriorityHigherAddress)])
            #expect(actions.conflicts.map(\.resolution) == [.weYield])
        } else {
            #expect(actions.transitions == [])
            #expect(actions.conflicts.map(\.resolution) == [.weStayMaster(readvertised: true)])
            #expect(actions.sent == [ourAdvert(priority: 100)])
        }
    }

    @Test("the tie-break compares addresses as unsigned bytes in network order")
    func tieBreakOrder() {
        #expect(ip(10, 0, 0, 2) < ip(10, 0, 0, 10))
        #expect(ip(9, 255, 255, 255) < ip(10, 0, 0, 0))
        #expect(ip(10, 0, 0, 200) > ip(10, 0, 0, 100))
    }

    @Test("our own priority from our own address is only a warning")
    func ownAddress() {
        var (router, became) = master(settings())
        #expect(router.receive(advert(priority: 100), from: ours, now: became) == [.warning(.ownAddressWithEqualPriority)])
        #expect(router.state == .master)
    }

    @Test("priority 0 from another master: advertise at once, no conflict, stay master")
    func priorityZeroToMaster() {
        var (router, became) = master(settings())
        let now = became + .milliseconds(400)
        #expect(router.receive(advert(priority: 0), from: higherAddress, now: now) == [
            .send(ourAdvert(priority: 100)),
            .setTimer(TimerRequest(.advertisement, at: now + .seconds(1))),
        ])
        #expect(router.statistics.conflicts == 0)
    }

    @Test("two masters are counted every time one hears the other")
    func conflictsAreCounted() {
        var (router, became) = master(settings())
        _ = router.receive(advert(priority: 50), from: higherAddress, now: became)
        let second = router.receive(advert(priority: 50), from: higherAddress, now: became + .seconds(1))
        #expect(second.conflicts.map(\.count) == [2])
        #expect(router.statistics.conflicts == 2)
    }

    @Test("a v3 master yielding adopts the winner's interval for its down timer")
    func v3YieldAdoptsInterval() {
        var (router, became) = master(settings(version: .v3, interval: .milliseconds(100)))
        let actions = router.receive(advert(priority: 150, version: .v3, interval: .milliseconds(200)), from: lowerAddress, now: became)
        // 3 × 0.2 s + 156 × 20 × 625 / 16 µs
        #expect(actions.deadline(of: .masterDown) == became + .microseconds(721_875))
        #expect(router.masterAdvertInterval == .milliseconds(200))
    }

    @Test("a lowered priority goes out in the next advert")
    func priorityChangeWhileMaster() {
        var (router, became) = master(settings(), trackers: [Tracker("chk", kind: .script, weight: -30, status: .up)])
        #expect(router.trackerObserved("chk", .failure, now: became) == [.priorityChanged(from: 100, to: 70)])
        #expect(router.timerFired(.advertisement, now: became + .seconds(1)).sent == [ourAdvert(priority: 70)])
        #expect(router.masterPriority == 70)
    }

    @Test("the second gratuitous-ARP burst comes 5 s after taking over")
    func garpRepeat() {
        var (router, became) = master(settings())
        #expect(router.timerFired(.garpRepeat, now: became + .seconds(5)) == [
            .announceAddresses([vip], count: 5, reason: .repeatAfterBecomingMaster),
        ])
    }

    @Test("with a refresh interval, re-announcements repeat while master, the first after the second burst")
    func garpRefresh() {
        var (router, actions) = started(settings(priority: 255) {
            $0.gratuitousARP.refreshInterval = .seconds(60)
            $0.gratuitousARP.refreshRepeat = 2
        })
        #expect(actions.deadline(of: .garpRefresh) == at(65_000))
        #expect(router.timerFired(.garpRefresh, now: at(65_000)) == [
            .announceAddresses([vip], count: 2, reason: .refresh),
            .setTimer(TimerRequest(.garpRefresh, at: at(125_000))),
        ])
    }

    @Test("vrrp_min_garp: one announcement and no second burst")
    func minimalGarp() {
        let (_, actions) = started(settings(priority: 255) { $0.gratuitousARP = .minimal })
        #expect(actions.contains(.announceAddresses([vip], count: 1, reason: .becameMaster)))
        #expect(actions.deadline(of: .garpRepeat) == nil)
    }

    @Test("an instance with no virtual addresses announces nothing")
    func noAddresses() {
        let (_, actions) = started(settings(priority: 255) { $0.virtualAddresses = [] })
        #expect(actions == [
            .send(advert(priority: 255, addresses: [])),
            .transition(from: .initialize, to: .master, reason: .startedAsOwner),
            .setTimer(TimerRequest(.advertisement, at: at(1000))),
        ])
    }

    @Test("v2 adverts carry the password; v3 adverts never carry authentication")
    func advertAuthentication() {
        let (_, v2) = started(settings(priority: 255, authentication: .password("pw")))
        #expect(v2.sent.map(\.authentication) == [.password("pw")])
        let (_, v3) = started(settings(version: .v3, priority: 255, interval: .milliseconds(100), authentication: .password("pw")))
        #expect(v3.sent.map(\.authentication) == [VRRPAuthentication.none])
    }

    @Test("status shows the state, the priority's explanation and the counters")
    func status() {
        let (router, _) = master(settings(), trackers: [Tracker("chk", kind: .script, weight: 5, status: .up)])
        let status = router.status
        #expect(status.state == .master)
        #expect(status.effectivePriority == 105)
        #expect(status.priority.description == "base 100; chk (script, weight 5) up: +5; total 105 -> 105")
        #expect(status.masterAddress == ours)
        #expect(status.statistics.becameMaster == 1)
        #expect(status.faultCause == nil)
    }
}
