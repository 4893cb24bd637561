/// Why a received advertisement was dropped: one of the receive checks of RFC 3768 §7.1 and
/// RFC 5798 §7.1 that concern the packet alone (not the local virtual router's configuration).
/// Each case is one `reason` label of `racimo_vrrp_adverts_dropped_total`.
public enum AdvertisementError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Shorter than the 8-byte VRRP header, or than the IPv4 header or total length says.
    case truncated
    /// TTL / hop limit other than 255: sent from off the link, or by a misconfigured peer.
    case wrongTTL(UInt8)
    /// A version other than 2 or 3, or 2 over IPv6 (RFC 3768 is IPv4 only).
    case wrongVersion(UInt8)
    /// A packet type other than 1 (ADVERTISEMENT).
    case wrongType(UInt8)
    /// A count of 0 addresses (RFC 5798 §5.2.5: the minimum is 1). keepalived sends this for an
    /// instance without virtual addresses.
    case noAddresses
    /// The length is not what the count, the family and the version add up to (keepalived
    /// refuses "too long" as well as "too short"), or an IPv4 packet is longer than its total
    /// length.
    case lengthMismatch
    /// The checksum does not verify under the version's and the `ChecksumRule`'s rules.
    case badChecksum
    /// A v2 Auth Type other than 0, 1, 2.
    case wrongAuthType(UInt8)
    /// The packet's source and destination are of different families.
    case familyMismatch
    /// An IPv4 packet whose protocol is not 112, such as an AH-authenticated advert (51).
    case notVRRP
    /// An IPv4 header that is not one: version ≠ 4, header length < 20 or beyond the total
    /// length, a fragment, or a bad header checksum.
    case badIPHeader

    /// The metric label: `truncated`, `ttl`, `version`, `type`, `no_addresses`, `length`,
    /// `checksum`, `auth_type`, `family`, `not_vrrp`, `ip_header`.
    public var reason: String {
        switch self {
        case .truncated: "truncated"
        case .wrongTTL: "ttl"
        case .wrongVersion: "version"
        case .wrongType: "type"
        case .noAddresses: "no_addresses"
        case .lengthMismatch: "length"
        case .badChecksum: "checksum"
        case .wrongAuthType: "auth_type"
        case .familyMismatch: "family"
        case .notVRRP: "not_vrrp"
        case .badIPHeader: "ip_header"
        }
    }

    /// Every `reason`, so the counter can be exported at 0 before the first drop.
    public static let allReasons = [
        "truncated", "ttl", "version", "type", "no_addresses", "length", "checksum", "auth_type",
        "family", "not_vrrp", "ip_header",
    ]

    public var description: String {
        switch self {
        case .truncated: "advertisement truncated"
        case .wrongTTL(let ttl): "advertisement TTL/hop limit \(ttl), expected 255"
        case .wrongVersion(let version): "VRRP version \(version) not accepted"
        case .wrongType(let type): "VRRP packet type \(type), expected 1"
        case .noAddresses: "advertisement with no virtual addresses"
        case .lengthMismatch: "advertisement length does not match its address count"
        case .badChecksum: "advertisement checksum does not verify"
        case .wrongAuthType(let type): "VRRPv2 auth type \(type) unknown"
        case .familyMismatch: "packet source and destination of different address families"
        case .notVRRP: "IPv4 packet is not VRRP (protocol 112)"
        case .badIPHeader: "malformed IPv4 header"
        }
    }
}
