import Balancer
import Testing

@Suite("relay loop timers")
struct RelayTimersTests {
    @Test("entries come out in due order, only once due, whatever order they went in")
    func order() {
        var timers = RelayTimers()
        let dues: [UInt64] = [50, 10, 40, 10, 30, 20, 60, 5]
        for (i, due) in dues.enumerated() { timers.schedule(.init(due: due, fd: Int32(i), serial: 1)) }
        #expect(timers.popDue(now: 4) == nil)
        var out: [UInt64] = []
        while let entry = timers.popDue(now: 45) { out.append(entry.due) }
        #expect(out == [5, 10, 10, 20, 30, 40])
        #expect(timers.popDue(now: 100)?.due == 50)
        #expect(timers.popDue(now: 100)?.due == 60)
        #expect(timers.isEmpty)
    }

    @Test("epoll sleeps until the earliest entry, rounded up to a millisecond; forever with none")
    func wait() {
        var timers = RelayTimers()
        #expect(timers.waitMilliseconds(now: 0) == -1)
        timers.schedule(.init(due: 2_000_001, fd: 3, serial: 7))
        #expect(timers.waitMilliseconds(now: 0) == 3)
        #expect(timers.waitMilliseconds(now: 1_000_001) == 1)
        #expect(timers.waitMilliseconds(now: 2_000_001) == 0)
        #expect(timers.waitMilliseconds(now: 9_000_000) == 0)
    }

    @Test("1,000 random entries pop sorted")
    func random() {
        var timers = RelayTimers()
        var generator = SystemRandomNumberGenerator()
        var dues: [UInt64] = []
        for i in 0..<1000 {
            let due = UInt64.random(in: 0..<10_000, using: &generator)
            dues.append(due)
            timers.schedule(.init(due: due, fd: Int32(i), serial: 1))
        }
        var out: [UInt64] = []
        while let entry = timers.popDue(now: .max) { out.append(entry.due) }
        #expect(out == dues.sorted())
    }
}
