import RacimoCore

/// The 256-bucket table `sh` and `dh` share (`ip_vs_sh.c`, `ip_vs_dh.c`: `*_TAB_BITS` 8).
struct IPVSHashTable: Hashable, Sendable {
    static let size = 256

    /// Index into `servers` for each bucket; empty when no server is listed.
    var buckets: [Int] = []

    /// `ip_vs_sh_hashkey` / `ip_vs_dh_hashkey`: Knuth's multiplicative hash of the address as a
    /// host-order 32-bit number (IPv6 folded by XOR of its four words), low 8 bits.
    static func bucket(of address: IPAddress) -> Int {
        var folded: UInt32 = 0
        var word: UInt32 = 0
        for (i, byte) in address.bytes.enumerated() {
            word = word << 8 | UInt32(byte)
            if i % 4 == 3 { folded ^= word; word = 0 }
        }
        return Int((UInt64(folded) &* 2654435761) & UInt64(size - 1))
    }

    /// `ip_vs_sh_reassign` (`fillByWeight`: each destination takes `weight` consecutive buckets,
    /// at least one) or `ip_vs_dh_reassign` (one bucket each), cycling through the listed
    /// destinations. A drained server keeps its buckets (weight 0 takes one), a removed one
    /// shifts every later assignment: IPVS rebuilds the whole table on any change.
    init(servers: [Server], fillByWeight: Bool) {
        let listed = servers.indices.filter { servers[$0].isListed }
        guard !listed.isEmpty else { return }
        var p = 0, filled = 0
        for _ in 0..<Self.size {
            let i = listed[p]
            buckets.append(i)
            filled += 1
            let weight = servers[i].state == .drain ? 0 : servers[i].weight
            if !fillByWeight || filled >= weight {
                p = (p + 1) % listed.count
                filled = 0
            }
        }
    }

    /// The bucket's server if it can take the connection (weight > 0, UP), else nil: IPVS
    /// does not fall back to another server.
    func pick(_ address: IPAddress, in servers: [Server]) -> ServerID? {
        guard !buckets.isEmpty else { return nil }
        let server = servers[buckets[Self.bucket(of: address)]]
        return server.effectiveWeight > 0 ? server.id : nil
    }
}
