import RacimoCore

extension Advertisement {
    /// The VRRP message, checksum included, as keepalived builds it: no padding, v2's 8 bytes
    /// of Authentication Data after the addresses, v3's reserved bits zero. For IPv6 the
    /// checksum is written too, although a sender that sets IPV6_CHECKSUM (as keepalived does)
    /// has the kernel overwrite it with the same value.
    ///
    /// The interval is rounded as keepalived rounds a configured `advert_int`: v2 to the nearest
    /// whole second, v3 to the nearest centisecond (halves up), a positive interval that rounds
    /// to 0 to one unit; then clamped to the field, 255 s or 40.95 s. At most 255 addresses are
    /// written (the count is 8 bits). `authentication` is written for v2 only: v3 has no field
    /// for it. An empty address list is written with count 0, which receivers refuse
    /// (`noAddresses`).
    ///
    /// - Precondition: `addresses` and every virtual address are of one family, and v2 is not
    ///   used over IPv6; a virtual router's configuration is checked for these when it is loaded.
    public func encode(addresses: PacketAddresses, checksum: ChecksumRule = .pseudoHeader) -> [UInt8] {
        let family = addresses.source.family
        precondition(addresses.destination.family == family, "VRRP packet source and destination of different families")
        precondition(version == .v3 || family == .v4, "VRRPv2 is IPv4 only")
        precondition(self.addresses.allSatisfy { $0.family == family }, "a virtual address of the other family")

        let written = self.addresses.prefix(Self.maxAddresses)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Self.messageLength(version: version, family: family, count: written.count))
        bytes.append(version.rawValue << 4 | Self.typeAdvertisement)
        bytes.append(virtualRouterID)
        bytes.append(priority)
        bytes.append(UInt8(written.count))
        switch version {
        case .v2:
            bytes.append(authentication.wireType)
            bytes.append(UInt8(Self.wireUnits(of: interval, per: 1, limit: 255)))
        case .v3:
            let centiseconds = UInt16(Self.wireUnits(of: interval, per: 100, limit: Self.maxV3Centiseconds))
            bytes.append(UInt8(centiseconds >> 8))
            bytes.append(UInt8(truncatingIfNeeded: centiseconds))
        }
        bytes.append(contentsOf: [0, 0])  // the checksum, summed as zero
        for address in written { bytes.append(contentsOf: address.bytes) }
        if version == .v2 { bytes.append(contentsOf: authentication.wireData) }

        let sum = Self.checksumSum(of: bytes[...], version: version, addresses: addresses, rule: checksum).value
        bytes[6] = UInt8(sum >> 8)
        bytes[7] = UInt8(truncatingIfNeeded: sum)
        return bytes
    }

    /// `interval` in units of 1/`unitsPerSecond` s, rounded half up, at least 1 when positive
    /// (keepalived: "must be an integer. rounding", then 0 becomes 1), at most `limit`.
    static func wireUnits(of interval: Duration, per unitsPerSecond: Int64, limit: Int) -> Int {
        let (seconds, attoseconds) = interval.components
        guard seconds >= 0, seconds > 0 || attoseconds > 0 else { return 0 }
        // Anything this long is past every limit; checking first keeps the product in range.
        guard seconds < Int64(limit) + 1 else { return limit }
        let attosecondsPerUnit = 1_000_000_000_000_000_000 / unitsPerSecond
        let rounded = seconds * unitsPerSecond + (attoseconds + attosecondsPerUnit / 2) / attosecondsPerUnit
        return Int(min(max(rounded, 1), Int64(limit)))
    }
}
