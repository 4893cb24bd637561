/// The result of evaluating a ClassAd expression.
///
/// HTCondor's ClassAd language has two exceptional values besides the ordinary
/// scalars: `undefined` (an attribute is missing, or an operand was undefined)
/// and `error` (a type mismatch or other failure). Lists and nested ads are
/// values too. Lists are evaluated eagerly here; HTCondor keeps them as
/// unevaluated expression lists, which gives the same results for every
/// operation the language offers.
public enum ClassAdValue: Sendable, Equatable {
    case undefined
    case error
    case boolean(Bool)
    case integer(Int64)
    case real(Double)
    case string(String)
    case list(ClassAdList)
    case classAd(ClassAd)

    /// `true` for `undefined` and `error`.
    public var isExceptional: Bool {
        switch self {
        case .undefined, .error: return true
        default: return false
        }
    }

    /// HTCondor's "boolean equivalent" (`IsBooleanValueEquiv`): booleans, and
    /// numbers where non-zero means true. Everything else has none.
    public var booleanEquivalent: Bool? {
        switch self {
        case .boolean(let b): return b
        case .integer(let i): return i != 0
        case .real(let r): return r != 0
        default: return nil
        }
    }

    /// The number as a `Double` for integers, reals and booleans (used for `Rank`).
    public var numericValue: Double? {
        switch self {
        case .integer(let i): return Double(i)
        case .real(let r): return r
        case .boolean(let b): return b ? 1 : 0
        default: return nil
        }
    }

    /// A short name of the value's type, used in messages.
    public var typeName: String {
        switch self {
        case .undefined: return "undefined"
        case .error: return "error"
        case .boolean: return "boolean"
        case .integer: return "integer"
        case .real: return "real"
        case .string: return "string"
        case .list: return "list"
        case .classAd: return "classad"
        }
    }
}
