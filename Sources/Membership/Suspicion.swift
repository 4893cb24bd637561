import RacimoCore

/// One member's suspicion, whose timeout shrinks as independent members confirm it
/// (Lifeguard, "Dynamic Suspicion Timeout", §IV.B of Dadgar et al., 2018).
///
/// timeout(c) = max(min, max − (max − min) · log(c + 1) / log(k + 1)), where c counts
/// confirmations from members other than the first suspecter and k is how many are expected.
struct Suspicion: Hashable, Sendable {
    let incarnation: Incarnation
    let start: Instant
    let minimum: Duration
    let maximum: Duration
    let expectedConfirmations: Int
    private(set) var suspecters: Set<NodeName>
    /// When the last direct pings were sent expect their answers by; nil until sent.
    var lastChance: Instant?

    init(incarnation: Incarnation, by suspecter: NodeName, start: Instant, minimum: Duration, maximum: Duration, expectedConfirmations: Int) {
        self.incarnation = incarnation
        self.start = start
        self.minimum = minimum
        self.maximum = maximum
        self.expectedConfirmations = expectedConfirmations
        self.suspecters = [suspecter]
    }

    var confirmations: Int { suspecters.count - 1 }

    /// Records a suspicion by `member`; true when it is a new, independent confirmation.
    mutating func confirm(by member: NodeName) -> Bool {
        suspecters.insert(member).inserted
    }

    /// When the suspicion runs out: after the last-chance pings' wait once they are out, so a
    /// late confirmation cannot cut their answers short.
    var deadline: Instant {
        if let lastChance { return max(lastChance, timeoutDeadline) }
        return timeoutDeadline
    }

    private var timeoutDeadline: Instant {
        guard expectedConfirmations > 0, confirmations > 0 else { return start + maximum }
        let fraction = Logarithm.natural(Double(min(confirmations, expectedConfirmations) + 1))
            / Logarithm.natural(Double(expectedConfirmations + 1))
        let span = maximum - minimum
        let timeout = maximum - span * fraction
        return start + max(minimum, timeout)
    }
}
