import RacimoCore

/// IPVS `lblc` (`net/netfilter/ipvs/ip_vs_lblc.c`, ipvsadm(8) "lblc"): each destination address
/// keeps the server it was last given; it is given again while that server has weight > 0 and
/// is not overloaded (more active connections than its weight while another server is under half
/// of its own). Otherwise `wlc` picks a new one and the entry points to it.
///
/// Not modelled: the garbage collection of entries idle for `lblc_expiration` (24 h).
public struct IPVSLocalityBasedLeastConnection: Scheduler {
    public var servers: [Server]
    /// Destination address → server.
    public private(set) var entries: [IPAddress: ServerID] = [:]

    public init(servers: [Server]) { self.servers = servers }

    public mutating func pick(for request: RequestContext) -> ServerID? {
        guard let destination = request.localityKey else { return nil }
        if let cached = entries[destination], let server = server(cached),
           server.effectiveWeight > 0, !IPVSLocality.isOverloaded(server, among: servers) {
            return cached
        }
        guard let chosen = ipvsLeastWeighted(servers, overhead: \.ipvsOverhead) else { return nil }
        entries[destination] = chosen
        return chosen
    }
}
