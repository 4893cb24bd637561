import RacimoCore
import Testing
@testable import VRRP

/// keepalived's effective priority (ha-anchors §1; `vrrp_track.c` l.582-735): base plus each
/// tracker's weight × (reverse ? −1 : 1) while (weight > 0) == up; weight 0 faults instead;
/// clamp to 1…254; 255 never moves.
@Suite("TrackedPriority: weights, reverse, rise/fall, faults, clamping")
struct TrackedPriorityTests {
    private func priority(base: UInt8 = 100, _ trackers: Tracker...) -> TrackedPriority {
        TrackedPriority(base: base, trackers: trackers)
    }

    @Test("with no trackers the effective priority is the base")
    func noTrackers() {
        #expect(priority().effective == 100)
        #expect(priority().faultingTrackers == [])
    }

    @Test("a positive weight adds while up and nothing while down or before the first result",
          arguments: [(Tracker.Status.up, UInt8(110)), (.down, 100), (.unknown, 100)])
    func positiveWeight(status: Tracker.Status, expected: UInt8) {
        #expect(priority(Tracker("chk", kind: .script, weight: 10, status: status)).effective == expected)
    }

    @Test("a negative weight takes away while down and nothing while up or before the first result",
          arguments: [(Tracker.Status.up, UInt8(100)), (.down, 80), (.unknown, 100)])
    func negativeWeight(status: Tracker.Status, expected: UInt8) {
        #expect(priority(Tracker("chk", kind: .script, weight: -20, status: status)).effective == expected)
    }

    @Test("reverse turns the weight around: +10 reverse takes 10 while up, −20 reverse adds 20 while down",
          arguments: [(10, Tracker.Status.up, UInt8(90)), (10, .down, 100), (-20, .down, 120), (-20, .up, 100)])
    func reverse(weight: Int, status: Tracker.Status, expected: UInt8) {
        #expect(priority(Tracker("chk", kind: .interface, weight: weight, reverse: true, status: status)).effective == expected)
    }

    @Test("weights add up across trackers")
    func severalTrackers() {
        let p = priority(Tracker("a", kind: .script, weight: 10, status: .up),
                         Tracker("b", kind: .interface, weight: -30, status: .down),
                         Tracker("c", kind: .process, weight: 5, status: .down))
        #expect(p.total == 80)
        #expect(p.effective == 80)
    }

    @Test("a script's first result counts at once, whatever rise and fall say")
    func firstResultIsDecisive() {
        var up = priority(Tracker("chk", kind: .script, weight: 10, rise: 3, fall: 3))
        up.observe("chk", .success)
        #expect(up.effective == 110)

        var down = priority(Tracker("chk", kind: .script, weight: -10, rise: 3, fall: 3))
        down.observe("chk", .failure)
        #expect(down.effective == 90)
    }

    @Test("after that, fall failures in a row take it down and rise successes bring it back")
    func riseAndFall() {
        var p = priority(Tracker("chk", kind: .script, weight: -20, rise: 2, fall: 3, status: .up))
        p.observe("chk", .failure)
        p.observe("chk", .failure)
        #expect(p.effective == 100, "two failures of three")
        p.observe("chk", .failure)
        #expect(p.effective == 80)
        p.observe("chk", .success)
        #expect(p.effective == 80, "one success of two")
        p.observe("chk", .success)
        #expect(p.effective == 100)
    }

    @Test("a failure while rising starts the count again")
    func failureResetsRise() {
        var p = priority(Tracker("chk", kind: .script, weight: 10, rise: 3, status: .down))
        for result in [true, true, false, true, true] { p.observe("chk", result ? .success : .failure) }
        #expect(p.effective == 100)
        p.observe("chk", .success)
        #expect(p.effective == 110)
    }

    @Test("a success while falling keeps it up and starts the count again")
    func successResetsFall() {
        var p = priority(Tracker("chk", kind: .script, weight: 10, fall: 2, status: .up))
        for result in [false, true, false] { p.observe("chk", result ? .success : .failure) }
        #expect(p.effective == 110)
        p.observe("chk", .failure)
        #expect(p.effective == 100)
    }

