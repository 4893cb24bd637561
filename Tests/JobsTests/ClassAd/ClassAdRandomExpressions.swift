@testable import Jobs

/// SplitMix64: a tiny seeded generator so every run draws the same cases.
struct ClassAdSeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random ClassAd expression *text* covering every literal kind, attribute
/// references into `ClassAdDifferentialAds`, every operator and every function
/// (except `time()`, whose value is the wall clock on the Python side).
struct ClassAdExpressionGenerator {
    var rng: ClassAdSeededGenerator

    init(seed: UInt64) { rng = ClassAdSeededGenerator(seed: seed) }

    mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &rng)] }
    mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &rng) < percent }

    static let integers = ["0", "1", "2", "3", "-1", "7", "10", "-7", "42", "100", "255", "9223372036854775807", "-9223372036854775808", "1000000"]
    static let reals = ["0.0", "0.5", "1.5", "-2.25", "1e3", ".5", "3.0", "1e308", "0.1", "2.5", "-0.0", "1.0E-5", "123.456", "1e-300"]
    static let strings = ["\"\"", "\"abc\"", "\"ABC\"", "\"a,b\"", "\"1.5\"", "\"12\"", "\"x y\"", "\"tab\\there\"", "\"q\\\"uote\"", "\"b\"", "\"a, b,c\"", "\" 42abc\"", "\"inf\"", "\"Abc\"", "\"-3\""]
    static let keywords = ["true", "false", "TRUE", "False", "undefined", "error", "UNDEFINED"]
    static let attributes = ["x", "y", "r", "b", "l", "s", "e", "n", "c1", "ad", "z", "missing", "X", "MY.x", "My.y", "TARGET.x", "target.y", "TARGET.z", "other.r", "TARGET.t", "TARGET.back", "MY.tx", "ad.q", "TARGET.l", "MY.missing"]
    static let patterns = ["\"a\"", "\"^A\"", "\"b.c\"", "\"[0-9]+\"", "\"x|y\"", "\"(\"", "\"^$\"", "\"c$\""]
    static let binaryOps = ["*", "/", "%", "+", "-", "<<", ">>", ">>>", "<", "<=", ">", ">=", "==", "!=", "=?=", "=!=", "is", "isnt", "&", "^", "|", "&&", "||"]
    static let unaryOps = ["-", "+", "!", "~"]

    mutating func literal(depth: Int) -> String {
        switch Int.random(in: 0..<10, using: &rng) {
        case 0, 1: return pick(Self.integers)
        case 2, 3: return pick(Self.reals)
        case 4, 5: return pick(Self.strings)
        case 6, 7: return pick(Self.keywords)
        case 8:
            let n = Int.random(in: 0...3, using: &rng)
            let items = (0..<n).map { _ in depth > 0 ? expression(depth: depth - 1) : scalarLiteral() }
            return "{" + items.joined(separator: ", ") + "}"
        default:
            let n = Int.random(in: 0...2, using: &rng)
            let names = ["p", "q", "x"]
            let items = (0..<n).map { i in names[i] + " = " + (depth > 0 ? expression(depth: depth - 1) : scalarLiteral()) }
            return "[" + items.joined(separator: "; ") + "]"
        }
    }

    mutating func scalarLiteral() -> String {
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: return pick(Self.integers)
        case 1: return pick(Self.reals)
        case 2: return pick(Self.strings)
        default: return pick(Self.keywords)
        }
    }

    mutating func expression(depth: Int) -> String {
        if depth <= 0 || chance(20) {
            return chance(65) ? literal(depth: 0) : pick(Self.attributes)
        }
        let d = depth - 1
        switch Int.random(in: 0..<20, using: &rng) {
        case 0...6:
            return expression(depth: d) + " " + pick(Self.binaryOps) + " " + expression(depth: d)
        case 7: return pick(Self.unaryOps) + expression(depth: d)
        case 8: return "(" + expression(depth: d) + ")"
        case 9: return expression(depth: d) + " ? " + expression(depth: d) + " : " + expression(depth: d)
        case 10: return "(" + expression(depth: d) + ") ?: " + expression(depth: 0)
        case 11: return "(" + expression(depth: d) + ")[" + expression(depth: d) + "]"
        case 12: return literal(depth: d)
        default: return call(depth: d)
        }
    }

    mutating func call(depth d: Int) -> String {
        func args(_ n: Int) -> [String] { (0..<n).map { _ in expression(depth: d) } }
        let one = ["isUndefined", "isError", "isString", "isInteger", "isReal", "isBoolean", "isList", "size", "int", "real", "floor", "ceiling", "round", "min", "max", "IsUndefined", "INT"]
        switch Int.random(in: 0..<14, using: &rng) {
        case 0: return "ifThenElse(" + args(3).joined(separator: ", ") + ")"
        case 1, 2: return pick(one) + "(" + expression(depth: d) + ")"
        case 3: return pick(["string", "toLower", "toUpper", "TOUPPER"]) + "(" + expression(depth: d) + ")"
        case 4: return "strcat(" + args(Int.random(in: 0...3, using: &rng)).joined(separator: ", ") + ")"
        case 5:
            let n = Int.random(in: 2...3, using: &rng)
            let offsets = ["0", "1", "-1", "2", "-2", "10", "-10", "0"]
            var a = [chance(70) ? pick(Self.strings) : expression(depth: d), chance(70) ? pick(offsets) : expression(depth: d)]
            if n == 3 { a.append(chance(70) ? pick(offsets) : expression(depth: d)) }
            return "substr(" + a.joined(separator: ", ") + ")"
        case 6:
            var a = [chance(70) ? pick(Self.patterns) : expression(depth: d), chance(70) ? pick(Self.strings) : expression(depth: d)]
            if chance(40) { a.append(pick(["\"i\"", "\"\"", "\"I\"", "1", "undefined"])) }
            return "regexp(" + a.joined(separator: ", ") + ")"
        case 7:
            var a = [chance(70) ? pick(["\"a\"", "\"b\"", "\"A\"", "\"\"", "\"x y\"", "\"c\""]) : expression(depth: d), chance(70) ? pick(["\"a,b,c\"", "\"a, b\"", "\"x y\"", "\"B,a\"", "\"\""]) : expression(depth: d)]
            if chance(30) { a.append(pick(["\";\"", "\",\"", "\" \""])) }
            return pick(["stringListMember", "stringListIMember"]) + "(" + a.joined(separator: ", ") + ")"
        case 8:
            let list = chance(60) ? "{" + args(Int.random(in: 0...4, using: &rng)).joined(separator: ", ") + "}" : expression(depth: d)
            return pick(["min", "max"]) + "(" + list + ")"
        case 9:
            let list = chance(70) ? "{" + args(Int.random(in: 0...3, using: &rng)).joined(separator: ", ") + "}" : expression(depth: d)
            return pick(["member", "identicalMember"]) + "(" + expression(depth: d) + ", " + list + ")"
        case 10: return pick(["noSuchFunction", "size", "substr", "int"]) + "(" + args(Int.random(in: 0...3, using: &rng)).joined(separator: ", ") + ")"
        case 11: return "(" + expression(depth: d) + ")." + pick(["x", "q", "p", "missing"])
        default: return pick(one) + "(" + expression(depth: d) + ")"
        }
    }
}

/// The MY and TARGET ads both implementations evaluate against.
enum ClassAdDifferentialAds {
    static let my = "[x = 1; y = \"Abc\"; r = 2.5; b = true; l = {1, 2.5, \"a\"}; s = \"a,b,c\"; e = 1/0; n = undefined; c1 = c2; c2 = c1; tx = TARGET.x; ad = [p = 1; q = p + 1]]"
    static let target = "[x = 10; y = \"abc\"; r = -0.5; b = false; l = {3}; z = 7; back = MY.x; t = x + 1]"
}
