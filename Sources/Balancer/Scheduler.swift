/// One load-balancing algorithm (DESIGN.md rule 6), in the spirit of HAProxy's `struct lbprm`
/// operations (`include/haproxy/backend-t.h`: `set_server_status_up/down`, `update_server_eweight`,
/// `server_take_conn`, `server_drop_conn`) and IPVS's `struct ip_vs_scheduler`
/// (`schedule`, `add_dest`/`del_dest`/`upd_dest`).
///
/// A scheduler owns its server list; events from checkers and the data path change it, and
/// `serversChanged()` is the single hook where an algorithm rebuilds derived state (IPVS calls
/// its `*_dest_changed` on every add, delete and update).
public protocol Scheduler: Sendable {
    /// The servers in configuration order: IPVS walks `svc->destinations` in this order.
    var servers: [Server] { get set }

    /// The server for a new connection, or nil when none can take it.
    mutating func pick(for request: RequestContext) -> ServerID?

    /// Rebuilds derived state after a state or weight change.
    mutating func serversChanged()

    mutating func serverUp(_ id: ServerID)
    mutating func serverDown(_ id: ServerID)
    mutating func setState(_ state: Server.State, of id: ServerID)
    mutating func weightChanged(_ id: ServerID, to weight: Int)
    mutating func connectionOpened(_ id: ServerID)
    /// An established connection closed: it moves from ActiveConn to InActConn, as IPVS
    /// counts a connection leaving ESTABLISHED (`ip_vs_set_state`).
    mutating func connectionClosed(_ id: ServerID)
    /// A closed connection left the table (its TIME_WAIT expired).
    mutating func connectionExpired(_ id: ServerID)
}

extension Scheduler {
    public mutating func serversChanged() {}

    public mutating func serverUp(_ id: ServerID) { setState(.up, of: id) }
    public mutating func serverDown(_ id: ServerID) { setState(.down, of: id) }

    public mutating func setState(_ state: Server.State, of id: ServerID) {
        guard let i = index(of: id), servers[i].state != state else { return }
        servers[i].state = state
        serversChanged()
    }

    public mutating func weightChanged(_ id: ServerID, to weight: Int) {
        guard let i = index(of: id), servers[i].weight != weight else { return }
        servers[i].weight = weight
        serversChanged()
    }

    public mutating func connectionOpened(_ id: ServerID) {
        guard let i = index(of: id) else { return }
        servers[i].activeConnections += 1
    }

    public mutating func connectionClosed(_ id: ServerID) {
        guard let i = index(of: id), servers[i].activeConnections > 0 else { return }
        servers[i].activeConnections -= 1
        servers[i].inactiveConnections += 1
    }

    public mutating func connectionExpired(_ id: ServerID) {
        guard let i = index(of: id), servers[i].inactiveConnections > 0 else { return }
        servers[i].inactiveConnections -= 1
    }

    public func index(of id: ServerID) -> Int? { servers.firstIndex { $0.id == id } }

    public func server(_ id: ServerID) -> Server? { index(of: id).map { servers[$0] } }

    /// HAProxy's rule for backups (configuration.txt "backup"): the active servers that can
    /// take traffic, or, when there is none, the backups that can.
    var haproxyCandidates: [Int] {
        let backups = haproxyUsesBackups
        return servers.indices.filter { isHAProxyCandidate($0, backups: backups) }
    }

    /// No active server can take traffic, so the backups are the candidates.
    var haproxyUsesBackups: Bool { !servers.contains { $0.effectiveWeight > 0 && !$0.isBackup } }

    /// Server `i` is among `haproxyCandidates` (`backups`: `haproxyUsesBackups`). For the
    /// per-request schedulers, which would otherwise build the candidate list every pick.
    func isHAProxyCandidate(_ i: Int, backups: Bool) -> Bool {
        servers[i].effectiveWeight > 0 && servers[i].isBackup == backups
    }
}
