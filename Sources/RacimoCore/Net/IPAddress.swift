/// An IPv4 or IPv6 address as its network-order bytes.
///
/// Pure (no Glibc), so wire codecs can carry addresses and print them without a socket layer.
///
/// Text in, in the manner of `inet_pton`: IPv4 is a strict dotted quad, four decimal parts 0…255
/// without leading zeros (`010.0.0.1` is refused, as glibc refuses it), so every IPv4 text that
/// parses prints back unchanged. IPv6 accepts every form of RFC 4291 §2.2: upper or lower case,
/// leading zeros, one `::`, and a dotted quad in the last 32 bits. Zone indices (`fe80::1%eth0`)
/// are not part of an address and are refused.
///
/// Text out: RFC 5952 §4 for IPv6 (lower case, no leading zeros, the longest run of two or more
/// zero groups as `::`, the first run on a tie) with the mixed notation of §5 for IPv4-mapped
/// addresses only (`::ffff:192.0.2.1`).
public struct IPAddress: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Which of the two address families an address belongs to.
    public enum Family: Hashable, Sendable, CustomStringConvertible {
        case v4, v6

        /// "IPv4" or "IPv6", as messages name them.
        public var description: String { self == .v4 ? "IPv4" : "IPv6" }

        /// Bytes of one address of this family.
        public var byteCount: Int { self == .v4 ? 4 : 16 }

        /// Bits of one address: the longest prefix length.
        public var bitCount: Int { byteCount * 8 }
    }

    /// 4 bytes (IPv4) or 16 bytes (IPv6), most significant first.
    public let bytes: [UInt8]

    /// The address with these bytes, or nil unless there are exactly 4 or 16.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 4 || bytes.count == 16 else { return nil }
        self.bytes = bytes
    }

    /// The address written as `text`, or nil when it is not an IPv4 or IPv6 literal.
    public init?(parsing text: String) {
        let text = Array(text.utf8)
        guard let bytes = Self.ipv4Bytes(text[...]) ?? Self.ipv6Bytes(text) else { return nil }
        self.bytes = bytes
    }

    public var family: Family { bytes.count == 4 ? .v4 : .v6 }

    /// 224.0.0.0/4 or ff00::/8: VRRP's groups (224.0.0.18, ff02::12) and nothing a router sends from.
    public var isMulticast: Bool {
        family == .v4 ? bytes[0] & 0xF0 == 0xE0 : bytes[0] == 0xFF
    }

    /// fe80::/10, where an IPv6 VRRP router's own source address must be (RFC 5798 §5.1.2.1).
    public var isLinkLocal: Bool { family == .v6 && bytes[0] == 0xFE && bytes[1] & 0xC0 == 0x80 }

    /// The IPv4 address inside an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`, RFC 4291
    /// §2.5.5.2), as an IPv6 socket reports an IPv4 peer; nil for any other address.
    public var unmappedIPv4: IPAddress? {
        guard bytes.count == 16, bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF else { return nil }
        return IPAddress(bytes: Array(bytes[12...]))
    }

    /// An IPv4 address from its 32-bit value (most significant byte first on the wire).
    public init(ipv4 value: UInt32) {
        self.bytes = [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    /// An IPv4 address's 32-bit value, for mask arithmetic; nil for IPv6.
    public var ipv4Value: UInt32? {
        guard family == .v4 else { return nil }
        return bytes.reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// Dotted quad, or the RFC 5952 canonical text.
    public var description: String {
        family == .v4 ? Self.ipv4Text(bytes[...]) : ipv6Text()
    }

    /// Unsigned comparison of the bytes in network order, the order in which VRRP's "higher
    /// primary address wins" ties are broken. Every IPv4 address sorts before every IPv6 one,
    /// which VRRP never compares (a virtual router is of one family).
    public static func < (a: IPAddress, b: IPAddress) -> Bool {
        guard a.bytes.count == b.bytes.count else { return a.bytes.count < b.bytes.count }
        return a.bytes.lexicographicallyPrecedes(b.bytes)
    }
}

// MARK: - Text

extension IPAddress {
    private static let colon = UInt8(ascii: ":")
    private static let dot = UInt8(ascii: ".")

    /// The 4 bytes of a strict dotted quad, or nil.
    private static func ipv4Bytes(_ text: ArraySlice<UInt8>) -> [UInt8]? {
        guard (7...15).contains(text.count) else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(4)
        var value = 0
        var digits = 0
        for character in text {
            if character == dot {
                guard digits > 0, bytes.count < 3 else { return nil }
                bytes.append(UInt8(value))
                value = 0
                digits = 0
            } else if let digit = decimalValue(character) {
                // "0" is a part, "01" is not: a leading zero reads as octal to some parsers.
                guard !(digits == 1 && value == 0) else { return nil }
                value = value * 10 + digit
                digits += 1
                guard value <= 255 else { return nil }
            } else {
                return nil
            }
        }
        guard digits > 0, bytes.count == 3 else { return nil }
        bytes.append(UInt8(value))
        return bytes
    }

    /// The 16 bytes of an IPv6 literal, or nil.
    private static func ipv6Bytes(_ text: [UInt8]) -> [UInt8]? {
        // The longest literal is "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255", 45 bytes.
        guard (2...45).contains(text.count) else { return nil }
        var gap: Int?
        for index in 0..<text.count - 1 where text[index] == colon && text[index + 1] == colon {
            // A second "::", or ":::" (which matches twice), is ambiguous.
            guard gap == nil else { return nil }
            gap = index
        }
        var groups: [UInt16]
        if let gap {
            guard let head = groupList(text[..<gap], mayEndInQuad: false),
                  let tail = groupList(text[(gap + 2)...], mayEndInQuad: true),
                  head.count + tail.count <= 7  // "::" stands for at least one zero group
            else { return nil }
            groups = head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        } else {
            guard let all = groupList(text[...], mayEndInQuad: true), all.count == 8 else { return nil }
            groups = all
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16)
        for group in groups {
            bytes.append(UInt8(truncatingIfNeeded: group >> 8))
            bytes.append(UInt8(truncatingIfNeeded: group))
        }
        return bytes
    }

    /// Colon-separated groups of 1…4 hex digits (none for an empty slice beside "::"); the last
    /// one may be a dotted quad, which counts as two groups.
    private static func groupList(_ text: ArraySlice<UInt8>, mayEndInQuad: Bool) -> [UInt16]? {
        guard !text.isEmpty else { return [] }
        var groups: [UInt16] = []
        var start = text.startIndex
        while true {
            let end = text[start...].firstIndex(of: colon) ?? text.endIndex
            let part = text[start..<end]
            if end == text.endIndex, mayEndInQuad, part.contains(dot) {
                guard let quad = ipv4Bytes(part) else { return nil }
                groups.append(UInt16(quad[0]) << 8 | UInt16(quad[1]))
                groups.append(UInt16(quad[2]) << 8 | UInt16(quad[3]))
            } else {
                // Empty parts are a stray single colon at either end or doubled inside.
                guard (1...4).contains(part.count), groups.count < 8 else { return nil }
                var value: UInt16 = 0
                for character in part {
                    guard let digit = hexValue(character) else { return nil }
                    value = value << 4 | UInt16(digit)
                }
                groups.append(value)
            }
            guard end < text.endIndex else { return groups }
            start = end + 1
        }
    }

    private static func ipv4Text(_ bytes: ArraySlice<UInt8>) -> String {
        let at = bytes.startIndex
        return "\(bytes[at]).\(bytes[at + 1]).\(bytes[at + 2]).\(bytes[at + 3])"
    }

    private func ipv6Text() -> String {
        let groups = (0..<8).map { UInt16(bytes[2 * $0]) << 8 | UInt16(bytes[2 * $0 + 1]) }
        if groups[0..<5].allSatisfy({ $0 == 0 }), groups[5] == 0xFFFF {
            return "::ffff:" + Self.ipv4Text(bytes[12...])
        }
        // The longest run of at least two zero groups; the first on a tie (RFC 5952 §4.2.3).
        var best = 0..<0
        var runStart: Int?
        for index in 0...8 {
            if index < 8, groups[index] == 0 {
                if runStart == nil { runStart = index }
            } else if let start = runStart {
                if index - start >= 2, index - start > best.count { best = start..<index }
                runStart = nil
            }
        }
        func hex(_ range: Range<Int>) -> String {
            groups[range].map { String($0, radix: 16) }.joined(separator: ":")
        }
        guard !best.isEmpty else { return hex(0..<8) }
        return hex(0..<best.lowerBound) + "::" + hex(best.upperBound..<8)
    }

    private static func decimalValue(_ character: UInt8) -> Int? {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(character) ? Int(character - UInt8(ascii: "0")) : nil
    }

    private static func hexValue(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
