/// Unary operators, all at HTCondor's unary precedence (above `*`).
public enum ClassAdUnaryOperator: String, Sendable, CaseIterable {
    case minus = "-"
    case plus = "+"
    case not = "!"
    case bitwiseNot = "~"
}

/// Binary operators. `precedence` follows HTCondor's `PrecedenceLevel`
/// (operators.cpp, after K&R): larger binds tighter. The ternary `?:` is
/// level 0 and the Elvis `?:` sits with the postfix operators, see
/// `ClassAdExpression.elvis`.
public enum ClassAdBinaryOperator: String, Sendable, CaseIterable {
    case multiply = "*", divide = "/", modulus = "%"
    case add = "+", subtract = "-"
    case leftShift = "<<", rightShift = ">>", unsignedRightShift = ">>>"
    case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case equal = "==", notEqual = "!="
    /// `=?=` (also spelled `is`): same type and same value, never undefined.
    case metaEqual = "=?="
    /// `=!=` (also spelled `isnt`): negation of `=?=`.
    case metaNotEqual = "=!="
    case bitwiseAnd = "&", bitwiseXor = "^", bitwiseOr = "|"
    case and = "&&", or = "||"

    public var precedence: Int {
        switch self {
        case .multiply, .divide, .modulus: return 10
        case .add, .subtract: return 9
        case .leftShift, .rightShift, .unsignedRightShift: return 8
        case .less, .lessOrEqual, .greater, .greaterOrEqual: return 7
        case .equal, .notEqual, .metaEqual, .metaNotEqual: return 6
        case .bitwiseAnd: return 5
        case .bitwiseXor: return 4
        case .bitwiseOr: return 3
        case .and: return 2
        case .or: return 1
        }
    }

    /// Strict operators yield `error`/`undefined` when an operand is; the
    /// logical and meta-comparison operators are the non-strict ones.
    var isStrict: Bool {
        switch self {
        case .and, .or, .metaEqual, .metaNotEqual: return false
        default: return true
        }
    }
}
