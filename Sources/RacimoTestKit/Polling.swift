import Foundation

/// Waits for an event without a fixed sleep: evaluates `condition` until it returns `true`,
/// pausing `interval` between attempts, for at most `timeout`.
///
/// The condition is always evaluated at least once, and once more close to the deadline,
/// so a condition that becomes true just before the timeout is still seen.
///
/// ```swift
/// let up = pollUntil(timeout: .seconds(5)) { FileManager.default.fileExists(atPath: path) }
/// #expect(up)
/// ```
///
/// - Parameters:
///   - timeout: the longest time to wait, measured on the continuous clock.
///   - interval: the pause between two evaluations (shortened near the deadline).
///   - condition: the event to wait for; an error it throws ends the wait and is rethrown.
/// - Returns: `true` as soon as `condition` returned `true`, `false` if `timeout` passed first.
public func pollUntil(
    timeout: Duration,
    interval: Duration = .milliseconds(50),
    _ condition: () throws -> Bool
) rethrows -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: timeout)
    while true {
        if try condition() { return true }
        let now = clock.now
        if now >= deadline { return false }
        let pause = min(max(interval, .milliseconds(1)), deadline - now)
        Thread.sleep(forTimeInterval: pause.timeInterval)
    }
}

extension Duration {
    /// This duration in seconds, as Foundation's `TimeInterval`.
    var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
