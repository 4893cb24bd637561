import RacimoCore

/// The PROXY protocol header a proxy sends first on a server connection, so the server sees
/// the client's address (HAProxy's `send-proxy`/`send-proxy-v2`; the specification is
/// HAProxy's `doc/proxy-protocol.txt`).
public enum ProxyProtocolHeader {
    /// Version 1, text: `PROXY TCP4 SRC DST SPORT DPORT\r\n`; `PROXY UNKNOWN\r\n` when the two
    /// addresses are of different families.
    public static func v1(source: IPAddress, sourcePort: Int, destination: IPAddress, destinationPort: Int) -> [UInt8] {
        guard source.family == destination.family else { return Array("PROXY UNKNOWN\r\n".utf8) }
        let family = source.family == .v4 ? "TCP4" : "TCP6"
        return Array("PROXY \(family) \(source) \(destination) \(sourcePort) \(destinationPort)\r\n".utf8)
    }

    /// The 12-byte signature that starts every version 2 header.
    public static let v2Signature: [UInt8] = [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A]

    /// Version 2, binary: signature, version 2 with the PROXY command (0x21), TCP over IPv4
    /// (0x11) or IPv6 (0x21), the address block's length, then source and destination
    /// addresses and ports in network order. Mixed families send the LOCAL command (0x20), which
    /// tells the server to use the connection's own addresses.
    public static func v2(source: IPAddress, sourcePort: Int, destination: IPAddress, destinationPort: Int) -> [UInt8] {
        guard source.family == destination.family else { return v2Signature + [0x20, 0x00, 0x00, 0x00] }
        let addresses = source.bytes + destination.bytes + port(sourcePort) + port(destinationPort)
        return v2Signature + [0x21, source.family == .v4 ? 0x11 : 0x21] + port(addresses.count) + addresses
    }

    private static func port(_ value: Int) -> [UInt8] { [UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value)] }
}
