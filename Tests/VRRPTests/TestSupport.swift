import RacimoCore
import VRRP

/// Bytes from hex text; spaces and newlines are ignored. Traps on anything else: fixtures only.
func hexBytes(_ text: String) -> [UInt8] {
    let digits = Array(text.utf8.filter { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\n") })
    precondition(digits.count.isMultiple(of: 2), "odd number of hex digits")
    return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16)! }
}

/// Lower-case hex of `bytes`, for failure messages.
func hexString(_ bytes: some Sequence<UInt8>) -> String {
    bytes.map { $0 < 0x10 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
}

/// An address literal the test knows to be valid.
func ip(_ text: String) -> IPAddress {
    guard let address = IPAddress(parsing: text) else { preconditionFailure("not an address: \(text)") }
    return address
}

/// The Internet checksum of 16-bit words written out by the test, independently of the codec's
/// own implementation: the one's complement of the end-around-carry sum.
func internetChecksum(_ bytes: [UInt8]) -> UInt16 {
    var sum = 0
    for index in stride(from: 0, to: bytes.count, by: 2) {
        sum += Int(bytes[index]) << 8 + (index + 1 < bytes.count ? Int(bytes[index + 1]) : 0)
    }
    while sum > 0xFFFF { sum = sum & 0xFFFF + sum >> 16 }
    return ~UInt16(sum)
}

/// `bytes` with the big-endian checksum at `offset` recomputed over `covered` (a range of
/// `bytes`) after `prefix` (a pseudo-header).
func resealed(_ bytes: [UInt8], checksumAt offset: Int, covering covered: Range<Int>, after prefix: [UInt8] = []) -> [UInt8] {
    var bytes = bytes
    bytes[offset] = 0
    bytes[offset + 1] = 0
    let sum = internetChecksum(prefix + bytes[covered])
    bytes[offset] = UInt8(sum >> 8)
    bytes[offset + 1] = UInt8(sum & 0xFF)
    return bytes
}


extension SeededRandom {
    /// A value in `0..<bound`.
    mutating func below(_ bound: Int) -> Int { Int(truncatingIfNeeded: next() % UInt64(bound)) }
}