    @Test("weight 0 faults while down, and before a script's first result; reverse faults while up",
          arguments: [(false, Tracker.Status.down, true), (false, .up, false), (false, .unknown, true),
                      (true, .up, true), (true, .down, false), (true, .unknown, true)])
    func weightZeroFaults(reverse: Bool, status: Tracker.Status, faults: Bool) {
        let p = priority(Tracker("chk", kind: .script, weight: 0, reverse: reverse, status: status))
        #expect(p.isFaulty == faults)
        #expect(p.effective == 100, "weight 0 never moves the priority")
    }

    @Test("the effective priority is clamped to 1…254, the total is not",
          arguments: [(UInt8(250), 10, 260, UInt8(254)), (5, -20, -15, 1), (200, 54, 254, 254), (100, 153, 253, 253)])
    func clamping(base: UInt8, weight: Int, total: Int, effective: UInt8) {
        let p = priority(base: base, Tracker("chk", kind: .script, weight: weight, status: weight > 0 ? .up : .down))
        #expect(p.total == total)
        #expect(p.effective == effective)
    }

    @Test("weights beyond ±253 are taken as ±253, as keepalived's parser does")
    func weightRange() {
        #expect(Tracker("a", kind: .script, weight: 254).weight == 253)
        #expect(Tracker("a", kind: .script, weight: -300).weight == -253)
    }

    @Test("priority 255 is never moved: weighted trackers are ignored, weight-0 ones still fault")
    func ownerIsUntouched() {
        var p = priority(base: 255, Tracker("w", kind: .script, weight: -50, status: .down),
                         Tracker("if", kind: .interface, weight: -10, status: .down),
                         Tracker("z", kind: .script, weight: 0, status: .up))
        #expect(p.effective == 255)
        #expect(p.trackers.map(\.ignored) == [.addressOwner, .addressOwner, nil])
        #expect(!p.isFaulty)
        p.observe("z", .failure)
        #expect(p.faultingTrackers == ["z"])
        #expect(p.effective == 255)
    }

    @Test("for an owner, a track_file at its default weight 1 becomes fault-only")
    func ownerFileAtDefaultWeight() {
        var p = priority(base: 255, .file("state"))
        #expect(p.trackers[0].weight == 0)
        p.observe("state", .value(3))
        #expect(p.isFaulty)
    }

    @Test("track_file adds value × weight, clamped to 253, and faults at −254 or below",
          arguments: [(2, 10, 120, false), (2, -5, 90, false), (2, 200, 254, false), (2, -127, 100, true), (-1, 30, 70, false)])
    func trackFile(weight: Int, value: Int, effective: UInt8, faults: Bool) {
        var p = priority(.file("state", weight: weight))
        p.observe("state", .value(value))
        #expect(p.effective == effective)
        #expect(p.isFaulty == faults)
    }

    @Test("track_file with weight 0 faults on any non-zero value (reverse: on zero)",
          arguments: [(false, 0, false), (false, 7, true), (true, 0, true), (true, 7, false)])
    func trackFileWeightZero(reverse: Bool, value: Int, faults: Bool) {
        var p = priority(.file("state", weight: 0, reverse: reverse))
        p.observe("state", .value(value))
        #expect(p.isFaulty == faults)
    }

    @Test("a huge track_file value saturates instead of trapping")
    func trackFileOverflow() {
        var p = priority(.file("state", weight: 2))
        p.observe("state", .value(Int.max))
        #expect(p.effective == 254)
        p.observe("state", .value(Int.min))
        #expect(p.isFaulty)
    }

