/// Byte-level helpers shared by the HTTP/1.1 parsers. Everything works on raw
/// bytes so parsing never allocates.
enum HTTPASCII {
    static let cr: UInt8 = 0x0D
    static let lf: UInt8 = 0x0A
    static let sp: UInt8 = 0x20
    static let htab: UInt8 = 0x09
    static let colon: UInt8 = 0x3A
    static let comma: UInt8 = 0x2C
    static let semicolon: UInt8 = 0x3B

    // Bitmaps of RFC 9110 §5.6.2 tchar for bytes 0..<64 and 64..<128.
    private static let tcharLow: UInt64 = 0x03ff_6cfa_0000_0000
    private static let tcharHigh: UInt64 = 0x57ff_ffff_c7ff_fffe

    /// RFC 9110 §5.6.2: tchar = "!" / "#" / ... / DIGIT / ALPHA.
    @inline(__always)
    static func isTokenChar(_ b: UInt8) -> Bool {
        if b < 64 { return (tcharLow >> UInt64(b)) & 1 == 1 }
        if b < 128 { return (tcharHigh >> UInt64(b &- 64)) & 1 == 1 }
        return false
    }

    /// RFC 9110 §5.6.3: optional whitespace is SP / HTAB.
    @inline(__always)
    static func isOWS(_ b: UInt8) -> Bool { b == sp || b == htab }

    /// Field values may hold HTAB, SP, VCHAR and obs-text, but no other CTL (RFC 9110 §5.5).
    @inline(__always)
    static func isFieldValueChar(_ b: UInt8) -> Bool { (b >= 0x20 && b != 0x7F) || b == htab }

    @inline(__always)
    static func lower(_ b: UInt8) -> UInt8 { (b &- 0x41) < 26 ? b | 0x20 : b }

    /// Compares `bytes[range]` with a lowercase ASCII literal, ignoring ASCII case.
    @inline(__always)
    static func equalsIgnoringCase(
        _ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, _ literal: StaticString
    ) -> Bool {
        guard range.count == literal.utf8CodeUnitCount else { return false }
        let p = literal.utf8Start
        var k = 0
        for i in range {
            if lower(bytes[i]) != p[k] { return false }
            k &+= 1
        }
        return true
    }

    /// Compares `bytes[range]` with a literal exactly (methods are case-sensitive, RFC 9110 §9.1).
    @inline(__always)
    static func equals(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, _ literal: StaticString) -> Bool {
        guard range.count == literal.utf8CodeUnitCount else { return false }
        let p = literal.utf8Start
        var k = 0
        for i in range {
            if bytes[i] != p[k] { return false }
            k &+= 1
        }
        return true
    }

    /// Shrinks `range` to drop leading and trailing OWS.
    @inline(__always)
    static func trimOWS(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Range<Int> {
        var lo = range.lowerBound
        var hi = range.upperBound
        while lo < hi, isOWS(bytes[lo]) { lo &+= 1 }
        while hi > lo, isOWS(bytes[hi &- 1]) { hi &-= 1 }
        return lo..<hi
    }

    /// Whether `bytes[range]` is a non-empty token.
    @inline(__always)
    static func isToken(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Bool {
        if range.isEmpty { return false }
        for i in range where !isTokenChar(bytes[i]) { return false }
        return true
    }

    // SWAR ("SIMD within a register") filters: test 8 bytes at once so the common
    // case, a run of ordinary characters, costs one load and a few ALU ops.
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// Loads 8 bytes at `offset`; the caller guarantees `offset + 8 <= bytes.count`.
    @inline(__always)
    static func word(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> UInt64 {
        bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
    }

    /// Whether any byte of `w` is less than `n` (n <= 128). Never misses; it may only
    /// report true when some byte really is below `n`.
    @inline(__always)
    static func hasByteLess(_ w: UInt64, than n: UInt8) -> Bool {
        (w &- ones &* UInt64(n)) & ~w & highs != 0
    }

    /// Whether any byte of `w` equals `b`.
    @inline(__always)
    static func hasByte(_ w: UInt64, _ b: UInt8) -> Bool {
        hasByteLess(w ^ (ones &* UInt64(b)), than: 1)
    }
}
