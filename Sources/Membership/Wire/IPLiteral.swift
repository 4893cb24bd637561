/// Text ⇄ bytes for IP address literals, in the manner of `inet_pton`/`inet_ntop` but pure (no
/// Glibc), so the membership codec can carry an address in 4 or 16 bytes instead of its text.
///
/// IPv4 is strict dotted-quad: exactly four decimal parts 0…255 without leading zeros, so the
/// only text that parses is the text `ipv4Text` prints back and an IPv4 round trip is exact.
/// `010.0.0.1` is therefore not an IPv4 literal here (it is not one for glibc's `inet_pton`
/// either), and travels as a hostname, unchanged.
///
/// IPv6 accepts every text form of RFC 4291 §2.2 (upper or lower case, leading zeros, `::`,
/// a trailing dotted-quad) and prints the canonical form of RFC 5952 §4: lower case, no leading
/// zeros, the longest run of two or more zero groups (the first one on a tie) as `::`, and the
/// mixed notation of §5 for IPv4-mapped addresses (`::ffff:192.0.2.1`) only. A non-canonical
/// text such as `FD00:0:0:0:0:0:0:1` therefore comes back as `fd00::1`. Zone indices
/// (`fe80::1%eth0`) are not part of an address literal: such a host travels as a hostname.
enum IPLiteral {
    /// The 4 bytes of a dotted-quad IPv4 literal, or nil when `text` is not one.
    static func ipv4Bytes(_ text: String) -> [UInt8]? {
        ipv4Bytes(Array(text.utf8)[...])
    }

    /// The 16 bytes of an IPv6 literal, or nil when `text` is not one.
    static func ipv6Bytes(_ text: String) -> [UInt8]? {
        let text = Array(text.utf8)
        // The longest literal is "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255", 45 bytes.
        guard (2...45).contains(text.count) else { return nil }
        var groups: [UInt16] = []
        var gapAt: Int?  // index in `groups` where "::" stands
        var index = 0
        if text[0] == colon {
            guard text[1] == colon else { return nil }
            gapAt = 0
            index = 2
        }
        while index < text.count {
            let start = index
            var value: UInt16 = 0
            var digits = 0
            while index < text.count, let digit = hexValue(text[index]) {
                guard digits < 4 else { return nil }
                value = value << 4 | UInt16(digit)
                digits += 1
                index += 1
            }
            if index < text.count, text[index] == dot {
                // A dotted quad may only end the address, in its last 32 bits.
                guard groups.count <= 6, let quad = ipv4Bytes(text[start...]) else { return nil }
                groups.append(UInt16(quad[0]) << 8 | UInt16(quad[1]))
                groups.append(UInt16(quad[2]) << 8 | UInt16(quad[3]))
                index = text.count
                break
            }
            guard digits > 0 else { return nil }
            groups.append(value)
            guard index < text.count else { break }
            guard text[index] == colon, groups.count < 8 else { return nil }
            index += 1
            if index < text.count, text[index] == colon {
                guard gapAt == nil else { return nil }
                gapAt = groups.count
                index += 1
            } else if index == text.count {
                return nil  // a single trailing colon
            }
        }
        if let gapAt {
            // "::" stands for at least one zero group (RFC 4291 §2.2).
            guard groups.count <= 7 else { return nil }
            groups.insert(contentsOf: repeatElement(0, count: 8 - groups.count), at: gapAt)
        }
        guard groups.count == 8 else { return nil }
        return groups.flatMap { [UInt8(truncatingIfNeeded: $0 >> 8), UInt8(truncatingIfNeeded: $0)] }
    }

    /// Dotted-quad text of 4 bytes.
    static func ipv4Text(_ bytes: ArraySlice<UInt8>) -> String {
        let at = bytes.startIndex
        return "\(bytes[at]).\(bytes[at + 1]).\(bytes[at + 2]).\(bytes[at + 3])"
    }

    /// The RFC 5952 canonical text of 16 bytes.
    static func ipv6Text(_ bytes: ArraySlice<UInt8>) -> String {
        let at = bytes.startIndex
        let groups = (0..<8).map { UInt16(bytes[at + 2 * $0]) << 8 | UInt16(bytes[at + 2 * $0 + 1]) }
        if groups[0..<5].allSatisfy({ $0 == 0 }), groups[5] == 0xFFFF {
            return "::ffff:" + ipv4Text(bytes[(at + 12)...])
        }
        // The longest run of at least two zero groups; the first on a tie (RFC 5952 §4.2.3).
        var best: Range<Int>?
        var runStart: Int?
        for index in 0...8 {
            if index < 8, groups[index] == 0 {
                if runStart == nil { runStart = index }
            } else if let start = runStart {
                if index - start >= 2, index - start > (best?.count ?? 0) { best = start..<index }
                runStart = nil
            }
        }
        func hex(_ range: Range<Int>) -> String {
            groups[range].map { String($0, radix: 16) }.joined(separator: ":")
        }
        guard let best else { return hex(0..<8) }
        return hex(0..<best.lowerBound) + "::" + hex(best.upperBound..<8)
    }

    private static let colon = UInt8(ascii: ":")
    private static let dot = UInt8(ascii: ".")

    private static func ipv4Bytes(_ text: ArraySlice<UInt8>) -> [UInt8]? {
        guard (7...15).contains(text.count) else { return nil }
        var bytes: [UInt8] = []
        var value = 0
        var digits = 0
        for character in text {
            if character == dot {
                guard digits > 0, bytes.count < 3 else { return nil }
                bytes.append(UInt8(value))
                value = 0
                digits = 0
            } else if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(character) {
                // No leading zeros: "0" is a part, "01" is not.
                guard !(digits == 1 && value == 0) else { return nil }
                value = value * 10 + Int(character - UInt8(ascii: "0"))
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

    private static func hexValue(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
