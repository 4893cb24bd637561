import Glibc

/// Addresses as this target sees them: network-order bytes, 4 for IPv4 and 16 for IPv6, so that
/// nothing here depends on another module's address type.
public enum IPBytes {
    /// The VRRP IPv4 multicast group, 224.0.0.18 (RFC 5798 §5.1.1.2).
    public static let vrrpGroupV4: [UInt8] = [224, 0, 0, 18]
    /// The VRRP IPv6 multicast group, ff02::12 (RFC 5798 §5.1.2.2).
    public static let vrrpGroupV6: [UInt8] = [0xFF, 0x02] + [UInt8](repeating: 0, count: 13) + [0x12]
    /// The all-nodes link-local group, ff02::1, where unsolicited neighbour adverts go (RFC 4861 §7.2.6).
    public static let allNodes: [UInt8] = [0xFF, 0x02] + [UInt8](repeating: 0, count: 13) + [0x01]

    /// The address family of `bytes`: AF_INET for 4 bytes, AF_INET6 for 16, else nil.
    public static func family(of bytes: [UInt8]) -> Int32? {
        switch bytes.count {
        case 4: AF_INET
        case 16: AF_INET6
        default: nil
        }
    }

    /// Text for an address ("10.0.0.1", "fe80::1"), or a hex dump for a length that is neither.
    public static func format(_ bytes: [UInt8]) -> String {
        guard let family = family(of: bytes) else {
            return "<\(bytes.count) bytes: " + bytes.map { String($0, radix: 16) }.joined(separator: " ") + ">"
        }
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let ok = bytes.withUnsafeBytes { inet_ntop(family, $0.baseAddress, &text, socklen_t(text.count)) } != nil
        return ok ? String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : "?"
    }

    /// Bytes for an address in text, IPv4 or IPv6; nil when it is neither.
    public static func parse(_ text: String) -> [UInt8]? {
        for (family, count) in [(AF_INET, 4), (AF_INET6, 16)] {
            var bytes = [UInt8](repeating: 0, count: count)
            if bytes.withUnsafeMutableBytes({ inet_pton(family, text, $0.baseAddress) }) == 1 { return bytes }
        }
        return nil
    }

    /// True for fe80::/10.
    public static func isIPv6LinkLocal(_ bytes: [UInt8]) -> Bool {
        bytes.count == 16 && bytes[0] == 0xFE && bytes[1] & 0xC0 == 0x80
    }

    /// True for 224.0.0.0/4 and ff00::/8.
    public static func isMulticast(_ bytes: [UInt8]) -> Bool {
        (bytes.count == 4 && bytes[0] & 0xF0 == 0xE0) || (bytes.count == 16 && bytes[0] == 0xFF)
    }

    /// The number of leading one bits of a netmask (getifaddrs gives masks, netlink wants lengths).
    public static func prefixLength(ofMask mask: [UInt8]) -> Int {
        var length = 0
        for byte in mask {
            if byte == 0xFF { length += 8; continue }
            length += (~byte).leadingZeroBitCount
            break
        }
        return length
    }

    /// The family and byte count checked together, for error messages that name the address.
    static func requireFamily(_ bytes: [UInt8], _ what: String) throws(NetError) -> Int32 {
        guard let family = family(of: bytes) else {
            throw .invalidArgument("\(what) must be 4 or 16 bytes, not \(bytes.count)")
        }
        return family
    }
}
