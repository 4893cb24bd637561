import Balancer
import LinuxSupport
import NIOCore
import Synchronization

/// HAProxy's backend queue: connections that found every server at its `maxconn` wait here,
/// first come first served, until a connection to the pool ends or `timeout queue` passes
/// (then HTTP answers 503 and TCP closes).
final class ServerQueue: Sendable {
    private struct Waiter {
        let id: UInt64
        let loop: EventLoop
        let wake: @Sendable () -> Void
    }

    private let waiting = AdaptiveMutex<(next: UInt64, byPool: [String: [Waiter]])>((0, [:]))
    /// How many wait, read without the lock: every ended connection asks, almost always to
    /// hear "nobody".
    private let count = Atomic<Int>(0)

    /// Queues a waiter for `pool`; `wake` runs on `loop` when a slot may be free, `expired` if
    /// `deadline` passes first. Exactly one of them runs.
    func wait(pool: String, on loop: EventLoop, until deadline: NIODeadline,
              wake: @escaping @Sendable () -> Void, expired: @escaping @Sendable () -> Void) {
        // A waiter woken for nothing queues again with its first deadline, not a new one.
        guard deadline > .now() else { return loop.execute(expired) }
        let id = waiting.withLock { state -> UInt64 in
            state.next += 1
            return state.next
        }
        let timer = loop.scheduleTask(deadline: deadline) { [weak self] in
            guard let self, self.remove(pool: pool, id: id) else { return }
            expired()
        }
        let waiter = Waiter(id: id, loop: loop) {
            timer.cancel()
            wake()
        }
        waiting.withLock { $0.byPool[pool, default: []].append(waiter) }
        count.add(1, ordering: .relaxed)
    }

    /// A connection to `pool` ended: the first waiter tries again.
    func slotFreed(pool: String) {
        guard count.load(ordering: .relaxed) > 0 else { return }
        let waiter = waiting.withLock { state -> Waiter? in
            guard var list = state.byPool[pool], !list.isEmpty else { return nil }
            let first = list.removeFirst()
            state.byPool[pool] = list.isEmpty ? nil : list
            return first
        }
        guard let waiter else { return }
        count.subtract(1, ordering: .relaxed)
        waiter.loop.execute(waiter.wake)
    }


    private func remove(pool: String, id: UInt64) -> Bool {
        waiting.withLock { state in
            guard let index = state.byPool[pool]?.firstIndex(where: { $0.id == id }) else { return false }
            state.byPool[pool]!.remove(at: index)
            if state.byPool[pool]!.isEmpty { state.byPool[pool] = nil }
            count.subtract(1, ordering: .relaxed)
            return true
        }
    }
}
