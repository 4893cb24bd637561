/// A member's incarnation number (SWIM §4.2): only the member itself increases it, to refute a
/// suspicion or a death that others hold about it. Between two claims about the same member,
/// the higher incarnation wins.
public struct Incarnation: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public var rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }
    public init(_ value: UInt64) { self.rawValue = value }

    public static let zero = Incarnation(0)
    public static func < (a: Incarnation, b: Incarnation) -> Bool { a.rawValue < b.rawValue }
    public var next: Incarnation { Incarnation(rawValue &+ 1) }
    public var description: String { "\(rawValue)" }
}

/// What this node believes about a member (SWIM §4.2, plus `left` for a graceful leave).
public enum MemberStatus: UInt8, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    case alive = 0
    case suspect = 1
    case dead = 2
    /// Left on purpose (`racimo agent` stopped): dead, but nobody should alert about it.
    case left = 3

    /// Whether the member is probed and gossiped to like a live one.
    public var isReachable: Bool { self == .alive || self == .suspect }

    public var description: String {
        switch self {
        case .alive: "alive"
        case .suspect: "suspect"
        case .dead: "dead"
        case .left: "left"
        }
    }
}
