import Testing
@testable import VRRP

/// Skew_Time and Master_Down_Interval in keepalived's microsecond arithmetic (`vrrp.h`
/// l.507-510): v2 (256 − p) × 10⁶ / 256 µs, v3 (256 − p) × centiseconds × 625 / 16 µs, both
/// truncated, plus down_timer_adverts (3) × Master_Adver_Interval.
@Suite("VRRP timers: Skew_Time and Master_Down_Interval")
struct TimingTests {
    @Test("v2, priority 100, advert 1 s: skew 0.609375 s, master down after 3.609375 s")
    func v2Default() {
        #expect(VRRPTiming.skewTime(version: .v2, priority: 100, masterAdvertInterval: .seconds(1)) == .microseconds(609_375))
        #expect(VRRPTiming.masterDownInterval(version: .v2, priority: 100, masterAdvertInterval: .seconds(1)) == .microseconds(3_609_375))
    }

    @Test("v2 skew ignores the interval: advert 2 s, priority 100 waits 6.609375 s")
    func v2SkewIsInSeconds() {
        #expect(VRRPTiming.masterDownInterval(version: .v2, priority: 100, masterAdvertInterval: .seconds(2)) == .microseconds(6_609_375))
    }

    @Test("v2 extremes: priority 254 waits 3.0078125 s, priority 1 waits 3.99609375 s (truncated to 3.996093 s)",
          arguments: [(UInt8(254), Int64(3_007_812)), (1, 3_996_093), (255, 3_003_906), (150, 3_414_062)])
    func v2Extremes(priority: UInt8, microseconds: Int64) {
        #expect(VRRPTiming.masterDownInterval(version: .v2, priority: priority, masterAdvertInterval: .seconds(1)) == .microseconds(microseconds))
    }

    @Test("v3, priority 100, advert 0.1 s: skew 60.937 ms (RFC centiseconds would say 60 ms), down after 0.360937 s")
    func v3Fast() {
        #expect(VRRPTiming.skewTime(version: .v3, priority: 100, masterAdvertInterval: .milliseconds(100)) == .microseconds(60_937))
        #expect(VRRPTiming.masterDownInterval(version: .v3, priority: 100, masterAdvertInterval: .milliseconds(100)) == .microseconds(360_937))
    }

    @Test("v3 with a 1 s interval times exactly like v2")
    func v3OneSecond() {
        #expect(VRRPTiming.masterDownInterval(version: .v3, priority: 100, masterAdvertInterval: .seconds(1)) == .microseconds(3_609_375))
    }

    @Test("v3 at the 10 ms floor: priority 254 waits 30.078 ms")
    func v3Floor() {
        #expect(VRRPTiming.masterDownInterval(version: .v3, priority: 254, masterAdvertInterval: .milliseconds(10)) == .microseconds(30_078))
    }

    @Test("down_timer_adverts 1 waits one interval plus the skew")
    func downTimerAdverts() {
        #expect(VRRPTiming.masterDownInterval(version: .v2, priority: 100, masterAdvertInterval: .seconds(1), adverts: 1) == .microseconds(1_609_375))
    }

    @Test("intervals round as keepalived rounds them: v2 to whole seconds 1…255, v3 to 10 ms in 0.01…40.95 s",
          arguments: [
            (VRRPVersion.v2, Duration.milliseconds(1400), Duration.seconds(1)),
            (.v2, .milliseconds(1500), .seconds(2)),
            (.v2, .milliseconds(200), .seconds(1)),
            (.v2, .seconds(300), .seconds(255)),
            (.v3, .microseconds(104_000), .milliseconds(100)),
            (.v3, .microseconds(105_000), .milliseconds(110)),
            (.v3, .milliseconds(1), .milliseconds(10)),
            (.v3, .seconds(50), .milliseconds(40_950)),
          ])
    func wireInterval(version: VRRPVersion, configured: Duration, expected: Duration) {
        #expect(VRRPTiming.wireInterval(configured, version: version) == expected)
    }

    @Test("a backup's skew comes from its effective priority: a tracker taking 50 off priority 150 waits as priority 100")
    func skewFromEffectivePriority() {
        let (router, actions) = started(settings(priority: 150), trackers: [Tracker("chk", kind: .script, weight: -50, status: .down)])
        #expect(router.effectivePriority == 100)
        #expect(router.masterDownInterval == .microseconds(3_609_375))
        #expect(actions.deadline(of: .masterDown) == atMicro(3_609_375))
    }

    @Test("an owner's skew uses 255")
    func ownerSkew() {
        let (router, _) = started(settings(priority: 255, initialState: .backup))
        #expect(router.skewTime == .microseconds(3_906))
    }
}
