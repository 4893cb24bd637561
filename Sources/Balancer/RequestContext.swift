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
}
