import RacimoCore
import Testing

@Suite("ReplayWindow (RFC 4303 §3.4.3 sliding window)")
struct ReplayWindowTests {
    let h1 = NodeName("h1")!, h2 = NodeName("h2")!
    let t0 = WallClock(millisecondsSinceEpoch: 0)

    @Test("each sequence number is admitted once per sender")
    func once() {
        var window = ReplayWindow(forgetAfter: .seconds(600))
        func admit(_ sender: NodeName, _ sequence: UInt64) -> Bool { window.admit(sender: sender, sequence: sequence, now: t0) }
        #expect(admit(h1, 100))
        #expect(!admit(h1, 100))
        #expect(admit(h2, 100))
    }

    @Test("a jump of more than the window width clears the bitmap")
    func jump() {
        var window = ReplayWindow(forgetAfter: .seconds(600))
        func admit(_ sender: NodeName, _ sequence: UInt64) -> Bool { window.admit(sender: sender, sequence: sequence, now: t0) }
        #expect(admit(h1, 1))
        #expect(admit(h1, 1000))
        #expect(admit(h1, 999))
        #expect(!admit(h1, 1))
        #expect(admit(h1, 937))   // 63 behind
        #expect(!admit(h1, 936))  // 64 behind
    }

    @Test("senders silent for longer than forgetAfter are dropped as the table grows")
    func forgets() {
        var window = ReplayWindow(forgetAfter: .seconds(10))
        _ = window.admit(sender: h1, sequence: 1, now: t0)
        let later = WallClock(millisecondsSinceEpoch: 60_000)
        _ = window.admit(sender: h2, sequence: 1, now: later)
        #expect(window.count == 1)
    }
}
