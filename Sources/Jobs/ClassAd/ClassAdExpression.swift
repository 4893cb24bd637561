/// A parsed ClassAd expression (HTCondor's ClassAd language).
///
/// The tree is a plain value: parse it with `init(parsing:)`, print it with
/// `description` (which parses back to an equal tree) and evaluate it with
/// `evaluate(in:)` / `evaluate(my:target:now:)`.
public indirect enum ClassAdExpression: Sendable, Equatable {
    /// A scalar literal: boolean, integer, real, string, `undefined` or `error`.
    case literal(ClassAdValue)
    /// A bare attribute name such as `Memory` (case-insensitive). `MY`,
    /// `TARGET` and `OTHER` are names too: they denote the ads themselves.
    case attribute(String)
    /// `.name`: an absolute reference, looked up only in the outermost ad
    /// of the current scope (normally MY), never in TARGET.
    case absoluteAttribute(String)
    /// `base.name`: attribute selection, e.g. `TARGET.Memory` or `[a = 1].a`.
    case select(ClassAdExpression, String)
    /// `base[index]`: list element (0-based) or ad attribute by string name.
    case index(ClassAdExpression, ClassAdExpression)
    case unary(ClassAdUnaryOperator, ClassAdExpression)
    case binary(ClassAdBinaryOperator, ClassAdExpression, ClassAdExpression)
    /// `condition ? then : else`.
    case conditional(ClassAdExpression, ClassAdExpression, ClassAdExpression)
    /// `value ?: fallback` (Elvis): `fallback` when `value` is undefined.
    case elvis(ClassAdExpression, ClassAdExpression)
    /// `( expr )`, kept so that printing reproduces the grouping.
    case parenthesized(ClassAdExpression)
    /// A function call; the name is matched case-insensitively at evaluation.
    case call(String, [ClassAdExpression])
    /// `{ a, b }`.
    case list([ClassAdExpression])
    /// `[ a = 1; b = 2 ]`.
    case record(ClassAd)
}

extension ClassAdExpression {
    /// The clauses of a top-level `&&` chain, left to right (parentheses
    /// around the whole chain or around `&&` sub-chains are looked through).
    /// An expression that is not a conjunction is its own single clause.
    /// Used to explain which clause of `Requirements` rules machines out.
    public var conjuncts: [ClassAdExpression] {
        switch self {
        case .binary(.and, let l, let r): return l.conjuncts + r.conjuncts
        case .parenthesized(let inner):
            if case .binary(.and, _, _) = inner.withoutParentheses { return inner.conjuncts }
            return [self]
        default: return [self]
        }
    }

    var withoutParentheses: ClassAdExpression {
        if case .parenthesized(let inner) = self { return inner.withoutParentheses }
        return self
    }
}
