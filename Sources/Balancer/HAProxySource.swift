import RacimoCore

/// HAProxy `balance source` with the default `hash-type map-based` (configuration.txt "balance";
/// `get_server_sh` in `src/backend.c`): the XOR of the client address's 32-bit big-endian words
/// (one word for IPv4), modulo the total weight, indexes the server map. Static: any change in
/// the running servers moves clients. With one usable server there is nothing to hash.
public struct HAProxySource: Scheduler {
    public var servers: [Server]
    var map: HAProxyServerMap

    public init(servers: [Server]) {
        self.servers = servers
        map = HAProxyServerMap(candidates: [], weights: [])
        serversChanged()
    }

    public mutating func serversChanged() {
        map = HAProxyServerMap(candidates: haproxyCandidates, weights: servers.map(\.effectiveWeight))
    }

    /// The hash `get_server_sh` computes for `address`.
    public static func hash(_ address: IPAddress) -> UInt32 {
        var h: UInt32 = 0, word: UInt32 = 0
        for (i, byte) in address.bytes.enumerated() {
            word = word << 8 | UInt32(byte)
            if i % 4 == 3 { h ^= word; word = 0 }
        }
        return h
    }

    public mutating func pick(for request: RequestContext) -> ServerID? {
        guard !map.slots.isEmpty else { return nil }
        let slot = Int(Self.hash(request.client) % UInt32(map.slots.count))
        return servers[map.slots[slot]].id
    }
}
