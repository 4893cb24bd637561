/// A node's name as it appears in configuration, logs, frames and `racimo nodes`.
///
/// 1 to 64 characters from `A-Z a-z 0-9 . _ -`: a hostname's alphabet, so the default (the
/// machine's hostname) is valid, and short enough to ride in every frame header.
public struct NodeName: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: String

    /// Longest name a frame can carry.
    public static let maxLength = 64

    /// Returns nil when `text` is empty, too long, or has a character outside the alphabet.
    public init?(_ text: String) {
        guard Self.isValid(text) else { return nil }
        self.rawValue = text
    }

    public static func isValid(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard (1...maxLength).contains(bytes.count) else { return false }
        return bytes.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "-"):
                true
            default: false
            }
        }
    }

    public static func < (a: NodeName, b: NodeName) -> Bool { a.rawValue < b.rawValue }
    public var description: String { rawValue }
}
