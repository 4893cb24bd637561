/// IPVS `sh` (`net/netfilter/ipvs/ip_vs_sh.c`, ipvsadm(8) "sh"): a 256-bucket table filled with
/// each destination `weight` times in list order; the client's address picks the bucket. A
/// bucket whose server is quiesced or overloaded gives no server (no fallback).
public struct IPVSSourceHashing: Scheduler {
    public var servers: [Server]
    var table: IPVSHashTable

    public init(servers: [Server]) {
        self.servers = servers
        table = IPVSHashTable(servers: servers, fillByWeight: true)
    }

    public mutating func serversChanged() { table = IPVSHashTable(servers: servers, fillByWeight: true) }

    public mutating func pick(for request: RequestContext) -> ServerID? {
        table.pick(request.client, in: servers)
    }
}
