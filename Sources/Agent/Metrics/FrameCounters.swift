import CoreMetrics
import RacimoCore

/// The agent's counters for node-to-node frames, exported at `/metrics` as
/// `racimo_frames_accepted_total`, `racimo_frames_sent_total` and
/// `racimo_frames_rejected_total{reason}`.
///
/// The rejected counter exists for every reason from start-up, at 0, so that an alert rule can
/// tell "no forged frames" from "not measured".
public struct FrameCounters: Sendable {
    private let rejected: [String: Counter]
    private let accepted: Counter
    private let sentCounter: Counter

    public init() {
        var rejected: [String: Counter] = [:]
        for reason in FrameRejection.allReasons {
            let counter = Counter(label: "racimo_frames_rejected_total", dimensions: [("reason", reason)])
            counter.increment(by: 0)
            rejected[reason] = counter
        }
        self.rejected = rejected
        self.accepted = Counter(label: "racimo_frames_accepted_total")
        self.sentCounter = Counter(label: "racimo_frames_sent_total")
        accepted.increment(by: 0)
        sentCounter.increment(by: 0)
    }

    public func rejected(_ rejection: FrameRejection) { rejected[rejection.reason]?.increment() }
    public func accepted(_ frame: Frame) { accepted.increment() }
    public func sent() { sentCounter.increment() }
}
