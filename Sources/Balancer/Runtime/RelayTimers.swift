/// The TCP relay loop's timers: a binary min-heap of (due time, connection). Entries are never
/// cancelled: when one comes due, the loop looks at its connection's current deadline and arms
/// again if that moved on, so activity costs a store, not a heap operation (HAProxy's task
/// timers work the same way).
public struct RelayTimers {
    public struct Entry: Equatable, Sendable {
        /// Monotonic nanoseconds.
        public let due: UInt64
        public let fd: Int32
        public let serial: UInt32

        public init(due: UInt64, fd: Int32, serial: UInt32) {
            self.due = due
            self.fd = fd
            self.serial = serial
        }
    }

    private var heap: [Entry] = []

    public init() {}

    public var isEmpty: Bool { heap.isEmpty }
    public var count: Int { heap.count }

    /// Drops the entries `isStale` picks (those of closed connections, or superseded), and
    /// restores the heap order: O(n), for a loop to bound what never-cancelled entries cost.
    public mutating func removeAll(where isStale: (Entry) -> Bool) {
        heap.removeAll(where: isStale)
        var parent = heap.count / 2 - 1
        while parent >= 0 {
            siftDown(from: parent)
            parent -= 1
        }
    }

    public mutating func schedule(_ entry: Entry) {
        heap.append(entry)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].due < heap[parent].due else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    /// The earliest entry if it is due at `now`, taken off the heap.
    public mutating func popDue(now: UInt64) -> Entry? {
        guard let first = heap.first, first.due <= now else { return nil }
        let last = heap.removeLast()
        guard !heap.isEmpty else { return first }
        heap[0] = last
        siftDown(from: 0)
        return first
    }

    private mutating func siftDown(from start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < heap.count, heap[left].due < heap[smallest].due { smallest = left }
            if right < heap.count, heap[right].due < heap[smallest].due { smallest = right }
            guard smallest != parent else { break }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }

    /// How long epoll may sleep: until the earliest entry (rounded up to a millisecond, so a
    /// timer is never polled for early), or -1 with none.
    public func waitMilliseconds(now: UInt64) -> Int32 {
        guard let first = heap.first else { return -1 }
        guard first.due > now else { return 0 }
        return Int32(clamping: (first.due - now + 999_999) / 1_000_000)
    }
}
