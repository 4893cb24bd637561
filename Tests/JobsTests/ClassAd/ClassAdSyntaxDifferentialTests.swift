import Foundation
import Testing
@testable import Jobs

/// Mutated expressions (characters deleted, inserted, replaced): both
/// implementations must accept and reject the same text, and agree on the
/// value of what they accept.
@Suite("Differential syntax against HTCondor classad2")
struct ClassAdSyntaxDifferentialTests {
    static let alphabet: [Character] = Array("()[]{}<>=!?:;,.+-*/%&|^~\"' 0123456789eExab_")

    @Test("10,000 mutated expressions parse (or fail) and evaluate as classad2 does")
    func mutatedExpressions() throws {
        let env = ProcessInfo.processInfo.environment
        let seed = UInt64(env["DIFF_SEED"] ?? "") ?? 77
        var generator = ClassAdExpressionGenerator(seed: seed)
        var rng = ClassAdSeededGenerator(seed: seed &+ 1)
        var lines: [String] = []
        for _ in 0..<(Int(env["DIFF_COUNT"] ?? "") ?? 10_000) {
            var text = Array(generator.expression(depth: 3))
            for _ in 0..<Int.random(in: 1...2, using: &rng) where !text.isEmpty {
                let at = Int.random(in: 0..<text.count, using: &rng)
                let c = Self.alphabet[Int.random(in: 0..<Self.alphabet.count, using: &rng)]
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: text.remove(at: at)
                case 1: text.insert(c, at: at)
                default: text[at] = c
                }
            }
            lines.append(String(text))
        }
        let my = try ClassAd(parsing: ClassAdDifferentialAds.my)
        let target = try ClassAd(parsing: ClassAdDifferentialAds.target)
        let theirs: [String]
        do {
            theirs = try runClassAdCondorEvaluator(lines, my: ClassAdDifferentialAds.my, target: ClassAdDifferentialAds.target)
        } catch {
            Issue.record("cannot run HTCondor's classad2: \(error). Run `pip install htcondor==25.14.1`.")
            return
        }
        try #require(theirs.count == lines.count)
        var mismatches: [String] = []
        var rejected = 0
        var excluded = 0
        for (i, line) in lines.enumerated() {
            // Excluded: absolute references (`.x`). classad2's ExprTree wraps
            // the text in a temporary ad, which becomes the root scope, so
            // `.x` is always undefined there; in a real ad it is the ad's own x.
            if let tree = try? ClassAdExpression(parsing: line), tree.containsAbsoluteReference {
                excluded += 1
                continue
            }
            let ours = classAdOurResult(line, my: my, target: target)
            if ours == "parse-error" { rejected += 1 }
            if ClassAdCanonical.agree(ours, theirs[i]) { continue }
            if ClassAdCanonical.differsOnlyInAdAttributeOrder(ours, theirs[i]) {
                excluded += 1
            } else {
                mismatches.append("\(line)\n    classad2: \(theirs[i])\n    ours:     \(ours)")
            }
        }
        print("syntax differential: compared \(lines.count) mutated expressions (\(rejected) rejected, \(excluded) excluded), \(mismatches.count) mismatches")
        for m in mismatches.prefix(40) { print(m) }
        #expect(mismatches.isEmpty)
    }
}

extension ClassAdExpression {
    var containsAbsoluteReference: Bool {
        switch self {
        case .absoluteAttribute: return true
        case .literal, .attribute: return false
        case .select(let e, _), .unary(_, let e), .parenthesized(let e): return e.containsAbsoluteReference
        case .index(let a, let b), .binary(_, let a, let b), .elvis(let a, let b):
            return a.containsAbsoluteReference || b.containsAbsoluteReference
        case .conditional(let a, let b, let c):
            return a.containsAbsoluteReference || b.containsAbsoluteReference || c.containsAbsoluteReference
        case .call(_, let items), .list(let items): return items.contains { $0.containsAbsoluteReference }
        case .record(let ad): return ad.attributes.contains { $0.expression.containsAbsoluteReference }
        }
    }
}
