import RacimoCore

extension Advertisement {
    /// Parses a whole IPv4 packet as an IPv4 raw socket for protocol 112 delivers it, IP header
    /// included, and then the advertisement in it with the packet's TTL and addresses (see
    /// `decode(_:addresses:ttl:checksum:)` for the VRRP checks).
    ///
    /// The IPv4 header must be one: version 4, header length 20…60 bytes (options are skipped),
    /// a total length that covers the header and equals the bytes given (a raw socket delivers
    /// exactly that; keepalived refuses any other length), not a fragment, a header checksum
    /// that verifies, and protocol 112. An advert authenticated by IPsec AH (protocol 51) is
    /// `notVRRP`.
    ///
    /// `checkTTL: false` is for unicast peers, whose adverts may cross a router: keepalived
    /// skips the TTL check for them (`vrrp.c`, `vrrp_check_packet`).
    public static func decodeIPv4Packet(
        _ bytes: [UInt8], checksum: ChecksumRule = .pseudoHeader, checkTTL: Bool = true
    ) throws(AdvertisementError) -> (Advertisement, PacketAddresses) {
        guard bytes.count >= ipv4HeaderLength else { throw .truncated }
        guard bytes[0] >> 4 == 4 else { throw .badIPHeader }
        let headerLength = Int(bytes[0] & 0x0F) * 4
        guard headerLength >= ipv4HeaderLength else { throw .badIPHeader }
        guard bytes.count >= headerLength else { throw .truncated }
        let totalLength = Int(bytes[2]) << 8 | Int(bytes[3])
        guard totalLength >= headerLength else { throw .badIPHeader }
        guard totalLength <= bytes.count else { throw .truncated }
        guard totalLength == bytes.count else { throw .lengthMismatch }
        // More-fragments set or an offset: not a whole packet (a raw socket gets reassembled ones).
        guard bytes[6] & 0x3F == 0, bytes[7] == 0 else { throw .badIPHeader }
        var headerSum = InternetChecksum()
        headerSum.add(bytes[..<headerLength])
        guard headerSum.verifies else { throw .badIPHeader }
        guard bytes[9] == ipProtocol else { throw .notVRRP }

        let addresses = PacketAddresses(
            source: IPAddress(bytes: Array(bytes[12..<16]))!, destination: IPAddress(bytes: Array(bytes[16..<20]))!)
        let advertisement = try decode(
            bytes[headerLength..<totalLength], addresses: addresses, ttl: checkTTL ? bytes[8] : 255, checksum: checksum)
        return (advertisement, addresses)
    }

    /// Bytes of an IPv4 header without options.
    static let ipv4HeaderLength = 20
}
