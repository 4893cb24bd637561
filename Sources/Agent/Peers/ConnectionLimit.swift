import Synchronization

/// Counts open connections against a maximum.
final class ConnectionLimit: Sendable {
    private let open = Mutex(0)
    let maximum: Int

    init(maximum: Int) { self.maximum = maximum }

    /// Takes a slot; false when all are taken.
    func acquire() -> Bool {
        open.withLock { count in
            guard count < maximum else { return false }
            count += 1
            return true
        }
    }

    func release() { open.withLock { $0 -= 1 } }
}
