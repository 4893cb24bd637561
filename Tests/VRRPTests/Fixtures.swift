import RacimoCore
import Testing
@testable import VRRP

// The vocabulary of the VRRP tests: one segment 10.0.0.0/24 with a virtual address .100, our
// router at .2 between a lower (.1) and a higher (.3) neighbour, instants in microseconds from a
// manual timeline, and adverts built the way the codec would hand them over.

func ip(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) -> IPAddress { IPAddress(bytes: [a, b, c, d])! }

let vip = ip(10, 0, 0, 100)
let ours = ip(10, 0, 0, 2)
let lowerAddress = ip(10, 0, 0, 1)
let higherAddress = ip(10, 0, 0, 3)

/// The instant `milliseconds` after the origin.
func at(_ milliseconds: Int64) -> Instant { Instant(.milliseconds(milliseconds)) }
/// The instant `microseconds` after the origin, for keepalived's timer digits.
func atMicro(_ microseconds: Int64) -> Instant { Instant(.microseconds(microseconds)) }

/// Settings for instance "VI_1", VRID 51, one virtual address, as keepalived's defaults have them.
func settings(
    version: VRRPVersion = .v2, priority: UInt8 = 100, interval: Duration = .seconds(1),
    preempt: Bool = true, preemptDelay: Duration = .zero, initialState: VirtualRouter.InitialState? = nil,
    authentication: VRRPAuthentication = .none, configure: (inout VirtualRouter.Settings) -> Void = { _ in }
) -> VirtualRouter.Settings {
    var s = VirtualRouter.Settings(name: "VI_1", virtualRouterID: 51, primaryAddress: ours, virtualAddresses: [vip])
    s.version = version
    s.priority = priority
    s.advertInterval = interval
    s.preempt = preempt
    s.preemptDelay = preemptDelay
    s.initialState = initialState
    s.authentication = authentication
    configure(&s)
    return s
}

/// An advert for VRID 51 listing our virtual address.
func advert(
    priority: UInt8, version: VRRPVersion = .v2, interval: Duration = .seconds(1), vrid: UInt8 = 51,
    addresses: [IPAddress] = [vip], authentication: VRRPAuthentication = .none
) -> Advertisement {
    Advertisement(version: version, virtualRouterID: vrid, priority: priority, interval: interval,
                  addresses: addresses, authentication: authentication)
}

/// A started router: the actions of `start` are returned alongside.
func started(_ settings: VirtualRouter.Settings, trackers: [Tracker] = [], interfaceUp: Bool = true,
             now: Instant = .zero) -> (VirtualRouter, [VirtualRouter.Action]) {
    var router = VirtualRouter(settings: settings, trackers: trackers, interfaceUp: interfaceUp)
    let actions = router.start(now: now)
    return (router, actions)
}

/// A router that has become master through its down timer (started at 0, fired at `masterAt`).
func master(_ settings: VirtualRouter.Settings, trackers: [Tracker] = []) -> (VirtualRouter, Instant) {
    var (router, actions) = started(settings, trackers: trackers)
    let deadline = actions.timers.first { $0.key == .masterDown }!.deadline
    _ = router.timerFired(.masterDown, now: deadline)
    return (router, deadline)
}

extension [VirtualRouter.Action] {
    var timers: [TimerRequest<VirtualRouter.Timer>] {
        compactMap { if case .setTimer(let request) = $0 { request } else { nil } }
    }

    var sent: [Advertisement] {
        compactMap { if case .send(let advert) = $0 { advert } else { nil } }
    }

    var transitions: [VirtualRouter.Action] {
        filter { if case .transition = $0 { true } else { false } }
    }

    var conflicts: [VirtualRouter.Conflict] {
        compactMap { if case .conflict(let conflict) = $0 { conflict } else { nil } }
    }

    func deadline(of timer: VirtualRouter.Timer) -> Instant? {
        timers.last { $0.key == timer }?.deadline
    }
}

/// The advert our router sends at `priority` in the fixtures' settings.
func ourAdvert(priority: UInt8, version: VRRPVersion = .v2, interval: Duration = .seconds(1),
               authentication: VRRPAuthentication = .none) -> Advertisement {
    advert(priority: priority, version: version, interval: interval, authentication: authentication)
}
