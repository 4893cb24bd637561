import RacimoCore
import Testing
@testable import VRRP

/// keepalived's `vrrp_sync_group` (`vrrp_sync.c`; matrix in `vrrp_scheduler.c` l.130-179):
/// members move to MASTER, BACKUP and FAULT together.
@Suite("SyncGroup: members fail over together")
struct SyncGroupTests {
    /// Two instances on two segments, "outside" (VRID 51) and "inside" (VRID 52).
    private func member(_ name: String, vrid: UInt8, priority: UInt8 = 100, trackers: [Tracker] = [],
                        initialState: VirtualRouter.InitialState? = nil) -> VirtualRouter {
        var s = VirtualRouter.Settings(name: name, virtualRouterID: vrid, primaryAddress: ours,
                                       virtualAddresses: [ip(10, 0, vrid, 100)])
        s.priority = priority
        s.initialState = initialState
        return VirtualRouter(settings: s, trackers: trackers)
    }

    private func group(trackingWeight: Bool = false, outside: [Tracker] = [], inside: [Tracker] = [],
                       priority: UInt8 = 100) -> SyncGroup {
        SyncGroup(name: "G1", members: [member("outside", vrid: 51, priority: priority, trackers: outside),
                                        member("inside", vrid: 52, priority: priority, trackers: inside)],
                  trackingWeight: trackingWeight)
    }

    private func transitions(_ actions: [SyncGroup.Action]) -> [String] {
        actions.compactMap {
            switch $0 {
            case .member(let name, .transition(let from, let to, let reason)): "\(name): \(from)->\(to) \(reason)"
            case .groupTransition(let from, let to): "G1: \(from)->\(to)"
            default: nil
            }
        }
    }

    private func startedAsMasters() -> SyncGroup {
        var g = group()
        _ = g.start(now: .zero)
        _ = g.timerFired(.masterDown, instance: "outside", now: atMicro(3_609_375))
        _ = g.timerFired(.masterDown, instance: "inside", now: atMicro(3_609_375))
        return g
    }

