/// Each user's share of the pool, as HTCondor's user priority: usage accumulates while a user's
/// jobs run and decays with a half-life (`PRIORITY_HALFLIFE`, one day by default), and the user
/// with the least usage is served first (manual: "User Priorities and Negotiation").
///
/// Usage is counted in slot-seconds, decayed continuously; the order key adds what a user runs
/// now, so that two users with no history share free slots one for one.
public struct FairShare: Sendable, Hashable {
    public var halfLife: Double
    /// Decayed slot-seconds per user, as of `updatedAt`.
    public private(set) var usage: [String: Double] = [:]
    public private(set) var updatedAt: Int64?

    public init(halfLife: Double = 86_400) {
        self.halfLife = halfLife
    }

    /// Ages every user's usage to `now` and adds `running[user]` slots for the time since the
    /// last update. The driver calls it before each negotiation pass.
    public mutating func advance(to now: Int64, running: [String: Int]) {
        defer { updatedAt = now }
        guard let last = updatedAt, now > last else { return }
        let elapsed = Double(now - last)
        let decay = pow2(-elapsed / halfLife)
        for (user, value) in usage { usage[user] = value * decay }
        for (user, slots) in running where slots > 0 {
            usage[user, default: 0] += Double(slots) * elapsed
        }
    }

    /// Lower goes first: past usage (in slot-hours, so history weighs like a slot held for an
    /// hour) plus the slots the user holds now.
    public func orderKey(of user: String, runningNow: Int) -> Double {
        (usage[user] ?? 0) / 3600 + Double(runningNow)
    }

    /// 2^x without Foundation.
    private func pow2(_ x: Double) -> Double {
        // exp(x ln 2) by a short series after range reduction: exact enough for a priority.
        var k = x.rounded(.down)
        let f = x - k
        var result = 1.0, term = 1.0
        let y = f * 0.693_147_180_559_945_3
        for n in 1...20 {
            term *= y / Double(n)
            result += term
        }
        while k < 0 { result /= 2; k += 1; if result == 0 { break } }
        while k > 0 { result *= 2; k -= 1 }
        return result
    }
}
