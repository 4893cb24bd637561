import RacimoCore
import Testing
@testable import VRRP

/// Start-up as keepalived does it (`vrrp_scheduler.c` l.186-299): every non-owner starts as
/// backup, even when configured `state MASTER`; an owner (priority 255) becomes master at once
/// unless configured `state BACKUP`; an instance with a fault starts in FAULT.
@Suite("VirtualRouter: start-up")
struct StartupTests {
    @Test("a non-owner starts as backup with its Master_Down_Timer running")
    func backupStart() {
        let (router, actions) = started(settings(), now: at(1000))
        #expect(actions == [
            .transition(from: .initialize, to: .backup, reason: .started),
            .setTimer(TimerRequest(.masterDown, at: atMicro(4_609_375))),
        ])
        #expect(router.state == .backup)
    }

    @Test("`state MASTER` on a non-owner still starts as backup and waits the full interval, as keepalived does")
    func configuredMasterStillWaits() {
        let (_, actions) = started(settings(priority: 150, initialState: .master))
        #expect(actions == [
            .transition(from: .initialize, to: .backup, reason: .started),
            .setTimer(TimerRequest(.masterDown, at: atMicro(3_414_062))),
        ])
    }

    @Test("…and it turns off nopreempt and preempt_delay, which keepalived says cannot work with MASTER")
    func configuredMasterForcesPreemption() {
        let router = VirtualRouter(settings: settings(preempt: false, preemptDelay: .seconds(10), initialState: .master))
        #expect(router.settings.preempt)
        #expect(router.settings.preemptDelay == .zero)
        #expect(router.adjustments == [.nopreemptIgnoredWithInitialMaster, .preemptDelayIgnoredWithInitialMaster])
    }

    @Test("an address owner becomes master at once: advert, addresses, five gratuitous ARPs, a second burst in 5 s")
    func ownerStartsAsMaster() {
        let (router, actions) = started(settings(priority: 255), now: at(500))
        #expect(actions == [
            .send(ourAdvert(priority: 255)),
            .addAddresses([vip]),
            .announceAddresses([vip], count: 5, reason: .becameMaster),
            .transition(from: .initialize, to: .master, reason: .startedAsOwner),
            .setTimer(TimerRequest(.advertisement, at: at(1500))),
            .setTimer(TimerRequest(.garpRepeat, at: at(5500))),
        ])
        #expect(router.state == .master)
        #expect(router.masterAddress == ours)
    }

    @Test("an owner configured `state BACKUP` waits like a backup, with a 255 skew")
    func ownerConfiguredBackup() {
        let (_, actions) = started(settings(priority: 255, initialState: .backup))
        #expect(actions == [
            .transition(from: .initialize, to: .backup, reason: .started),
            .setTimer(TimerRequest(.masterDown, at: atMicro(3_003_906))),
        ])
    }

    @Test("with nobody else on the segment the backup becomes master when its timer runs out")
    func masterDownTakeover() {
        var (router, _) = started(settings())
        let actions = router.timerFired(.masterDown, now: atMicro(3_609_375))
        #expect(actions == [
            .send(ourAdvert(priority: 100)),
            .addAddresses([vip]),
            .announceAddresses([vip], count: 5, reason: .becameMaster),
            .transition(from: .backup, to: .master, reason: .masterDownTimer),
            .setTimer(TimerRequest(.advertisement, at: atMicro(4_609_375))),
            .setTimer(TimerRequest(.garpRepeat, at: atMicro(8_609_375))),
        ])
    }

    @Test("an instance whose interface is down starts in FAULT, and becomes backup when it comes up")
    func interfaceDownAtStart() {
        var (router, actions) = started(settings(), interfaceUp: false)
        #expect(actions == [.transition(from: .initialize, to: .fault, reason: .interfaceDown)])
        #expect(router.interfaceChanged(isUp: true, now: at(2000)) == [
            .transition(from: .fault, to: .backup, reason: .interfaceUp),
            .setTimer(TimerRequest(.masterDown, at: atMicro(5_609_375))),
        ])
    }

    @Test("a weight-0 script that has not run yet holds the instance in FAULT until its first success")
    func pendingScriptHoldsFault() {
        var (router, actions) = started(settings(), trackers: [Tracker("chk", kind: .script)])
        #expect(actions == [.transition(from: .initialize, to: .fault, reason: .trackerFault(tracker: "chk"))])
        #expect(router.trackerObserved("chk", .success, now: at(1000)) == [
            .transition(from: .fault, to: .backup, reason: .trackerRecovered),
            .setTimer(TimerRequest(.masterDown, at: atMicro(4_609_375))),
        ])
    }

    @Test("start is idempotent while running")
    func startTwice() {
        var (router, _) = started(settings())
        #expect(router.start(now: at(10)) == [])
    }

    @Test("keepalived's configuration rules are applied and reported",
          arguments: [
            (settings(priority: 255, preempt: false), VirtualRouter.Adjustment.nopreemptIgnoredForOwner),
            (settings(preempt: false, preemptDelay: .seconds(5)), .preemptDelayIgnoredWithNopreempt),
            (settings(version: .v3, interval: .milliseconds(100), authentication: .password("secret")), .authenticationIgnoredForV3),
            (settings(interval: .milliseconds(1500)), .advertIntervalRounded(from: .milliseconds(1500), to: .seconds(2))),
            (settings(priority: 0, initialState: .master), .priorityDerived(255)),
            (settings(priority: 0), .priorityDerived(100)),
            (settings(initialState: .master, authentication: .ipAH), .initialMasterIgnoredWithIPsecAH),
            (settings(preemptDelay: .seconds(2000)), .preemptDelayClamped(.seconds(1000))),
            (settings { $0.ownerIgnoresAdverts = true }, .ownerIgnoresAdvertsNeedsOwner),
            (settings { $0.downTimerAdverts = 0 }, .downTimerAdvertsClamped(1)),
          ])
    func normalization(given: VirtualRouter.Settings, adjustment: VirtualRouter.Adjustment) {
        #expect(VirtualRouter(settings: given).adjustments == [adjustment])
    }

    @Test("an owner with nopreempt is told so in words a diagnostic can use")
    func adjustmentWording() {
        #expect(VirtualRouter.Adjustment.nopreemptIgnoredForOwner.description == "nopreempt is incompatible with priority 255 - ignored")
    }
}