    @Test("both members start as backups and the group is BACKUP")
    func start() {
        var g = group()
        #expect(transitions(g.start(now: .zero)) == [
            "outside: initialize->backup started", "inside: initialize->backup started", "G1: initialize->backup",
        ])
    }

    @Test("a member whose timer runs out first waits for the others, then all become master together")
    func masterOnlyWhenAllWant() {
        var g = group()
        _ = g.start(now: .zero)
        let held = g.timerFired(.masterDown, instance: "outside", now: atMicro(3_609_375))
        #expect(held == [.member("outside", .setTimer(TimerRequest(.masterDown, at: atMicro(7_218_750))))])
        #expect(g.member("outside")?.state == .backup)

        let both = g.timerFired(.masterDown, instance: "inside", now: atMicro(3_609_400))
        #expect(transitions(both) == [
            "inside: backup->master masterDownTimer",
            "outside: backup->master syncGroup(member: \"inside\")",
            "G1: backup->master",
        ])
    }

    @Test("a held member that hears its master again no longer wants to be master")
    func heldMemberHearsMaster() {
        var g = group()
        _ = g.start(now: .zero)
        _ = g.timerFired(.masterDown, instance: "outside", now: atMicro(3_609_375))
        _ = g.receive(advert(priority: 150), from: higherAddress, instance: "outside", now: at(3700))
        let inside = g.timerFired(.masterDown, instance: "inside", now: atMicro(3_609_400) + .milliseconds(100))
        #expect(transitions(inside) == [], "inside is held: outside's master is alive")
        #expect(g.state == .backup)
    }

    @Test("one member yielding to a higher priority takes the other to backup, without priority 0")
    func backupTogether() {
        var g = startedAsMasters()
        let actions = g.receive(advert(priority: 150), from: higherAddress, instance: "outside", now: at(5000))
        #expect(transitions(actions) == [
            "outside: master->backup higherPriorityAdvert",
            "inside: master->backup syncGroup(member: \"outside\")",
            "G1: master->backup",
        ])
        #expect(!actions.contains { if case .member(_, .send) = $0 { true } else { false } })
    }

    @Test("one member faulting takes all to FAULT; masters send priority 0 as they go")
    func faultTogether() {
        var g = group(inside: [Tracker("link", kind: .interface, weight: 0, status: .up)])
        _ = g.start(now: .zero)
        _ = g.timerFired(.masterDown, instance: "outside", now: atMicro(3_609_375))
        _ = g.timerFired(.masterDown, instance: "inside", now: atMicro(3_609_375))
        let actions = g.trackerObserved("link", .failure, now: at(5000))
        #expect(transitions(actions) == [
            "inside: master->fault trackerFault(tracker: \"link\")",
            "outside: master->fault syncGroup(member: \"inside\")",
            "G1: master->fault",
        ])
        let priorityZero = actions.compactMap { if case .member(let name, .send(let a)) = $0, a.priority == 0 { name } else { nil } }
        #expect(priorityZero == ["inside", "outside"])

        #expect(transitions(g.trackerObserved("link", .success, now: at(6000))) == [
            "inside: fault->backup trackerRecovered", "outside: fault->backup syncGroup(member: \"inside\")", "G1: fault->backup",
        ])
    }

    @Test("with two members faulty, the group stays in FAULT until the last recovers")
    func lastFaultReleases() {
        var g = group(outside: [Tracker("a", kind: .script, weight: 0, status: .up)],
                      inside: [Tracker("b", kind: .script, weight: 0, status: .up)])
        _ = g.start(now: .zero)
        _ = g.trackerObserved("a", .failure, now: at(100))
        _ = g.trackerObserved("b", .failure, now: at(200))
        #expect(transitions(g.trackerObserved("a", .success, now: at(300))) == [])
        #expect(g.member("outside")?.faultCause == .syncGroup(member: "inside"))
        #expect(transitions(g.trackerObserved("b", .success, now: at(400))) == [
            "inside: fault->backup trackerRecovered", "outside: fault->backup syncGroup(member: \"inside\")", "G1: fault->backup",
        ])
    }

    @Test("a member faulty at start-up starts the whole group in FAULT")
    func faultAtStart() {
        var g = SyncGroup(name: "G1", members: [
            member("outside", vrid: 51),
            VirtualRouter(settings: VirtualRouter.Settings(name: "inside", virtualRouterID: 52, primaryAddress: ours, virtualAddresses: [vip]),
                          interfaceUp: false),
        ])
        #expect(transitions(g.start(now: .zero)) == [
            "outside: initialize->fault syncGroup(member: \"inside\")", "inside: initialize->fault interfaceDown", "G1: initialize->fault",
        ])
    }

    @Test("member tracker weights are ignored unless sync_group_tracking_weight")
    func weightsIgnored() {
        let tracker = Tracker("chk", kind: .script, weight: -50, status: .down)
        #expect(group(outside: [tracker]).member("outside")?.effectivePriority == 100)
        #expect(group(trackingWeight: true, outside: [tracker]).member("outside")?.effectivePriority == 50)
    }

    @Test("a group's tracker reaches every member that tracks it")
    func groupTracker() {
        let shared = Tracker("gw", kind: .script, weight: 0, status: .up)
        var g = group(outside: [shared], inside: [shared])
        _ = g.start(now: .zero)
        let actions = g.trackerObserved("gw", .failure, now: at(100))
        #expect(transitions(actions) == [
            "outside: backup->fault trackerFault(tracker: \"gw\")", "inside: backup->fault trackerFault(tracker: \"gw\")", "G1: backup->fault",
        ])
    }

    @Test("a group of owners starts as master; one non-owner makes them all start as backups")
    func ownersStart() {
        var owners = group(priority: 255)
        #expect(transitions(owners.start(now: .zero)).last == "G1: initialize->master")

        var mixed = SyncGroup(name: "G1", members: [member("outside", vrid: 51, priority: 255), member("inside", vrid: 52)])
        #expect(mixed.member("outside")?.settings.initialState == .backup)
        #expect(transitions(mixed.start(now: .zero)).last == "G1: initialize->backup")
    }

    @Test("a lower-priority advert heard by one master makes every master member re-announce")
    func lowerPriorityAnnouncesForAll() {
        var g = startedAsMasters()
        let actions = g.receive(advert(priority: 50), from: higherAddress, instance: "outside", now: at(5000))
        let announced = actions.compactMap {
            if case .member(let name, .announceAddresses(_, _, .lowerPriorityAdvert)) = $0 { name } else { nil }
        }
        #expect(announced == ["outside", "inside"])
    }

    @Test("shutting the group down stops every member")
    func shutdown() {
        var g = startedAsMasters()
        #expect(transitions(g.shutdown(now: at(9000))) == [
            "outside: master->initialize shutdown", "inside: master->initialize shutdown", "G1: master->initialize",
        ])
    }
}
