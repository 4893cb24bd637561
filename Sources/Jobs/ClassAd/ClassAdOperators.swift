/// Operator semantics, following HTCondor's operators.cpp and the "ClassAd
/// Mechanism" chapter of the HTCondor manual.
///
/// Rules worth knowing (all checked against classad2 25.14.1):
/// - Strict operators (all but `&&`, `||`, `=?=`, `=!=`): an `error`
///   operand gives `error`, else an `undefined` operand gives `undefined`.
/// - Booleans act as 0/1 in arithmetic and comparisons (`true + 1` is 2), but
///   unary `-`/`+` and the bitwise operators reject them.
/// - Integer arithmetic wraps on overflow; `/` truncates; `x / 0` and `x % 0`
///   are `error`; `Int64.min / -1` is `Int64.max` and `Int64.min % -1` is 0.
/// - Real arithmetic: a result of +infinity is `error` (HTCondor checks
///   `== HUGE_VAL`), −infinity and NaN are kept; `%` on reals is `error`.
/// - `==` and the orderings compare strings case-insensitively; `=?=` is
///   case-sensitive and type-exact (`1 =?= 1.0` is false). Comparing a string
///   with a non-string, or any list or ad, is `error`.
/// - Shifts mask the count to 6 bits (x86-64 behaviour HTCondor inherits);
///   `>>` is arithmetic, `>>>` logical.
enum ClassAdOperators {
    static func unary(_ op: ClassAdUnaryOperator, _ v: ClassAdValue) -> ClassAdValue {
        if v == .error { return .error }
        switch op {
        case .plus:
            switch v {
            case .integer, .real, .undefined: return v
            default: return .error
            }
        case .minus:
            switch v {
            case .undefined: return .undefined
            case .integer(let i): return .integer(0 &- i)
            case .real(let r): return .real(-r)
            default: return .error
            }
        case .not:
            switch v {
            case .undefined: return .undefined
            default:
                guard let b = v.booleanEquivalent else { return .error }
                return .boolean(!b)
            }
        case .bitwiseNot:
            switch v {
            case .undefined: return .undefined
            case .integer(let i): return .integer(~i)
            default: return .error
            }
        }
    }

    static func binary(_ op: ClassAdBinaryOperator, _ a: ClassAdValue, _ b: ClassAdValue) -> ClassAdValue {
        if op.isStrict {
            if a == .error || b == .error { return .error }
            if a == .undefined || b == .undefined { return .undefined }
        }
        switch op {
        case .and, .or: return logical(op, a, b)
        case .metaEqual, .metaNotEqual:
            guard let same = identical(a, b) else { return .error }
            return .boolean(op == .metaEqual ? same : !same)
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual:
            return compare(op, a, b)
        case .add, .subtract, .multiply, .divide, .modulus:
            return arithmetic(op, a, b)
        case .bitwiseAnd, .bitwiseOr, .bitwiseXor, .leftShift, .rightShift, .unsignedRightShift:
            guard case .integer(let x) = a, case .integer(let y) = b else { return .error }
            return .integer(bitwise(op, x, y))
        }
    }

    /// `&&`/`||` after short-circuiting (see `ClassAdEvaluator`): numbers
    /// count as booleans, `undefined` is "unknown" (Kleene logic), other
    /// types are `error`.
    static func logical(_ op: ClassAdBinaryOperator, _ a: ClassAdValue, _ b: ClassAdValue) -> ClassAdValue {
        func normalize(_ v: ClassAdValue) -> ClassAdValue? {
            switch v {
            case .undefined, .error: return v
            default: return v.booleanEquivalent.map { .boolean($0) }
            }
        }
        guard let x = normalize(a) else { return .error }
        guard let y = normalize(b) else { return .error }
        let decisive = (op == .or)  // the value that decides the result
        if case .boolean(let bx) = x, bx == decisive { return .boolean(decisive) }
        if x == .error { return .error }
        if case .boolean = x { return y }  // left is the neutral value
        // left is undefined
        if case .boolean(let by) = y { return by == decisive ? .boolean(decisive) : .undefined }
        return y
    }

    /// `=?=`: true iff same type and same value (strings case-sensitive);
    /// nil (meaning `error`) for lists and ads, as HTCondor does.
    static func identical(_ a: ClassAdValue, _ b: ClassAdValue) -> Bool? {
        switch (a, b) {
        case (.undefined, .undefined), (.error, .error): return true
        case (.boolean(let x), .boolean(let y)): return x == y
        case (.integer(let x), .integer(let y)): return x == y
        case (.real(let x), .real(let y)): return x == y
        case (.string(let x), .string(let y)): return Array(x.utf8) == Array(y.utf8)
        case (.list, .list), (.classAd, .classAd): return nil
        default: return false
        }
    }

