/// How the checksum of a VRRPv3 advertisement over IPv4 is computed. (VRRPv2 never includes a
/// pseudo-header and VRRPv3 over IPv6 always includes RFC 2460's, so this only matters for v3
/// over IPv4.)
///
/// RFC 5798 §5.2.8 asks for "a pseudo-header as defined in Section 8.1 of [RFC2460]", which
/// only defines one for IPv6; Cisco and Juniper read that as "none for IPv4". keepalived (and
/// Wireshark) include an IPv4 pseudo-header by default; keepalived ≥ 2.2.8's
/// `v3_checksum_as_v2` leaves it out.
public enum ChecksumRule: Sendable, Hashable {
    /// keepalived's default: the sum includes {source, destination, 0, 112, VRRP length}, where
    /// destination is the packet's real one (the unicast peer when unicasting, since
    /// keepalived 1.3.6). keepalived < 1.3.6 used 224.0.0.18 there for unicast too; a receiver
    /// that must accept those retries with that destination, as keepalived does.
    case pseudoHeader
    /// keepalived's `v3_checksum_as_v2`: the VRRP message alone, as in VRRPv2. (keepalived
    /// itself, so configured, sends this but checks no v3 IPv4 checksum at all on receipt, from
    /// 2.2.8 to at least 2.4.3; this codec does check it.)
    case asVersion2
}
