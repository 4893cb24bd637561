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
    /// Per server, when each closed connection leaves the table, earliest first.
    public private(set) var closedUntil: [ServerID: [Instant]] = [:]

    public init(inactiveLifetime: Duration = defaultInactiveLifetime) {
        self.inactiveLifetime = inactiveLifetime
    }

    public mutating func opened(_ server: ServerID) { active[server, default: 0] += 1 }

    /// An established connection closed at `now`: active to inactive.
    public mutating func closed(_ server: ServerID, now: Instant) {
        guard let count = active[server], count > 0 else { return }
        active[server] = count - 1
        closedUntil[server, default: []].append(now + inactiveLifetime)
    }

    public func activeConnections(_ server: ServerID) -> Int { active[server] ?? 0 }

    /// Closed connections still in the table at `now`.
    public func inactiveConnections(_ server: ServerID, now: Instant) -> Int {
        closedUntil[server, default: []].filter { $0 > now }.count
    }

    /// Removes closed connections whose TIME_WAIT ended; returns one server id per
    /// connection removed, in server order, so the driver can call the scheduler's
    /// `connectionExpired` for each.
    @discardableResult
    public mutating func expire(now: Instant) -> [ServerID] {
        var removed: [ServerID] = []
        for server in closedUntil.keys.sorted() {
            let (gone, kept) = closedUntil[server]!.reduce(into: (0, [Instant]())) { acc, t in
                if t <= now { acc.0 += 1 } else { acc.1.append(t) }
            }
            closedUntil[server] = kept.isEmpty ? nil : kept
            removed += Array(repeating: server, count: gone)
        }
        return removed
    }

    /// When the next closed connection leaves the table.
    public var nextExpiry: TimerRequest<String>? {
        closedUntil.values.flatMap { $0 }.min().map { TimerRequest("inactive-connections", at: $0) }
    }
}
