/// IPVS `dh` (`net/netfilter/ipvs/ip_vs_dh.c`, ipvsadm(8) "dh"): the same 256-bucket table as
/// `sh`, one bucket per destination in turn (weights only gate availability), keyed on the
/// destination address, for cache clusters.
public struct IPVSDestinationHashing: Scheduler {
    public var servers: [Server]
    var table: IPVSHashTable

    public init(servers: [Server]) {
        self.servers = servers
        table = IPVSHashTable(servers: servers, fillByWeight: false)
    }

    public mutating func serversChanged() { table = IPVSHashTable(servers: servers, fillByWeight: false) }

    public mutating func pick(for request: RequestContext) -> ServerID? {
        guard let destination = request.localityKey else { return nil }
        return table.pick(destination, in: servers)
    }
}
