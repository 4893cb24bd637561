import RacimoCore
import Testing
@testable import VRRP

/// A backup's reception (RFC 5798 §6.4.2 with keepalived's `vrrp_state_backup`, `vrrp.c`
/// l.2168-2292, and `vrrp_check_packet`, l.927-1320).
@Suite("VirtualRouter: backup")
struct BackupTests {
    @Test("a higher-priority advert restarts the Master_Down_Timer and names the master")
    func higherPriorityAccepted() {
        var (router, _) = started(settings())
        let actions = router.receive(advert(priority: 150), from: higherAddress, now: at(1000))
        #expect(actions == [.setTimer(TimerRequest(.masterDown, at: atMicro(4_609_375)))])
        #expect(router.masterAddress == higherAddress)
        #expect(router.masterPriority == 150)
    }

    @Test("an equal priority is accepted whatever the address: backups do not tie-break")
    func equalPriorityAccepted() {
        var (router, _) = started(settings())
        #expect(router.receive(advert(priority: 100), from: lowerAddress, now: at(1000)) == [
            .setTimer(TimerRequest(.masterDown, at: atMicro(4_609_375))),
        ])
    }

    @Test("a lower priority is discarded when preempting, and the timer keeps running out")
    func lowerPriorityDiscarded() {
        var (router, _) = started(settings())
        #expect(router.receive(advert(priority: 50), from: higherAddress, now: at(1000)) == [
            .discarded(from: higherAddress, reason: .lowerPriority(50)),
        ])
        let takeover = router.timerFired(.masterDown, now: atMicro(3_609_375))
        #expect(takeover.transitions == [.transition(from: .backup, to: .master, reason: .preempted)])
    }

    @Test("nopreempt accepts a lower-priority master and never takes over while it advertises")
    func nopreempt() {
        var (router, _) = started(settings(priority: 200, preempt: false))
        for second in 1...10 {
            let actions = router.receive(advert(priority: 50), from: lowerAddress, now: at(Int64(second) * 1000))
            #expect(actions == [.setTimer(TimerRequest(.masterDown, at: at(Int64(second) * 1000) + .microseconds(3_218_750)))])
        }
        #expect(router.timerFired(.masterDown, now: at(10_000)) == [
            .setTimer(TimerRequest(.masterDown, at: at(10_000) + .microseconds(3_218_750))),
        ], "an early firing is re-armed, not obeyed")
        #expect(router.state == .backup)
    }

    @Test("preempt_delay accepts lower-priority adverts for the delay after the first, then preempts")
    func preemptDelay() {
        var (router, _) = started(settings(priority: 200, preemptDelay: .seconds(2)))
        let mdi = Duration.microseconds(3_218_750)
        // The first lower advert at 1 s starts the delay; those before 3 s are still accepted.
        #expect(router.receive(advert(priority: 50), from: lowerAddress, now: at(1000)) == [.setTimer(TimerRequest(.masterDown, at: at(1000) + mdi))])
        #expect(router.receive(advert(priority: 50), from: lowerAddress, now: at(2000)) == [.setTimer(TimerRequest(.masterDown, at: at(2000) + mdi))])
        #expect(router.receive(advert(priority: 50), from: lowerAddress, now: at(3000)) == [.discarded(from: lowerAddress, reason: .lowerPriority(50))])
        #expect(router.receive(advert(priority: 50), from: lowerAddress, now: at(4000)) == [.discarded(from: lowerAddress, reason: .lowerPriority(50))])
        // Takeover at the last accepted advert + Master_Down_Interval: delay + MDI, roughly.
        let takeover = router.timerFired(.masterDown, now: at(2000) + mdi)
        #expect(takeover.transitions == [.transition(from: .backup, to: .master, reason: .preempted)])
    }

    @Test("a higher-priority advert during preempt_delay cancels it")
    func preemptDelayCancelled() {
        var (router, _) = started(settings(priority: 200, preemptDelay: .seconds(2)))
        _ = router.receive(advert(priority: 50), from: lowerAddress, now: at(1000))
        _ = router.receive(advert(priority: 250), from: higherAddress, now: at(1500))
        // The delay starts again from the next lower advert.
        #expect(router.receive(advert(priority: 50), from: lowerAddress, now: at(3500)).timers.count == 1)
        #expect(router.receive(advert(priority: 50), from: lowerAddress, now: at(5000)).timers.count == 1)
        #expect(router.receive(advert(priority: 50), from: lowerAddress, now: at(5500)).timers.isEmpty)
    }

    @Test("priority 0 from the master: take over after Skew_Time only")
    func priorityZero() {
        var (router, _) = started(settings())
        _ = router.receive(advert(priority: 150), from: higherAddress, now: at(1000))
        let actions = router.receive(advert(priority: 0), from: higherAddress, now: at(1500))
        #expect(actions == [.setTimer(TimerRequest(.masterDown, at: at(1500) + .microseconds(609_375)))])
        let takeover = router.timerFired(.masterDown, now: at(1500) + .microseconds(609_375))
        #expect(takeover.transitions == [.transition(from: .backup, to: .master, reason: .priorityZeroReceived)])
        #expect(router.statistics.priorityZeroReceived == 1)
    }

    @Test("a v3 backup adopts the master's interval, warns once, and times the master by it")
    func v3AdoptsInterval() {
        var (router, _) = started(settings(version: .v3, interval: .milliseconds(100)))
        let first = router.receive(advert(priority: 150, version: .v3, interval: .milliseconds(500)), from: higherAddress, now: at(1000))
        // 3 × 0.5 s + 156 × 50 × 625 / 16 µs = 1.5 s + 304.687 ms
        #expect(first == [
            .warning(.advertIntervalMismatch(from: higherAddress, received: .milliseconds(500))),
            .setTimer(TimerRequest(.masterDown, at: at(1000) + .microseconds(1_804_687))),
        ])
        #expect(router.masterAdvertInterval == .milliseconds(500))
        let second = router.receive(advert(priority: 150, version: .v3, interval: .milliseconds(500)), from: higherAddress, now: at(1500))
        #expect(second == [.setTimer(TimerRequest(.masterDown, at: at(1500) + .microseconds(1_804_687)))])
    }

    @Test("on taking over, a v3 backup advertises at its own interval again")
    func v3OwnIntervalAsMaster() {
        var (router, _) = started(settings(version: .v3, interval: .milliseconds(100)))
        _ = router.receive(advert(priority: 150, version: .v3, interval: .milliseconds(500)), from: higherAddress, now: at(1000))
        let takeover = router.timerFired(.masterDown, now: at(1000) + .microseconds(1_804_687))
        #expect(takeover.sent == [ourAdvert(priority: 100, version: .v3, interval: .milliseconds(100))])
        #expect(takeover.deadline(of: .advertisement) == at(1100) + .microseconds(1_804_687))
        #expect(router.masterAdvertInterval == .milliseconds(100))
    }

    @Test("v2 routers must share the interval: a different one is discarded", arguments: [Duration.seconds(2), .seconds(3)])
    func v2IntervalMismatch(interval: Duration) {
        var (router, _) = started(settings())
        #expect(router.receive(advert(priority: 150, interval: interval), from: higherAddress, now: at(1000)) == [
            .discarded(from: higherAddress, reason: .advertIntervalMismatch(interval)),
        ])
        #expect(router.statistics.discarded == 1)
    }

    @Test("another VRID or version is not ours")
    func vridAndVersion() {
        var (router, _) = started(settings())
        #expect(router.receive(advert(priority: 150, vrid: 52), from: higherAddress, now: at(1000)) == [
            .discarded(from: higherAddress, reason: .otherVirtualRouter(52)),
        ])
        #expect(router.receive(advert(priority: 150, version: .v3), from: higherAddress, now: at(1000)) == [
            .discarded(from: higherAddress, reason: .versionMismatch(.v3)),
        ])
    }

    @Test("v2 passwords compare on their first 8 bytes, as keepalived does")
    func passwordFirstEightBytes() {
        var (router, _) = started(settings(authentication: .password("secret12-ignored")))
        let ok = router.receive(advert(priority: 150, authentication: .password("secret12")), from: higherAddress, now: at(1000))
        #expect(ok.timers.count == 1)
        #expect(router.receive(advert(priority: 150, authentication: .password("secret13")), from: higherAddress, now: at(1100)) == [
            .discarded(from: higherAddress, reason: .wrongPassword),
        ])
    }

    @Test("a different authentication type is discarded",
          arguments: [(VRRPAuthentication.none, VRRPAuthentication.password("x")), (.password("x"), .none), (.ipAH, .password("x"))])
    func authenticationMismatch(ours: VRRPAuthentication, theirs: VRRPAuthentication) {
        var (router, _) = started(settings(authentication: ours))
        #expect(router.receive(advert(priority: 150, authentication: theirs), from: higherAddress, now: at(1000)) == [
            .discarded(from: higherAddress, reason: .authenticationMismatch),
        ])
    }

    @Test("other virtual addresses are logged once and the advert still counts, as keepalived does")
    func addressListMismatch() {
        var (router, _) = started(settings())
        let other = [ip(10, 0, 0, 200)]
        #expect(router.receive(advert(priority: 150, addresses: other), from: higherAddress, now: at(1000)) == [
            .warning(.addressListMismatch(from: higherAddress, received: other)),
            .setTimer(TimerRequest(.masterDown, at: atMicro(4_609_375))),
        ])
        #expect(router.receive(advert(priority: 150, addresses: other), from: higherAddress, now: at(2000)) == [
            .setTimer(TimerRequest(.masterDown, at: atMicro(5_609_375))),
        ])
        #expect(router.receive(advert(priority: 150, addresses: [vip, vip]), from: higherAddress, now: at(3000)).count == 2,
                "a different count is a mismatch too")
        #expect(router.statistics.addressListErrors == 3)
    }

    @Test("a priority change moves the running down timer by the change in skew")
    func priorityChangeMovesTimer() {
        var (router, _) = started(settings(), trackers: [Tracker("chk", kind: .script, weight: -50, status: .up)])
        _ = router.receive(advert(priority: 150), from: higherAddress, now: at(1000))
        let actions = router.trackerObserved("chk", .failure, now: at(1500))
        // Priority 50: skew (206/256) s = 804.687 ms instead of 609.375 ms.
        #expect(actions == [
            .priorityChanged(from: 100, to: 50),
            .setTimer(TimerRequest(.masterDown, at: at(1000) + .microseconds(3_804_687))),
        ])
    }

    @Test("after priority 0, a priority change moves the Skew_Time deadline, not a full interval")
    func priorityChangeAfterPriorityZero() {
        var (router, _) = started(settings(), trackers: [Tracker("chk", kind: .script, weight: -50, status: .up)])
        _ = router.receive(advert(priority: 0), from: higherAddress, now: at(1000))
        let actions = router.trackerObserved("chk", .failure, now: at(1100))
        #expect(actions.deadline(of: .masterDown) == at(1000) + .microseconds(804_687))
    }

    @Test("adverts are ignored before start, in FAULT, and after shutdown")
    func ignoredWhenNotRunning() {
        var idle = VirtualRouter(settings: settings())
        #expect(idle.receive(advert(priority: 150), from: higherAddress, now: at(1)) == [])
        var (faulty, _) = started(settings(), interfaceUp: false)
        #expect(faulty.receive(advert(priority: 150), from: higherAddress, now: at(1)) == [])
        var (stopped, _) = started(settings())
        _ = stopped.shutdown(now: at(1))
        #expect(stopped.receive(advert(priority: 150), from: higherAddress, now: at(2)) == [])
    }
}
