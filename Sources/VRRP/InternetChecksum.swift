/// The Internet checksum (RFC 1071): the 16-bit one's complement of the one's complement sum
/// of 16-bit big-endian words. Used for the VRRP checksum and the IPv4 header checksum.
struct InternetChecksum {
    /// Wide enough that no sum of a 64 KiB packet and its pseudo-header overflows before `fold`.
    private var sum: UInt64 = 0

    /// Adds `bytes` as big-endian words; an odd last byte is padded with a zero byte.
    mutating func add(_ bytes: ArraySlice<UInt8>) {
        var index = bytes.startIndex
        while index + 1 < bytes.endIndex {
            sum &+= UInt64(bytes[index]) << 8 | UInt64(bytes[index + 1])
            index += 2
        }
        if index < bytes.endIndex { sum &+= UInt64(bytes[index]) << 8 }
    }

    mutating func add(_ word: UInt16) { sum &+= UInt64(word) }

    /// Adds every byte of an address.
    mutating func add(_ bytes: [UInt8]) { add(bytes[...]) }

    /// The value for the checksum field, when the field was summed as zero.
    var value: UInt16 { ~folded }

    /// Whether a sum that included the checksum field verifies (the sum is all ones).
    var verifies: Bool { folded == 0xFFFF }

    private var folded: UInt16 {
        var folded = sum
        while folded > 0xFFFF { folded = (folded & 0xFFFF) + (folded >> 16) }
        return UInt16(folded)
    }
}
