/// What `ip_vs_lblc.c` and `ip_vs_lblcr.c` share.
enum IPVSLocality {
    /// `is_overloaded` in both files: more active connections than its weight, while some
    /// listed server is below half of its own.
    static func isOverloaded(_ server: Server, among servers: [Server]) -> Bool {
        guard server.activeConnections > server.effectiveWeight else { return false }
        return servers.contains { $0.isListed && $0.activeConnections * 2 < $0.effectiveWeight }
    }
}
