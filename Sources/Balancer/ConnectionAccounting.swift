import RacimoCore

/// IPVS's ActiveConn/InActConn view (`ipvsadm -L`, ipvsadm(8) "ActiveConn", "InActConn"): a
/// connection is active while established; once closed it stays counted as inactive for the
/// TCP TIME_WAIT timeout (IPVS `tcp_timeouts[IP_VS_TCP_S_TIME_WAIT]`, 2 min), then leaves the
/// table. The driver passes `now` in; nothing here reads a clock.
public struct ConnectionAccounting: Hashable, Sendable {
    /// IPVS's TIME_WAIT timeout.
    public static let defaultInactiveLifetime = Duration.seconds(120)

    public let inactiveLifetime: Duration
    public private(set) var active: [ServerID: Int] = [:]
    /// Per server, when each closed connection leaves the table, earliest first. Closing times
    /// only grow and the lifetime is fixed, so each list stays sorted: a queue with a moving
    /// head, O(1) per connection however many thousands close each second.
    private var closedUntil: [ServerID: DeadlineQueue] = [:]

    public init(inactiveLifetime: Duration = defaultInactiveLifetime) {
        self.inactiveLifetime = inactiveLifetime
    }

    public mutating func opened(_ server: ServerID) { active[server, default: 0] += 1 }

    /// An established connection closed at `now`: active to inactive.
    public mutating func closed(_ server: ServerID, now: Instant) {
        guard let count = active[server], count > 0 else { return }
        active[server] = count - 1
        closedUntil[server, default: DeadlineQueue()].append(now + inactiveLifetime)
    }

    /// An exchange that never enters TIME_WAIT ended (an HTTP request on a kept-alive
    /// connection): no longer active, and not counted as inactive either.
    public mutating func finished(_ server: ServerID) {
        guard let count = active[server], count > 0 else { return }
        active[server] = count - 1
    }

    public func activeConnections(_ server: ServerID) -> Int { active[server] ?? 0 }

    /// Closed connections still in the table at `now`.
    public func inactiveConnections(_ server: ServerID, now: Instant) -> Int {
        closedUntil[server]?.count(after: now) ?? 0
    }

    /// Removes closed connections whose TIME_WAIT ended; returns one server id per
    /// connection removed, in server order, so the driver can call the scheduler's
    /// `connectionExpired` for each.
    @discardableResult
    public mutating func expire(now: Instant) -> [ServerID] {
        var removed: [ServerID] = []
        for server in closedUntil.keys.sorted() {
            let gone = closedUntil[server]!.removeThrough(now)
            if closedUntil[server]!.isEmpty { closedUntil[server] = nil }
            removed += Array(repeating: server, count: gone)
        }
        return removed
    }

    /// When the next closed connection leaves the table.
    public var nextExpiry: TimerRequest<String>? {
        closedUntil.values.compactMap(\.first).min().map { TimerRequest("inactive-connections", at: $0) }
    }
}

/// Sorted deadlines, removed from the front.
struct DeadlineQueue: Hashable, Sendable {
    private var deadlines: [Instant] = []
    private var head = 0

    var isEmpty: Bool { head == deadlines.count }
    var first: Instant? { isEmpty ? nil : deadlines[head] }

    mutating func append(_ deadline: Instant) { deadlines.append(deadline) }

    /// How many deadlines are later than `now` (binary search: the list is sorted).
    func count(after now: Instant) -> Int {
        var low = head, high = deadlines.count
        while low < high {
            let mid = (low + high) / 2
            if deadlines[mid] > now { high = mid } else { low = mid + 1 }
        }
        return deadlines.count - low
    }

    /// Drops the deadlines at or before `now`; returns how many.
    mutating func removeThrough(_ now: Instant) -> Int {
        let start = head
        while head < deadlines.count && deadlines[head] <= now { head += 1 }
        let removed = head - start
        // Compact once the dead part is most of the storage.
        if head == deadlines.count {
            deadlines.removeAll(keepingCapacity: true)
            head = 0
        } else if head > 1024 && head * 2 > deadlines.count {
            deadlines.removeFirst(head)
            head = 0
        }
        return removed
    }
}
