import NIOCore

/// Inactivity timing kept by a handler that already sees all of its connection's traffic
/// (the TCP relay, the HTTP handlers), so the hot path carries no extra pipeline handler:
/// the handler calls `touch()` on activity and one timer per connection looks at the time of
/// the last. Used only on its connection's event loop.
final class IdleDeadline {
    private let timeout: TimeAmount
    /// How often the timer looks: the timeout fires between `timeout` and `timeout + step`
    /// after the last activity. HAProxy too judges its timeouts by a clock read once per
    /// poll loop, not at each event.
    private let step: TimeAmount
    /// Activity since the timer last looked: a store per event, not a clock read.
    private var touched = false
    private var quietSince = NIODeadline.now()
    private var timer: Scheduled<Void>?

    init(timeout: TimeAmount) {
        self.timeout = timeout
        step = .nanoseconds(max(timeout.nanoseconds / 8, 1_000_000))
    }

    func touch() { touched = true }

    /// Runs `expired` once the connection has seen nothing for the whole timeout.
    func start(on loop: EventLoop, _ expired: @escaping () -> Void) {
        quietSince = .now()
        schedule(on: loop, in: min(step, timeout), expired)
    }

    func stop() {
        timer?.cancel()
        timer = nil
    }

    private func schedule(on loop: EventLoop, in delay: TimeAmount, _ expired: @escaping () -> Void) {
        let bound = NIOLoopBound((self, expired), eventLoop: loop)
        timer = loop.scheduleTask(in: delay) {
            let (deadline, expired) = bound.value
            let now = NIODeadline.now()
            if deadline.touched {
                deadline.touched = false
                deadline.quietSince = now
            }
            let idle = now - deadline.quietSince
            if idle >= deadline.timeout {
                deadline.timer = nil
                expired()
            } else {
                deadline.schedule(on: loop, in: min(deadline.step, deadline.timeout - idle), expired)
            }
        }
    }
}
