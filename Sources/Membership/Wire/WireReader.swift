import NIOCore
import RacimoCore

/// A cursor over the bytes of one membership payload, from which every part of a message is
/// read. Each read either returns a value that satisfies the layout in docs/protocol.md or
/// throws `FrameRejection.malformed` naming what was wrong; none traps.
///
/// The payload is copied out of its `ByteBuffer` once and read here with plain indexing: a
/// `ByteBuffer` read per field costs about a microsecond in a debug build, which made fuzzing a
/// million inputs take tens of seconds.
struct WireReader {
    private let bytes: [UInt8]
    private var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Bytes not read yet.
    var remaining: Int { bytes.count - index }

    mutating func readUInt8(_ what: StaticString) throws(FrameRejection) -> UInt8 {
        guard index < bytes.count else { throw .malformed("truncated \(what)") }
        defer { index += 1 }
        return bytes[index]
    }

    mutating func readUInt16(_ what: StaticString) throws(FrameRejection) -> UInt16 {
        UInt16(truncatingIfNeeded: try readBigEndian(2, what))
    }

    mutating func readUInt32(_ what: StaticString) throws(FrameRejection) -> UInt32 {
        UInt32(truncatingIfNeeded: try readBigEndian(4, what))
    }

    mutating func readUInt64(_ what: StaticString) throws(FrameRejection) -> UInt64 {
        try readBigEndian(8, what)
    }

    /// Reads exactly `count` bytes, or throws "truncated `what`".
    mutating func readBytes(_ count: Int, _ what: StaticString) throws(FrameRejection) -> ArraySlice<UInt8> {
        guard count <= remaining else { throw .malformed("truncated \(what)") }
        defer { index += count }
        return bytes[index..<index + count]
    }

    /// Reads a list's count (1 or 2 bytes) and checks it against `limit` and, before anyone
    /// allocates for it, that the bytes left can hold that many items of at least
    /// `minimumItemLength` bytes each.
    mutating func readCount(
        _ what: StaticString, wide: Bool = false, limit: Int, minimumItemLength: Int
    ) throws(FrameRejection) -> Int {
        let count = wide ? Int(try readUInt16(what)) : Int(try readUInt8(what))
        guard count <= limit else { throw .malformed("\(what) \(count)") }
        guard count * minimumItemLength <= remaining else { throw .malformed("\(what) \(count) exceeds payload") }
        return count
    }

    /// A node name: length (1…64) ‖ ASCII from NodeName's alphabet.
    mutating func readNodeName() throws(FrameRejection) -> NodeName {
        let length = Int(try readUInt8("name length"))
        guard (1...NodeName.maxLength).contains(length) else { throw .malformed("name length \(length)") }
        let bytes = try readBytes(length, "name")
        // Invalid UTF-8 decodes to U+FFFD, which is outside the alphabet: refused below.
        guard let name = NodeName(String(decoding: bytes, as: UTF8.self)) else { throw .malformed("invalid name") }
        return name
    }

    /// A short string: length (0…255) ‖ UTF-8, refused when not valid UTF-8.
    mutating func readShortString(_ what: StaticString) throws(FrameRejection) -> String {
        let length = Int(try readUInt8(what))
        let bytes = try readBytes(length, what)
        guard let text = String(validating: bytes, as: UTF8.self) else { throw .malformed("invalid UTF-8 in \(what)") }
        return text
    }

    /// An incarnation: 8 bytes.
    mutating func readIncarnation() throws(FrameRejection) -> Incarnation {
        Incarnation(try readUInt64("incarnation"))
    }

    private mutating func readBigEndian(_ count: Int, _ what: StaticString) throws(FrameRejection) -> UInt64 {
        guard count <= remaining else { throw .malformed("truncated \(what)") }
        var value: UInt64 = 0
        var offset = index
        while offset < index + count {
            value = value << 8 | UInt64(bytes[offset])
            offset += 1
        }
        index += count
        return value
    }
}

/// Two lower-case hex digits, for reasons that name a byte.
func hexByte(_ byte: UInt8) -> String {
    let digits = String(byte, radix: 16)
    return byte < 0x10 ? "0" + digits : digits
}
