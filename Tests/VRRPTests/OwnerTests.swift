import Testing
@testable import VRRP

/// Two routers configured as address owner: a configuration error keepalived resolves
/// (`vrrp.c` l.2404-2449): the lower address yields; the higher waits two adverts and
/// 1.2 intervals for the rival to stop, then backs off to 254 if it does not.
@Suite("VirtualRouter: rival address owners")
struct OwnerTests {
    @Test("the owner with the lower address yields and reports the configuration error")
    func lowerAddressYields() {
        var (router, _) = started(settings(priority: 255))
        let actions = router.receive(advert(priority: 255), from: higherAddress, now: at(100))
        #expect(actions.first == .warning(.anotherAddressOwner(higherAddress)))
        #expect(actions.transitions == [.transition(from: .master, to: .backup, reason: .equalPriorityHigherAddress)])
    }

    @Test("the owner with the higher address backs off to 254 if the rival keeps advertising past two adverts and 1.2 intervals")
    func persistentRivalDemotes() {
        var (router, _) = started(settings(priority: 255))
        let first = router.receive(advert(priority: 255), from: lowerAddress, now: at(100))
        #expect(first.first == .warning(.anotherAddressOwner(lowerAddress)))
        #expect(first.conflicts.map(\.resolution) == [.weStayMaster(readvertised: true)])
        #expect(router.timerFired(.advertisement, now: at(1100)).deadline(of: .rivalOwner) == nil)
        #expect(router.timerFired(.advertisement, now: at(2100)).deadline(of: .rivalOwner) == at(3300))

        let again = router.receive(advert(priority: 255), from: lowerAddress, now: at(2500))
        #expect(again.first == .priorityChanged(from: 255, to: 254))
        #expect(again.transitions == [.transition(from: .master, to: .backup, reason: .higherPriorityAdvert)])
        #expect(router.effectivePriority == 254)
    }

    @Test("the demoted owner is 255 again once the rival's adverts stop and it takes over")
    func demotedOwnerRestored() {
        var (router, _) = started(settings(priority: 255))
        _ = router.receive(advert(priority: 255), from: lowerAddress, now: at(100))
        _ = router.timerFired(.advertisement, now: at(1100))
        _ = router.timerFired(.advertisement, now: at(2100))
        let yielded = router.receive(advert(priority: 255), from: lowerAddress, now: at(2500))
        let deadline = yielded.deadline(of: .masterDown)!
        let takeover = router.timerFired(.masterDown, now: deadline)
        #expect(takeover.first == .priorityChanged(from: 254, to: 255))
        #expect(takeover.sent == [ourAdvert(priority: 255)])
    }

    @Test("a rival that goes quiet in time changes nothing")
    func rivalStops() {
        var (router, _) = started(settings(priority: 255))
        _ = router.receive(advert(priority: 255), from: lowerAddress, now: at(100))
        _ = router.timerFired(.advertisement, now: at(1100))
        _ = router.timerFired(.advertisement, now: at(2100))
        #expect(router.timerFired(.rivalOwner, now: at(3300)) == [])
        #expect(router.effectivePriority == 255)
        #expect(router.state == .master)
    }

    @Test("owner_ignore_adverts: the owner drops every advert, as the RFCs say")
    func ownerIgnoresAdverts() {
        var (router, _) = started(settings(priority: 255) { $0.ownerIgnoresAdverts = true })
        #expect(router.receive(advert(priority: 255), from: higherAddress, now: at(100)) == [
            .discarded(from: higherAddress, reason: .addressOwner),
        ])
        #expect(router.state == .master)
    }

    @Test("a non-owner hearing the owner yields at once")
    func ownerWins() {
        var (router, became) = master(settings(priority: 254))
        #expect(router.receive(advert(priority: 255), from: lowerAddress, now: became).transitions == [
            .transition(from: .master, to: .backup, reason: .higherPriorityAdvert),
        ])
    }
}
