import Foundation
import Testing
@testable import Jobs

/// Feeds random and mutated text to the parser and evaluates whatever
/// parses: nothing may trap. `FUZZ_COUNT` (default 10,000) sets the count.
@Suite("Fuzz")
struct ClassAdFuzzTests {
    static let alphabet: [Character] = Array("()[]{}<>=!?:;,.+-*/%&|^~\"'\\ \t\n0123456789eExXaAbzZ_ trueflsundifo") + ["é", "\u{0}", "🙂"]
    static let tokens = ["&&", "||", "=?=", "=!=", ">>>", "<<", "?:", " is ", " isnt ", "MY.", "TARGET.", "strcat(", "substr(",
                         "regexp(", "ifThenElse(", "{", "}", "[a=", ";", "\"", "\\", "1e308", "-9223372036854775808", "undefined",
                         "error", "size(", "min(", "member(", "x", "l[", "0.0/0", "(", ")", "..", "'q'", "int(", "real(", "round("]

    @Test("random and mutated inputs never crash the parser or evaluator")
    func fuzz() {
        let count = Int(ProcessInfo.processInfo.environment["FUZZ_COUNT"] ?? "") ?? 10_000
        var rng = ClassAdSeededGenerator(seed: 0xC1A55AD)
        var generator = ClassAdExpressionGenerator(seed: 0xF022)
        let my = classAdFrom(ClassAdDifferentialAds.my)
        let target = classAdFrom(ClassAdDifferentialAds.target)
        var parsed = 0
        var roundTripFailures = 0
        let started = ContinuousClock.now
        for i in 0..<count {
            var text: [Character]
            switch i % 3 {
            case 0:
                let n = Int.random(in: 0..<40, using: &rng)
                text = (0..<n).map { _ in Self.alphabet[Int.random(in: 0..<Self.alphabet.count, using: &rng)] }
            case 1:
                text = Array((0..<Int.random(in: 1..<12, using: &rng)).map { _ in Self.tokens[Int.random(in: 0..<Self.tokens.count, using: &rng)] }.joined())
            default:
                text = Array(generator.expression(depth: 4))
                for _ in 0..<Int.random(in: 1...4, using: &rng) where !text.isEmpty {
                    let at = Int.random(in: 0..<text.count, using: &rng)
                    switch Int.random(in: 0..<3, using: &rng) {
                    case 0: text.remove(at: at)
                    case 1: text.insert(Self.alphabet[Int.random(in: 0..<Self.alphabet.count, using: &rng)], at: at)
                    default: text[at] = Self.alphabet[Int.random(in: 0..<Self.alphabet.count, using: &rng)]
                    }
                }
            }
            if let expr = try? ClassAdExpression(parsing: String(text)) {
                parsed += 1
                _ = expr.evaluate(my: my, target: target, now: 1_700_000_000)
                _ = expr.conjuncts
                // Round trip: the printed form parses back to the same tree.
                let printed = expr.description
                let again = try? ClassAdExpression(parsing: printed)
                if again != expr {
                    roundTripFailures += 1
                    if roundTripFailures <= 5 { print("round trip failed: \(String(text)) printed as \(printed)") }
                }
            }
        }
        print("fuzz: \(count) inputs, \(parsed) parsed, evaluated and round-tripped, \(ContinuousClock.now - started)")
        #expect(roundTripFailures == 0, "\(roundTripFailures) parsed inputs did not survive description → parse")
    }

    static let regexAlphabet: [Character] = Array("()[]{}^$.*+?|\\-,0123456789abcAB:=<!#pPdDwWsSkKgG ")

    @Test("random regular expressions never crash regexp()")
    func fuzzRegexp() {
        let count = (Int(ProcessInfo.processInfo.environment["FUZZ_COUNT"] ?? "") ?? 10_000) / 10
        var rng = ClassAdSeededGenerator(seed: 0x4E6E)
        for _ in 0..<count {
            let n = Int.random(in: 0..<12, using: &rng)
            let pattern = String((0..<n).map { _ in Self.regexAlphabet[Int.random(in: 0..<Self.regexAlphabet.count, using: &rng)] })
            let options = ["", "i", "m", "s", "x", "imsx"][Int.random(in: 0..<6, using: &rng)]
            _ = ClassAdFunctions.regexp([.string(pattern), .string("abc AB 123 {1,2} a-b"), .string(options)])
        }
    }
}
