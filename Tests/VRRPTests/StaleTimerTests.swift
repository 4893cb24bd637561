import RacimoCore
import Testing
@testable import VRRP

/// Timers are requests the driver may deliver late, twice, or after they stopped mattering
/// (`TimerRequest`: setting an armed key replaces its deadline). The machine must not act on a
/// timer it no longer waits for, and must re-arm one that fires before its current deadline.
@Suite("VirtualRouter: stale and early timers")
struct StaleTimerTests {
    @Test("the down timer firing after we became master is ignored")
    func downTimerAfterTakeover() {
        var (router, became) = master(settings())
        #expect(router.timerFired(.masterDown, now: became + .seconds(1)) == [])
    }

    @Test("the down timer firing at its old deadline after an advert moved it is re-armed, not obeyed")
    func downTimerEarly() {
        var (router, _) = started(settings())
        _ = router.receive(advert(priority: 150), from: higherAddress, now: at(1000))
        #expect(router.timerFired(.masterDown, now: atMicro(3_609_375)) == [
            .setTimer(TimerRequest(.masterDown, at: atMicro(4_609_375))),
        ])
        #expect(router.state == .backup)
    }

    @Test("the same timer delivered twice acts once")
    func duplicate() {
        var (router, _) = started(settings())
        #expect(router.timerFired(.masterDown, now: atMicro(3_609_375)).transitions.count == 1)
        #expect(router.timerFired(.masterDown, now: atMicro(3_609_375)) == [])
    }

    @Test("the advert timer firing after we yielded sends nothing")
    func advertTimerAfterYield() {
        var (router, became) = master(settings())
        _ = router.receive(advert(priority: 150), from: lowerAddress, now: became + .milliseconds(10))
        #expect(router.timerFired(.advertisement, now: became + .seconds(1)) == [])
    }

    @Test("gratuitous-ARP bursts due after losing master are not sent",
          arguments: [VirtualRouter.Timer.garpRepeat, .lowerPriorityGarp])
    func garpAfterYield(timer: VirtualRouter.Timer) {
        var (router, became) = master(settings())
        _ = router.receive(advert(priority: 50), from: higherAddress, now: became)
        _ = router.receive(advert(priority: 150), from: lowerAddress, now: became + .milliseconds(10))
        #expect(router.timerFired(timer, now: became + .seconds(5)) == [])
    }

    @Test("a timer never armed does nothing", arguments: [VirtualRouter.Timer.advertisement, .garpRefresh, .rivalOwner])
    func neverArmed(timer: VirtualRouter.Timer) {
        var (router, _) = started(settings())
        #expect(router.timerFired(timer, now: at(100)) == [])
    }

    @Test("an advert timer from before a FAULT does not send once master again")
    func staleAcrossFault() {
        var (router, became) = master(settings(priority: 255, initialState: .backup))
        _ = router.interfaceChanged(isUp: false, now: became + .milliseconds(100))
        _ = router.interfaceChanged(isUp: true, now: became + .milliseconds(200))
        // Backup again; the old advert deadline (became + 1 s) is not armed any more.
        #expect(router.timerFired(.advertisement, now: became + .seconds(1)) == [])
    }
}
