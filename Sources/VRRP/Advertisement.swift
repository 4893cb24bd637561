import RacimoCore

/// One VRRP ADVERTISEMENT: what a master multicasts (or unicasts) every interval.
///
/// Layout (RFC 3768 §5.1 for v2, RFC 5798 §5.1 for v3), as keepalived builds it:
///
/// ```
/// byte 0: version (4 bits) | type 1 (4 bits)   1: VRID   2: priority   3: count of addresses
/// v2: 4: Auth Type   5: Adver Int (seconds)
/// v3: 4-5: 4 reserved bits (0) | Max Adver Int (12 bits, centiseconds)
/// 6-7: checksum
/// count × 4 (IPv4) or 16 (IPv6) bytes of virtual addresses
/// v2 only: 8 bytes of Authentication Data
/// ```
///
/// No padding follows: keepalived sends exactly this many bytes and refuses any other length.
public struct Advertisement: Hashable, Sendable {
    public var version: VRRPVersion
    /// The Virtual Router IDentifier, 1…255 in practice (the codec does not refuse 0).
    public var virtualRouterID: UInt8
    /// 255 for the address owner, 100 by default, 0 when the master is stopping.
    public var priority: UInt8
    /// v2: whole seconds on the wire; v3: centiseconds (12-bit Max Adver Int).
    public var interval: Duration
    /// The virtual addresses, all of the packet's family.
    public var addresses: [IPAddress]
    /// `.none` for v3, which has no authentication field.
    public var authentication: VRRPAuthentication

    public init(
        version: VRRPVersion, virtualRouterID: UInt8, priority: UInt8, interval: Duration,
        addresses: [IPAddress], authentication: VRRPAuthentication = .none
    ) {
        self.version = version
        self.virtualRouterID = virtualRouterID
        self.priority = priority
        self.interval = interval
        self.addresses = addresses
        self.authentication = authentication
    }

    /// The only packet type VRRP defines.
    static let typeAdvertisement: UInt8 = 1
    /// Bytes before the addresses.
    static let headerLength = 8
    /// The IP protocol number, also in the v3 pseudo-header.
    static let ipProtocol: UInt8 = 112
    /// The TTL or hop limit every advertisement is sent with and must arrive with (RFC 5798
    /// §5.1.1.3, §5.1.2.3): a packet from off the link has lost at least one.
    public static let requiredTTL: UInt8 = 255
    /// The most addresses the 8-bit count can announce.
    public static let maxAddresses = 255
    /// The largest v3 interval: 4095 centiseconds.
    public static let maxV3Centiseconds = 0x0FFF

    /// Bytes of the message for `count` addresses of `family`.
    static func messageLength(version: VRRPVersion, family: IPAddress.Family, count: Int) -> Int {
        headerLength + count * family.byteCount + (version == .v2 ? VRRPAuthentication.dataLength : 0)
    }
}
