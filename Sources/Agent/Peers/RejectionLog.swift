import Logging
import RacimoCore
import Synchronization

/// Logs rejected frames at most once per second per reason, with how many went unlogged, so a
/// flood of junk on the frame port cannot flood the log too. The counters still count each one.
final class RejectionLog: Sendable {
    private struct Window {
        var last: Instant?
        var suppressed = 0
    }

    private let windows = Mutex<[String: Window]>([:])
    private let logger: Logger
    private let interval: Duration

    init(logger: Logger, interval: Duration = .seconds(1)) {
        self.logger = logger
        self.interval = interval
    }

    func record(_ rejection: FrameRejection, from address: String, now: Instant) {
        let suppressed: Int? = windows.withLock { windows in
            var window = windows[rejection.reason] ?? Window()
            defer { windows[rejection.reason] = window }
            if let last = window.last, now - last < interval {
                window.suppressed += 1
                return nil
            }
            let count = window.suppressed
            window.last = now
            window.suppressed = 0
            return count
        }
        guard let suppressed else { return }
        var metadata: Logger.Metadata = ["reason": "\(rejection.reason)", "from": "\(address)", "detail": "\(rejection)"]
        if suppressed > 0 { metadata["unlogged_since_last"] = "\(suppressed)" }
        logger.warning("frame rejected", metadata: metadata)
    }
}
