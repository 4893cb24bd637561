import RacimoCore

/// The source and destination of the IP packet that carries an advertisement. VRRPv3's checksum
/// covers them (the pseudo-header), and their family decides the size of each virtual address.
public struct PacketAddresses: Sendable, Hashable {
    /// The sender's primary address on the link: IPv4, or the IPv6 link-local address.
    public var source: IPAddress
    /// 224.0.0.18 or ff02::12, or a unicast peer (keepalived's `unicast_peer`).
    public var destination: IPAddress

    public init(source: IPAddress, destination: IPAddress) {
        self.source = source
        self.destination = destination
    }
}
