import Testing
@testable import Jobs

/// Inputs at and beyond the limits must give errors, never a crash.
@Suite("Limits")
struct ClassAdLimitsTests {
    @Test("deepest accepted nesting evaluates and prints")
    func deepestAccepted() throws {
        for (open, close) in [("(", ")"), ("{", "}[0]"), ("!", ""), ("-", ""), ("ifThenElse(true, ", ", 0)"), ("[a = ", "].a")] {
            let n = 160
            let text = String(repeating: open, count: n) + "1" + String(repeating: close, count: n)
            let tree = try ClassAdExpression(parsing: text)
            _ = tree.evaluate()
            #expect(try ClassAdExpression(parsing: tree.description) == tree)
        }
    }

    @Test("long operator chains")
    func longChains() throws {
        let sum = Array(repeating: "1", count: 100_000).joined(separator: " + ")
        #expect(classAdParseError(sum)?.message.contains("nested too deeply") == true)
        let accepted = Array(repeating: "1", count: 450).joined(separator: " + ")
        let tree = try ClassAdExpression(parsing: accepted)
        #expect(tree.evaluate() == .error, "deeper than the evaluation limit (400), as in HTCondor")
        #expect(try ClassAdExpression(parsing: tree.description) == tree)
        #expect(Array(repeating: "1", count: 300).joined(separator: " + ").isEmpty == false)
        #expect(classAdEval(Array(repeating: "1", count: 300).joined(separator: " + ")) == .integer(300))
        let clauses = (0..<60).map { "x > \($0)" }.joined(separator: " && ")
        let requirements = try ClassAdExpression(parsing: clauses)
        #expect(requirements.conjuncts.count == 60)
        #expect(requirements.evaluate(my: classAdFrom("[x = 100]")) == .boolean(true))
    }
}
