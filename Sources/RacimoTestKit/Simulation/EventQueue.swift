import RacimoCore

/// A priority queue of timed events for discrete-event simulation: earliest first, and events
/// at the same instant in the order they were scheduled, so a run is a function of its seed.
public struct EventQueue<Event> {
    private struct Entry {
        var time: Instant
        var order: UInt64
        var event: Event

        func precedes(_ other: Entry) -> Bool {
            time != other.time ? time < other.time : order < other.order
        }
    }

    private var heap: [Entry] = []
    private var counter: UInt64 = 0

    public init() {}

    public var count: Int { heap.count }
    public var isEmpty: Bool { heap.isEmpty }

    public mutating func schedule(_ event: Event, at time: Instant) {
        counter += 1
        heap.append(Entry(time: time, order: counter, event: event))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].precedes(heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    /// The earliest event, removed, with its time.
    public mutating func next() -> (time: Instant, event: Event)? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let entry = heap.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var first = parent
            if left < heap.count, heap[left].precedes(heap[first]) { first = left }
            if right < heap.count, heap[right].precedes(heap[first]) { first = right }
            if first == parent { break }
            heap.swapAt(parent, first)
            parent = first
        }
        return (entry.time, entry.event)
    }

    /// When the earliest event is due.
    public var nextTime: Instant? { heap.first?.time }
}
