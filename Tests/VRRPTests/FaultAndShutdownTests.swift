import RacimoCore
import Testing
@testable import VRRP

/// FAULT in and out (keepalived `down_instance`, `vrrp_track.c` l.561-580; `try_up_instance`,
/// `vrrp_scheduler.c` l.695-808) and graceful shutdown (RFC 5798 §6.4.3; keepalived
/// `restore_vrrp_interfaces`, `vrrp.c` l.3013-3026).
@Suite("VirtualRouter: faults and shutdown")
struct FaultAndShutdownTests {
    private let guardScript = Tracker("chk_haproxy", kind: .script, weight: 0, status: .up)

    @Test("a master whose weight-0 tracker fails tells the backups with priority 0 and lets go")
    func masterFaults() {
        var (router, became) = master(settings(), trackers: [guardScript])
        #expect(router.trackerObserved("chk_haproxy", .failure, now: became + .seconds(2)) == [
            .send(ourAdvert(priority: 0)),
            .removeAddresses([vip]),
            .transition(from: .master, to: .fault, reason: .trackerFault(tracker: "chk_haproxy")),
        ])
        #expect(router.statistics.priorityZeroSent == 1)
        #expect(router.status.faultCause == .trackerFault(tracker: "chk_haproxy"))
    }

    @Test("a backup faults silently")
    func backupFaults() {
        var (router, _) = started(settings(), trackers: [guardScript])
        #expect(router.trackerObserved("chk_haproxy", .failure, now: at(1000)) == [
            .transition(from: .backup, to: .fault, reason: .trackerFault(tracker: "chk_haproxy")),
        ])
    }

    @Test("once the tracker recovers the instance is a backup again, timing the master afresh")
    func recovers() {
        var (router, _) = started(settings(), trackers: [guardScript])
        _ = router.trackerObserved("chk_haproxy", .failure, now: at(1000))
        #expect(router.trackerObserved("chk_haproxy", .success, now: at(5000)) == [
            .transition(from: .fault, to: .backup, reason: .trackerRecovered),
            .setTimer(TimerRequest(.masterDown, at: at(5000) + .microseconds(3_609_375))),
        ])
    }

    @Test("an owner that recovers becomes master at once")
    func ownerRecoversAsMaster() {
        var (router, _) = started(settings(priority: 255), trackers: [guardScript])
        _ = router.trackerObserved("chk_haproxy", .failure, now: at(1000))
        let actions = router.trackerObserved("chk_haproxy", .success, now: at(2000))
        #expect(actions.transitions == [.transition(from: .fault, to: .master, reason: .trackerRecovered)])
        #expect(actions.sent == [ourAdvert(priority: 255)])
    }

    @Test("reverse weight 0: the instance is down while the tracker is up")
    func reverseWeightZero() {
        var (router, _) = started(settings(), trackers: [Tracker("maintenance", kind: .process, weight: 0, reverse: true, status: .down)])
        let actions = router.trackerObserved("maintenance", .success, now: at(1000))
        #expect(actions.transitions == [.transition(from: .backup, to: .fault, reason: .trackerFault(tracker: "maintenance"))])
    }

    @Test("a track_file reaching −254 faults; back above, the instance returns with the file's weight applied")
    func trackFileFault() {
        var (router, _) = started(settings(), trackers: [.file("prio", weight: 2)])
        #expect(router.trackerObserved("prio", .value(-200), now: at(1000)).transitions == [
            .transition(from: .backup, to: .fault, reason: .trackerFault(tracker: "prio")),
        ])
        let back = router.trackerObserved("prio", .value(10), now: at(2000))
        #expect(back.first == .priorityChanged(from: 100, to: 120))
        #expect(back.transitions == [.transition(from: .fault, to: .backup, reason: .trackerRecovered)])
    }

    @Test("the interface going down takes the instance to FAULT until it comes back")
    func interface() {
        var (router, became) = master(settings())
        #expect(router.interfaceChanged(isUp: false, now: became).transitions == [
            .transition(from: .master, to: .fault, reason: .interfaceDown),
        ])
        #expect(router.interfaceChanged(isUp: false, now: became + .seconds(1)) == [])
        #expect(router.interfaceChanged(isUp: true, now: became + .seconds(2)).transitions == [
            .transition(from: .fault, to: .backup, reason: .interfaceUp),
        ])
    }

    @Test("two causes: the instance stays in FAULT until both clear")
    func twoCauses() {
        var (router, _) = started(settings(), trackers: [guardScript])
        _ = router.interfaceChanged(isUp: false, now: at(1000))
        _ = router.trackerObserved("chk_haproxy", .failure, now: at(1100))
        #expect(router.interfaceChanged(isUp: true, now: at(1200)) == [])
        #expect(router.state == .fault)
        #expect(router.trackerObserved("chk_haproxy", .success, now: at(1300)).transitions == [
            .transition(from: .fault, to: .backup, reason: .trackerRecovered),
        ], "the tracker was the last to clear")
    }

    @Test("adverts and the down timer are ignored in FAULT")
    func faultIgnoresEverything() {
        var (router, start) = started(settings(), trackers: [guardScript])
        _ = router.trackerObserved("chk_haproxy", .failure, now: at(1000))
        #expect(router.receive(advert(priority: 150), from: higherAddress, now: at(1100)) == [])
        #expect(router.timerFired(.masterDown, now: start.deadline(of: .masterDown)!) == [])
    }

    @Test("a master shutting down sends priority 0 and removes the addresses")
    func masterShutdown() {
        var (router, became) = master(settings())
        #expect(router.shutdown(now: became + .seconds(1)) == [
            .send(ourAdvert(priority: 0)),
            .removeAddresses([vip]),
            .transition(from: .master, to: .initialize, reason: .shutdown),
        ])
        #expect(router.timerFired(.advertisement, now: became + .seconds(1)) == [])
        #expect(router.shutdown(now: became + .seconds(2)) == [])
    }

    @Test("a backup shutting down only says so")
    func backupShutdown() {
        var (router, _) = started(settings())
        #expect(router.shutdown(now: at(10)) == [.transition(from: .backup, to: .initialize, reason: .shutdown)])
        #expect(router.timerFired(.masterDown, now: atMicro(3_609_375)) == [])
    }

    @Test("an instance restarts after shutdown")
    func restart() {
        var (router, _) = started(settings())
        _ = router.shutdown(now: at(10))
        #expect(router.start(now: at(20)) == [
            .transition(from: .initialize, to: .backup, reason: .started),
            .setTimer(TimerRequest(.masterDown, at: at(20) + .microseconds(3_609_375))),
        ])
    }
}