    /// Numeric promotion: booleans become integers; an integer meets a real
    /// as a real. Returns nil when either side is not a number or boolean.
    enum Numbers { case ints(Int64, Int64), reals(Double, Double) }
    static func promote(_ a: ClassAdValue, _ b: ClassAdValue) -> Numbers? {
        func n(_ v: ClassAdValue) -> ClassAdValue? {
            switch v {
            case .integer, .real: return v
            case .boolean(let x): return .integer(x ? 1 : 0)
            default: return nil
            }
        }
        guard let x = n(a), let y = n(b) else { return nil }
        switch (x, y) {
        case (.integer(let i), .integer(let j)): return .ints(i, j)
        case (.integer(let i), .real(let r)): return .reals(Double(i), r)
        case (.real(let r), .integer(let j)): return .reals(r, Double(j))
        case (.real(let r), .real(let s)): return .reals(r, s)
        default: return nil
        }
    }

    static func compare(_ op: ClassAdBinaryOperator, _ a: ClassAdValue, _ b: ClassAdValue) -> ClassAdValue {
        let order: Int
        if case .string(let x) = a, case .string(let y) = b {
            order = caseInsensitiveCompare(x, y)
        } else {
            switch promote(a, b) {
            case .ints(let x, let y)?: order = x < y ? -1 : (x == y ? 0 : 1)
            case .reals(let x, let y)?:
                // NaN is unordered: every comparison but != is false.
                if x.isNaN || y.isNaN { return .boolean(op == .notEqual) }
                order = x < y ? -1 : (x == y ? 0 : 1)
            case nil: return .error
            }
        }
        switch op {
        case .equal: return .boolean(order == 0)
        case .notEqual: return .boolean(order != 0)
        case .less: return .boolean(order < 0)
        case .lessOrEqual: return .boolean(order <= 0)
        case .greater: return .boolean(order > 0)
        default: return .boolean(order >= 0)
        }
    }

    /// `strcasecmp`: byte-wise after ASCII lower-casing.
    static func caseInsensitiveCompare(_ x: String, _ y: String) -> Int {
        func lower(_ c: UInt8) -> UInt8 { (c >= 65 && c <= 90) ? c + 32 : c }
        var i = x.utf8.makeIterator(), j = y.utf8.makeIterator()
        while true {
            switch (i.next(), j.next()) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case (let p?, let q?):
                let lp = lower(p), lq = lower(q)
                if lp != lq { return lp < lq ? -1 : 1 }
            }
        }
    }

    static func arithmetic(_ op: ClassAdBinaryOperator, _ a: ClassAdValue, _ b: ClassAdValue) -> ClassAdValue {
        switch promote(a, b) {
        case nil: return .error
        case .ints(let x, let y)?:
            switch op {
            case .add: return .integer(x &+ y)
            case .subtract: return .integer(x &- y)
            case .multiply: return .integer(x &* y)
            case .divide:
                if x == .min && y == -1 { return .integer(.max) }
                return y == 0 ? .error : .integer(x / y)
            default:
                if x == .min && y == -1 { return .integer(0) }
                return y == 0 ? .error : .integer(x % y)
            }
        case .reals(let x, let y)?:
            let r: Double
            switch op {
            case .add: r = x + y
            case .subtract: r = x - y
            case .multiply: r = x * y
            case .divide: r = x / y
            default: return .error
            }
            return r == .infinity ? .error : .real(r)
        }
    }

    static func bitwise(_ op: ClassAdBinaryOperator, _ x: Int64, _ y: Int64) -> Int64 {
        switch op {
        case .bitwiseAnd: return x & y
        case .bitwiseOr: return x | y
        case .bitwiseXor: return x ^ y
        case .leftShift: return x &<< y
        case .rightShift:
            if x >= 0 { return x &>> y }
            // HTCondor shifts one bit at a time, min(64, y) times, keeping the sign.
            return y <= 0 ? x : (y >= 64 ? -1 : x >> y)
        default:
            if x >= 0 { return x &>> y }
            let cleared = (x >> 1) & Int64.max
            return cleared &>> (y &- 1)
        }
    }
}
