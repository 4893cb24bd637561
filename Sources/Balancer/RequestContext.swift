import RacimoCore

/// What a scheduler may look at for one new connection.
public struct RequestContext: Hashable, Sendable {
    /// Source address: `sh` (IPVS) and `source` (HAProxy) hash it.
    public var client: IPAddress
    /// Destination address: `dh`, `lblc`, `lblcr` key on it.
    public var destination: IPAddress?
    /// An L7 key (Host header, URI) for hash schedulers that look past the addresses.
    public var hostKey: String?
    /// When the connection arrives: `lblcr` ages its server sets on it (DESIGN.md rule 3: state
    /// machines never read a clock).
    public var now: Instant

    public init(client: IPAddress, destination: IPAddress? = nil, hostKey: String? = nil, now: Instant = .zero) {
        self.client = client
        self.destination = destination
        self.hostKey = hostKey
        self.now = now
    }

    /// What `dh`, `lblc` and `lblcr` key on. A proxy has no destination address of its own
    /// besides the virtual one, so in HTTP mode the Host header the client asked for stands in
    /// for it, folded into a 128-bit address (FNV-1a, twice) so the IPVS tables take it as
    /// they are; otherwise the destination address.
    public var localityKey: IPAddress? {
        guard let hostKey else { return destination }
        var a: UInt64 = 0xcbf2_9ce4_8422_2325, b: UInt64 = 0x8422_2325_cbf2_9ce4
        for byte in hostKey.lowercased().utf8 {
            a = (a ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            b = (b &* 0x0000_0100_0000_01B3) ^ UInt64(byte)
        }
        let bytes = (0..<8).map { UInt8(truncatingIfNeeded: a >> ($0 * 8)) } + (0..<8).map { UInt8(truncatingIfNeeded: b >> ($0 * 8)) }
        return IPAddress(bytes: bytes)
    }
}
