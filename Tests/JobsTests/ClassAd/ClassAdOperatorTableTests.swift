import Testing
@testable import Jobs

/// Operator behaviour as whole tables over the kinds of operand, checked
/// against classad2 when written.
@Suite("ClassAd operator tables")
struct ClassAdOperatorTableTests {
    static let operands = ["undefined", "error", "true", "3", "2.5", "\"a\"", "{1}", "[a = 1]"]
    static let strict = ["*", "/", "%", "+", "-", "<<", ">>", ">>>", "<", "<=", ">", ">=", "==", "!=", "&", "^", "|"]

    @Test("every strict operator: error beats undefined, undefined beats everything else")
    func strictOperators() {
        for op in Self.strict {
            for other in Self.operands {
                #expect(classAdEval("error \(op) \(other)") == .error, "error \(op) \(other)")
                #expect(classAdEval("\(other) \(op) error") == .error, "\(other) \(op) error")
                if other != "error" {
                    #expect(classAdEval("undefined \(op) \(other)") == .undefined, "undefined \(op) \(other)")
                    #expect(classAdEval("\(other) \(op) undefined") == .undefined, "\(other) \(op) undefined")
                }
            }
        }
    }

    @Test("&& and || truth tables over true, false, undefined, error")
    func truthTables() {
        let values = ["true", "false", "undefined", "error"]
        // Rows: left operand; columns: right operand (same order as `values`).
        let and: [[ClassAdValue]] = [
            [.boolean(true), .boolean(false), .undefined, .error],
            [.boolean(false), .boolean(false), .boolean(false), .boolean(false)],
            [.undefined, .boolean(false), .undefined, .error],
            [.error, .error, .error, .error],
        ]
        let or: [[ClassAdValue]] = [
            [.boolean(true), .boolean(true), .boolean(true), .boolean(true)],
            [.boolean(true), .boolean(false), .undefined, .error],
            [.boolean(true), .undefined, .undefined, .error],
            [.error, .error, .error, .error],
        ]
        for (i, l) in values.enumerated() {
            for (j, r) in values.enumerated() {
                #expect(classAdEval("\(l) && \(r)") == and[i][j], "\(l) && \(r)")
                #expect(classAdEval("\(l) || \(r)") == or[i][j], "\(l) || \(r)")
            }
        }
    }

    @Test("which kinds compare with which: numbers and booleans together, strings alone, lists and ads never")
    func comparability() {
        let kinds = ["true", "3", "2.5", "\"a\"", "{1}", "[a = 1]"]
        // 1 = compares (gives a boolean), 0 = error. Rows/columns as `kinds`.
        let compares = [
            [1, 1, 1, 0, 0, 0],
            [1, 1, 1, 0, 0, 0],
            [1, 1, 1, 0, 0, 0],
            [0, 0, 0, 1, 0, 0],
            [0, 0, 0, 0, 0, 0],
            [0, 0, 0, 0, 0, 0],
        ]
        for (i, l) in kinds.enumerated() {
            for (j, r) in kinds.enumerated() {
                for op in ["==", "!=", "<", ">="] {
                    let result = classAdEval("\(l) \(op) \(r)")
                    if compares[i][j] == 1 {
                        guard case .boolean? = result else { Issue.record("\(l) \(op) \(r) gave \(String(describing: result))"); continue }
                    } else {
                        #expect(result == .error, "\(l) \(op) \(r)")
                    }
                }
            }
        }
    }

    @Test("=?= is true exactly for same kind and same value")
    func identityTable() {
        let kinds = ["undefined", "error", "true", "3", "3.0", "\"a\"", "\"A\""]
        for (i, l) in kinds.enumerated() {
            for (j, r) in kinds.enumerated() {
                #expect(classAdEval("\(l) =?= \(r)") == .boolean(i == j), "\(l) =?= \(r)")
                #expect(classAdEval("\(l) =!= \(r)") == .boolean(i != j), "\(l) =!= \(r)")
            }
        }
    }

    @Test("arithmetic result kinds: int op int is int, any real makes real, booleans count as ints")
    func arithmeticKinds() {
        for op in ["+", "-", "*"] {
            #expect(classAdEval("6 \(op) 3").map { if case .integer = $0 { true } else { false } } == true, "6 \(op) 3")
            #expect(classAdEval("6 \(op) 3.0").map { if case .real = $0 { true } else { false } } == true, "6 \(op) 3.0")
            #expect(classAdEval("true \(op) 3").map { if case .integer = $0 { true } else { false } } == true, "true \(op) 3")
            #expect(classAdEval("\"6\" \(op) 3") == .error, "\"6\" \(op) 3")
            #expect(classAdEval("{6} \(op) 3") == .error, "{6} \(op) 3")
        }
    }
}