    @Test("a sync group without tracking weight neutralises member weights as keepalived does")
    func syncGroupRules() {
        var p = priority(Tracker("if", kind: .interface, weight: -10, status: .up),
                         Tracker("scr", kind: .script, weight: 20, status: .up),
                         .file("f1"), .file("f5", weight: 5),
                         Tracker("proc", kind: .process, weight: -5, status: .down))
        p.applySyncGroupRules()
        #expect(p.trackers.map(\.weight) == [0, 20, 0, 5, -5])
        #expect(p.trackers.map(\.ignored) == [nil, .syncGroup, nil, .syncGroup, nil])
        #expect(p.effective == 95, "only the process still counts")
        p.observe("if", .failure)
        #expect(p.faultingTrackers == ["if"], "a weighted interface became a fault tracker")
    }

    @Test("the explanation lists each tracker's contribution, for `racimo vrrp status`")
    func explanation() {
        let p = priority(Tracker("chk_haproxy", kind: .script, weight: -20, status: .down),
                         Tracker("eth1", kind: .interface, weight: 10, status: .up),
                         Tracker("vip_ok", kind: .script, weight: 0, status: .up),
                         .file("maint", weight: 2))
        #expect(p.explanation.description ==
            "base 100; chk_haproxy (script, weight -20) down: -20; eth1 (interface, weight 10) up: +10; "
            + "vip_ok (script, weight 0) up: ok; maint (file, weight 2) value 0: +0; total 90 -> 90")
        #expect(p.explanation.lines.map(\.delta) == [-20, 10, 0, 0])
    }

    @Test("the explanation says when the total was clamped and when a tracker faults")
    func explanationClampAndFault() {
        let p = priority(base: 250, Tracker("a", kind: .script, weight: 30, status: .up), Tracker("z", kind: .script, weight: 0, status: .down))
        #expect(p.explanation.clamped)
        #expect(p.explanation.description == "base 250; a (script, weight 30) up: +30; z (script, weight 0) down: FAULT; total 280, clamped to 254 -> 254")
    }

    /// keepalived's own incremental arithmetic for one tracked script, transcribed from the
    /// behaviour of `process_script_update_priority` (vrrp_track.c l.669-683) and the counter in
    /// `vrrp_script_child_thread` (vrrp_scheduler.c l.1411-1434), to check the closed form against.
    private struct KeepalivedScript {
        let weight: Int, multiplier: Int, rise: Int, fall: Int
        var result: Int
        var initial = true
        var total: Int

        init(base: Int, weight: Int, reverse: Bool, rise: Int, fall: Int) {
            self.weight = weight
            multiplier = reverse ? -1 : 1
            self.rise = rise
            self.fall = fall
            result = rise - 1
            total = base
        }

        mutating func update(_ ok: Bool) {
            if initial {
                if ok, weight > 0 { total += weight * multiplier }
                if !ok, weight < 0 { total += weight * multiplier }
            } else {
                total += (ok ? 1 : -1) * abs(weight) * multiplier
            }
        }

        mutating func record(_ ok: Bool) {
            if ok {
                if result < rise - 1 { result += 1 }
                else if result != rise + fall - 1 {
                    if result < rise { update(true) }
                    result = rise + fall - 1
                }
            } else {
                if result > rise { result -= 1 }
                else {
                    if result == rise || initial { update(false) }
                    result = 0
                }
            }
            initial = false
        }
    }

    @Test("the closed form equals keepalived's running total over 2,000 random result sequences")
    func matchesKeepalivedIncrementalArithmetic() {
        var random = SeededRandom(seed: 5798)
        for _ in 0..<2_000 {
            let weight = Int.random(in: -60...60, using: &random)
            let reverse = Bool.random(using: &random)
            let rise = Int.random(in: 1...4, using: &random)
            let fall = Int.random(in: 1...4, using: &random)
            var reference = KeepalivedScript(base: 120, weight: weight, reverse: reverse, rise: rise, fall: fall)
            var p = priority(base: 120, Tracker("s", kind: .script, weight: weight, reverse: reverse, rise: rise, fall: fall))
            for _ in 0..<30 {
                let ok = Bool.random(using: &random)
                reference.record(ok)
                p.observe("s", ok ? .success : .failure)
                guard weight != 0 else { continue }
                #expect(p.total == reference.total, "weight \(weight) reverse \(reverse) rise \(rise) fall \(fall)")
            }
        }
    }
}

