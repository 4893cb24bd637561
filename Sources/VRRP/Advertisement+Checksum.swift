extension Advertisement {
    /// The sum of `message` and, where the version, family and rule call for one, the
    /// pseudo-header. With the checksum field zeroed its `value` is the checksum to send; with
    /// the received field it `verifies`.
    ///
    /// v2: the message alone (RFC 3768 §5.3.8). v3 over IPv6: RFC 2460 §8.1's pseudo-header,
    /// {source, destination, 32-bit length, 3 zero bytes, next header 112}, whatever the rule;
    /// the kernel computes and checks it for keepalived (IPV6_CHECKSUM). v3 over IPv4:
    /// {source, destination, 0, 112, 16-bit length} unless `rule` is `.asVersion2`.
    static func checksumSum(
        of message: ArraySlice<UInt8>, version: VRRPVersion, addresses: PacketAddresses, rule: ChecksumRule
    ) -> InternetChecksum {
        var sum = InternetChecksum()
        if version == .v3, addresses.source.family == .v6 || rule == .pseudoHeader {
            sum.add(addresses.source.bytes)
            sum.add(addresses.destination.bytes)
            // IPv4's {zero, protocol} and IPv6's {3 zero bytes, next header} both sum as one
            // word 0x0070; IPv6's length is 32 bits, but a VRRP message's fits in the low 16.
            sum.add(UInt16(ipProtocol))
            sum.add(UInt16(truncatingIfNeeded: message.count))
        }
        sum.add(message)
        return sum
    }
}
