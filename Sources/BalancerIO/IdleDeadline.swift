import NIOCore

/// Inactivity timing kept by a handler that already sees all of its connection's traffic
/// (the TCP relay, the HTTP handlers), so the hot path carries no extra pipeline handler:
/// the handler calls `touch()` on activity and one timer per connection looks at the time of
/// the last. Used only on its connection's event loop.
final class IdleDeadline {
    private let timeout: TimeAmount
    private var lastActivity = NIODeadline.now()
    private var timer: Scheduled<Void>?

    init(timeout: TimeAmount) { self.timeout = timeout }

    func touch() { lastActivity = .now() }

    /// Runs `expired` once the connection has seen nothing for the whole timeout.
    func start(on loop: EventLoop, _ expired: @escaping () -> Void) {
        schedule(on: loop, in: timeout, expired)
    }

    func stop() {
        timer?.cancel()
        timer = nil
    }

    private func schedule(on loop: EventLoop, in delay: TimeAmount, _ expired: @escaping () -> Void) {
        let bound = NIOLoopBound((self, expired), eventLoop: loop)
        timer = loop.scheduleTask(in: delay) {
            let (deadline, expired) = bound.value
            let idle = NIODeadline.now() - deadline.lastActivity
            if idle >= deadline.timeout {
                deadline.timer = nil
                expired()
            } else {
                deadline.schedule(on: loop, in: deadline.timeout - idle, expired)
            }
        }
    }
}
