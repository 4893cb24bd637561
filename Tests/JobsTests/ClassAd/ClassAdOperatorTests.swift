import Testing
@testable import Jobs

@Suite("ClassAd operators")
struct ClassAdOperatorTests {
    @Test("&& and || use three-valued logic and short-circuit")
    func logic() {
        let table: [(String, ClassAdValue)] = [
            ("false && undefined", .boolean(false)), ("undefined && false", .boolean(false)),
            ("true && undefined", .undefined), ("undefined && true", .undefined),
            ("undefined && undefined", .undefined), ("true || undefined", .boolean(true)),
            ("undefined || true", .boolean(true)), ("false || undefined", .undefined),
            ("undefined || false", .undefined), ("false && error", .boolean(false)),
            ("error && false", .error), ("true || error", .boolean(true)), ("error || true", .error),
            ("true && error", .error), ("undefined && error", .error), ("1 && 2.5", .boolean(true)),
            ("0 || 0.0", .boolean(false)), ("true && \"a\"", .error), ("\"a\" || true", .error),
            ("false && \"a\"", .boolean(false)), ("!undefined", .undefined), ("!error", .error),
            ("!0", .boolean(true)), ("!\"a\"", .error),
        ]
        for (text, expected) in table { #expect(classAdEval(text) == expected, "\(text)") }
    }

    @Test("strict operators: error wins over undefined, undefined propagates")
    func strictness() {
        #expect(classAdEval("1 + undefined") == .undefined)
        #expect(classAdEval("undefined + error") == .error)
        #expect(classAdEval("undefined == undefined") == .undefined)
        #expect(classAdEval("undefined < 1") == .undefined)
        #expect(classAdEval("-undefined") == .undefined)
        #expect(classAdEval("~undefined") == .undefined)
        #expect(classAdEval("undefined & 1") == .undefined)
        #expect(classAdEval("\"a\" + undefined") == .undefined, "undefined is checked before types")
    }

    @Test("arithmetic: promotion, integer division, modulus, overflow, division by zero")
    func arithmetic() {
        let table: [(String, ClassAdValue)] = [
            ("7 / 2", .integer(3)), ("-7 / 2", .integer(-3)), ("-7 % 3", .integer(-1)), ("7 % -3", .integer(1)),
            ("7 / 2.0", .real(3.5)), ("1 + 1.5", .real(2.5)), ("true + 1", .integer(2)), ("true * 2.5", .real(2.5)),
            ("1 / 0", .error), ("1 % 0", .error), ("1.0 / 0", .error), ("5.5 % 2", .error),
            ("-1.0 / 0", .real(-.infinity)), ("1e308 * 10", .error), ("-1e308 * 10", .real(-.infinity)),
            ("9223372036854775807 + 1", .integer(.min)), ("-9223372036854775808 / -1", .integer(.max)),
            ("-9223372036854775808 % -1", .integer(0)), ("\"a\" + 1", .error), ("{1} + 1", .error),
            ("-true", .error), ("+\"a\"", .error), ("+1.5", .real(1.5)), ("1 ++ 2", .integer(3)),
        ]
        for (text, expected) in table { #expect(classAdEval(text) == expected, "\(text)") }
        guard case .real(let nan)? = classAdEval("0.0 / 0") else { Issue.record("0/0"); return }
        #expect(nan.isNaN)
    }

    @Test("comparisons: case-insensitive strings, numbers across types, errors across kinds")
    func comparisons() {
        let table: [(String, ClassAdValue)] = [
            ("\"abc\" == \"ABC\"", .boolean(true)), ("\"a\" < \"B\"", .boolean(true)), ("\"b\" >= \"A\"", .boolean(true)),
            ("\"a\" != \"A\"", .boolean(false)), ("1 == 1.0", .boolean(true)), ("2 > 1.5", .boolean(true)),
            ("true == 1", .boolean(true)), ("true < 2", .boolean(true)), ("1 < \"a\"", .error),
            ("\"1\" == 1", .error), ("{1} == {1}", .error), ("[] == []", .error), ("true == \"true\"", .error),
            ("0.0 / 0 == 0.0 / 0", .boolean(false)), ("0.0 / 0 != 0.0 / 0", .boolean(true)),
        ]
        for (text, expected) in table { #expect(classAdEval(text) == expected, "\(text)") }
    }

    @Test("=?= and =!= are exact: type-strict, case-sensitive, never undefined")
    func identity() {
        let table: [(String, ClassAdValue)] = [
            ("\"a\" =?= \"A\"", .boolean(false)), ("\"a\" =?= \"a\"", .boolean(true)), ("1 =?= 1.0", .boolean(false)),
            ("undefined =?= undefined", .boolean(true)), ("error =?= error", .boolean(true)),
            ("undefined =?= 1", .boolean(false)), ("1 =!= true", .boolean(true)), ("x is undefined", .boolean(true)),
            ("x isnt undefined", .boolean(false)), ("{1} =?= {1}", .error), ("[] =!= []", .error),
        ]
        for (text, expected) in table { #expect(classAdEval(text) == expected, "\(text)") }
    }

    @Test("bitwise and shifts on integers only, with HTCondor's shift rules")
    func bitwise() {
        let table: [(String, ClassAdValue)] = [
            ("5 & 3", .integer(1)), ("5 | 3", .integer(7)), ("5 ^ 3", .integer(6)), ("~5", .integer(-6)),
            ("1 << 4", .integer(16)), ("-8 >> 1", .integer(-4)), ("-8 >>> 1", .integer(9223372036854775804)),
            ("1 << 64", .integer(1)), ("-8 >> 70", .integer(-1)), ("true & false", .error), ("5 & 1.0", .error),
            ("~1.5", .error),
        ]
        for (text, expected) in table { #expect(classAdEval(text) == expected, "\(text)") }
    }

    @Test("?:, Elvis, subscripts and selection")
    func structure() {
        let table: [(String, ClassAdValue)] = [
            ("true ? 1 : 1/0", .integer(1)), ("0 ? 1 : 2", .integer(2)), ("undefined ? 1 : 2", .undefined),
            ("error ? 1 : 2", .error), ("\"a\" ? 1 : 2", .error), ("undefined ?: 3", .integer(3)),
            ("5 ?: 3", .integer(5)), ("error ?: 3", .error), ("{1,2}[1]", .integer(2)), ("{1,2}[2]", .error),
            ("{1,2}[-1]", .error), ("{1,2}[1.0]", .error), ("undefined[0]", .undefined), ("\"abc\"[0]", .error),
            ("[a = 1][\"A\"]", .integer(1)), ("[a = 1].b", .undefined), ("[a = 1; b = a + 1].b", .integer(2)),
            ("{[a = 1], [a = 2]}.a", .list([.integer(1), .integer(2)])), ("(1).a", .error),
            ("[a = b; b = a].a", .undefined),
        ]
        for (text, expected) in table { #expect(classAdEval(text) == expected, "\(text)") }
    }
}
