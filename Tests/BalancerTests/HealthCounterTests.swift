import Balancer
import Testing

/// HAProxy's `check.health` counting (ha-anchors §3; `src/check.c`, `src/server.c`).
@Suite("HealthCounter: rise/fall as HAProxy counts them")
struct HealthCounterTests {
    @Test("HAProxy's defaults are rise 2, fall 3, starting UP")
    func defaults() {
        let c = HealthCounter()
        #expect(c.rise == 2 && c.fall == 3)
        #expect(c.isUp && c.health == 2)
    }

    @Test("a server starts UP but falls at the first failure, as HAProxy's server.c says")
    func startsUpFallsAtFirstFailure() {
        var c = HealthCounter()
        #expect(c.record(passed: false) == .wentDown)
        #expect(!c.isUp && c.health == 0)
    }

    @Test("once fully up, it takes `fall` consecutive failures to go down")
    func fallFromFullyUp() {
        var c = HealthCounter(initial: .fullyUp)
        #expect(c.record(passed: false) == nil)
        #expect(c.record(passed: false) == nil)
        #expect(c.record(passed: false) == .wentDown)
    }

    @Test("a pass while up restores the full margin")
    func passRestoresMargin() {
        var c = HealthCounter(initial: .fullyUp)
        c.record(passed: false)
        c.record(passed: false)
        #expect(c.record(passed: true) == nil)
        #expect(c.health == 4)
        #expect(c.record(passed: false) == nil)
        #expect(c.record(passed: false) == nil)
        #expect(c.record(passed: false) == .wentDown)
    }

    @Test("a down server needs `rise` consecutive passes, then is fully up")
    func riseFromDown() {
        var c = HealthCounter(initial: .fullyDown)
        #expect(c.record(passed: true) == nil)
        #expect(c.record(passed: true) == .wentUp)
        #expect(c.health == 4)
    }

    @Test("a failure while rising starts the count again")
    func failureResetsRise() {
        var c = HealthCounter(initial: .fullyDown)
        c.record(passed: true)
        #expect(c.record(passed: false) == nil)
        #expect(c.record(passed: true) == nil)
        #expect(c.record(passed: true) == .wentUp)
    }

    @Test("`init-state down` comes up at the first pass")
    func initDown() {
        var c = HealthCounter(initial: .down)
        #expect(!c.isUp)
        #expect(c.record(passed: true) == .wentUp)
    }

    @Test("ldirectord's failurecount 1: one failure down, one pass up")
    func ldirectord() {
        var c = HealthCounter.ldirectord()
        #expect(c.isUp)
        #expect(c.record(passed: false) == .wentDown)
        #expect(c.record(passed: true) == .wentUp)
    }

    @Test("rise and fall of zero are taken as one")
    func clamped() {
        let c = HealthCounter(rise: 0, fall: 0)
        #expect(c.rise == 1 && c.fall == 1)
    }
}
