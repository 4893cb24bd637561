import RacimoCore

extension Advertisement {
    /// Parses and checks the VRRP message alone: what an IPv6 raw socket delivers, with the hop
    /// limit (IPV6_RECVHOPLIMIT) and the addresses passed separately. IPv4 callers normally use
    /// `decodeIPv4Packet(_:checksum:)`.
    ///
    /// Checks, in this order: source and destination of one family, `ttl` 255, version 2 or 3
    /// (2 only over IPv4), type 1, at least one address, a length that is exactly what the count
    /// adds up to, the checksum (see `ChecksumRule`), and for v2 an Auth Type of 0, 1 or 2. It
    /// does not check anything that depends on the local virtual router (VRID, interval,
    /// password, address list): that is the caller's, after decoding.
    ///
    /// keepalived skips the TTL check for unicast peers; a caller that wants the same passes 255.
    /// The v3 reserved bits are ignored, as RFC 5798 §5.2.5 says.
    public static func decode(
        _ bytes: ArraySlice<UInt8>, addresses: PacketAddresses, ttl: UInt8, checksum: ChecksumRule = .pseudoHeader
    ) throws(AdvertisementError) -> Advertisement {
        let family = addresses.source.family
        guard addresses.destination.family == family else { throw .familyMismatch }
        guard ttl == requiredTTL else { throw .wrongTTL(ttl) }
        guard bytes.count >= headerLength else { throw .truncated }
        let start = bytes.startIndex
        let versionNumber = bytes[start] >> 4
        guard let version = VRRPVersion(rawValue: versionNumber), version == .v3 || family == .v4 else {
            throw .wrongVersion(versionNumber)
        }
        let type = bytes[start] & 0x0F
        guard type == typeAdvertisement else { throw .wrongType(type) }
        let count = Int(bytes[start + 3])
        guard count > 0 else { throw .noAddresses }
        guard bytes.count == messageLength(version: version, family: family, count: count) else {
            throw .lengthMismatch
        }
        guard checksumSum(of: bytes, version: version, addresses: addresses, rule: checksum).verifies else {
            throw .badChecksum
        }

        let addressesStart = start + headerLength
        let addressesEnd = addressesStart + count * family.byteCount
        let interval: Duration
        let authentication: VRRPAuthentication
        switch version {
        case .v2:
            let authType = bytes[start + 4]
            guard let auth = VRRPAuthentication(wireType: authType, data: bytes[addressesEnd...]) else {
                throw .wrongAuthType(authType)
            }
            authentication = auth
            interval = .seconds(Int(bytes[start + 5]))
        case .v3:
            authentication = .none
            let centiseconds = (Int(bytes[start + 4]) << 8 | Int(bytes[start + 5])) & maxV3Centiseconds
            interval = .milliseconds(centiseconds * 10)
        }

        var virtualAddresses: [IPAddress] = []
        virtualAddresses.reserveCapacity(count)
        var at = addressesStart
        while at < addressesEnd {
            // Always 4 or 16 bytes, so never nil.
            virtualAddresses.append(IPAddress(bytes: Array(bytes[at..<at + family.byteCount]))!)
            at += family.byteCount
        }
        return Advertisement(
            version: version, virtualRouterID: bytes[start + 1], priority: bytes[start + 2],
            interval: interval, addresses: virtualAddresses, authentication: authentication)
    }

    /// `decode(_:addresses:ttl:checksum:)` of a whole array.
    public static func decode(
        _ bytes: [UInt8], addresses: PacketAddresses, ttl: UInt8, checksum: ChecksumRule = .pseudoHeader
    ) throws(AdvertisementError) -> Advertisement {
        try decode(bytes[...], addresses: addresses, ttl: ttl, checksum: checksum)
    }
}
