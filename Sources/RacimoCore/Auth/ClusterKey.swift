import Crypto

/// The shared secret every node of a cluster authenticates its frames with (Heartbeat's authkeys).
///
/// 256 random bits, stored as one line of 64 hexadecimal digits (`racimo keygen`). A key is
/// named on the wire by its `KeyID`, never by its bytes.
public struct ClusterKey: Sendable, Equatable {
    /// The key's bytes; kept as bytes because swift-crypto's `SymmetricKey` is not `Sendable`.
    private let bytes: [UInt8]
    public let id: KeyID

    /// The key in the form swift-crypto's HMAC takes.
    public var symmetricKey: SymmetricKey { SymmetricKey(data: bytes) }

    /// Key length in bytes.
    public static let byteCount = 32

    public init(bytes: [UInt8]) throws(ClusterKeyError) {
        guard bytes.count == Self.byteCount else { throw .wrongLength(bytes.count) }
        self.bytes = bytes
        self.id = KeyID(deriving: bytes)
    }

    /// Reads the key file's text: 64 hex digits, surrounding whitespace and `#` comment lines ignored.
    public init(fileContents: String) throws(ClusterKeyError) {
        let lines = fileContents.split(whereSeparator: \.isNewline)
            .map { $0.trimmingWhitespace() }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        guard lines.count == 1, let bytes = Hex.decode(lines[0]) else { throw .notHex }
        try self.init(bytes: bytes)
    }

    /// A fresh key from `generator`; the agent and `racimo keygen` pass the system's generator.
    public static func generate<G: RandomNumberGenerator>(using generator: inout G) -> ClusterKey {
        let bytes = (0..<byteCount).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        // A 32-byte array always makes a valid key.
        return try! ClusterKey(bytes: bytes)
    }

    /// The key file's text: a comment and the hex line.
    public var fileContents: String {
        let hex = Hex.encode(bytes)
        return "# racimo cluster key \(id); keep this file mode 0600\n\(hex)\n"
    }

    public static func == (a: ClusterKey, b: ClusterKey) -> Bool { a.bytes == b.bytes }
}

/// Why a key file could not be read.
public enum ClusterKeyError: Error, Equatable, Sendable, CustomStringConvertible {
    case wrongLength(Int)
    case notHex

    public var description: String {
        switch self {
        case .wrongLength(let count):
            "a cluster key is \(ClusterKey.byteCount) bytes, this one has \(count)"
        case .notHex:
            "expected one line of \(ClusterKey.byteCount * 2) hexadecimal digits (make one with 'racimo keygen')"
        }
    }
}

/// Names a cluster key on the wire: the first 4 bytes of SHA-256("racimo key id" ‖ key).
///
/// Lets a receiver holding the current and the next key (rotation) pick the right one without
/// trying both, and count frames under a key it does not hold.
public struct KeyID: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt32

    public init(rawValue: UInt32) { self.rawValue = rawValue }

    init(deriving key: [UInt8]) {
        var hasher = SHA256()
        hasher.update(data: Array("racimo key id".utf8))
        hasher.update(data: key)
        let digest = Array(hasher.finalize())
        rawValue = digest.prefix(4).reduce(0) { $0 << 8 | UInt32($1) }
    }

    public var description: String {
        let hex = Hex.encode([24, 16, 8, 0].map { UInt8(truncatingIfNeeded: rawValue >> $0) })
        return "key-\(hex)"
    }
}

extension Substring {
    func trimmingWhitespace() -> Substring {
        var text = self
        while let first = text.first, first.isWhitespace { text.removeFirst() }
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return text
    }
}
