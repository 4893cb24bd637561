import Testing
@testable import Jobs

@Suite("ClassAd built-in functions")
struct ClassAdFunctionTests {
    func check(_ table: [(String, ClassAdValue)], sourceLocation: SourceLocation = #_sourceLocation) {
        for (text, expected) in table {
            #expect(classAdEval(text, now: 1_700_000_000) == expected, "\(text)", sourceLocation: sourceLocation)
        }
    }

    @Test("names are case-insensitive; unknown functions and wrong arity evaluate to error")
    func names() {
        check([("IFTHENELSE(true, 1, 2)", .integer(1)), ("StrCat(\"a\")", .string("a")),
               ("noSuchFunction(1)", .error), ("size()", .error), ("int(1, 2)", .error)])
        #expect(classAdParseError("noSuchFunction(1)") == nil, "unknown names parse; they fail at evaluation")
    }

    @Test("ifThenElse evaluates only the chosen branch")
    func ifThenElse() {
        check([("ifThenElse(true, 1, 1/0)", .integer(1)), ("ifThenElse(0.0, 1, 2)", .integer(2)),
               ("ifThenElse(undefined, 1, 2)", .undefined), ("ifThenElse(error, 1, 2)", .error),
               ("ifThenElse(\"a\", 1, 2)", .error), ("ifThenElse(true, 1)", .error)])
    }

    @Test("type predicates")
    func predicates() {
        check([("isUndefined(undefined)", .boolean(true)), ("isUndefined(1/0)", .boolean(false)),
               ("isError(1/0)", .boolean(true)), ("isString(\"a\")", .boolean(true)), ("isInteger(1.0)", .boolean(false)),
               ("isReal(1.0)", .boolean(true)), ("isBoolean(1)", .boolean(false)), ("isBoolean(false)", .boolean(true)),
               ("isList({})", .boolean(true)), ("isClassAd([])", .boolean(true)), ("isString(undefined)", .boolean(false))])
    }

    @Test("strcat, toLower, toUpper, size, string")
    func strings() {
        check([("strcat(\"a\", 1, 1.5, true)", .string("a11.500000000000000E+00true")), ("strcat()", .string("")),
               ("strcat(\"a\", undefined)", .undefined), ("strcat(\"a\", error)", .error), ("strcat(undefined, error)", .undefined),
               ("strcat({1, \"a\"})", .string("{ 1,\"a\" }")), ("toLower(\"AbC\")", .string("abc")), ("toUpper(12)", .string("12")),
               ("toUpper(undefined)", .undefined), ("toLower(error)", .error), ("size(\"abc\")", .integer(3)),
               ("size(\"é\")", .integer(2)), ("size({1, 2})", .integer(2)), ("size([a = 1])", .integer(1)),
               ("size(undefined)", .undefined), ("size(1)", .error), ("string(3)", .string("3")),
               ("string(1.5)", .string("1.500000000000000E+00")), ("string(0.1)", .string("1.000000000000000E-01")),
               ("string(-0.0)", .string("-0.0")), ("string(true)", .string("true")), ("string(undefined)", .undefined),
               ("string(real(\"nan\"))", .string("real(\"NaN\")")), ("string(-1.0/0)", .string("real(\"-INF\")"))])
    }

    @Test("substr counts bytes; negative offset and length count from the end")
    func substr() {
        check([("substr(\"abcdef\", 2)", .string("cdef")), ("substr(\"abcdef\", -2)", .string("ef")),
               ("substr(\"abcdef\", 1, -1)", .string("bcde")), ("substr(\"abcdef\", -3, 2)", .string("de")),
               ("substr(\"abcdef\", 10)", .string("")), ("substr(\"abcdef\", -10, 2)", .string("ab")),
               ("substr(\"abcdef\", 2, 100)", .string("cdef")), ("substr(\"abcdef\", 1, 0)", .string("")),
               ("substr(\"abcdef\", 1.5)", .error), ("substr(undefined, 1)", .undefined), ("substr(1234, 1)", .error),
               ("substr(\"abc\", undefined)", .undefined)])
    }

    @Test("regexp with options")
    func regexp() {
        check([("regexp(\"a.c\", \"xabcx\")", .boolean(true)), ("regexp(\"^A\", \"abc\")", .boolean(false)),
               ("regexp(\"^A\", \"abc\", \"i\")", .boolean(true)), ("regexp(\"(\", \"abc\")", .error),
               ("regexp(\"a\", undefined)", .undefined), ("regexp(1, \"a\")", .error), ("regexp(\"a\", \"a\", 1)", .error)])
    }

    @Test("stringListMember and stringListIMember")
    func stringLists() {
        check([("stringListMember(\"b\", \"a, b,c\")", .boolean(true)), ("stringListMember(\"B\", \"a,b\")", .boolean(false)),
               ("stringListIMember(\"B\", \"a,b\")", .boolean(true)), ("stringListMember(\"b\", \"a;b\", \";\")", .boolean(true)),
               ("stringListMember(\"\", \",a\")", .boolean(false)), ("stringListMember(1, \"1,2\")", .error),
               ("stringListMember(\"x\", undefined)", .boolean(false)), ("stringListMember(undefined, undefined)", .undefined),
               ("stringListMember(\"a\", error)", .error)])
    }

    @Test("int, real and rounding")
    func conversions() {
        check([("int(\"12\")", .integer(12)), ("int(\"12.7\")", .integer(12)), ("int(\" 12abc\")", .integer(12)),
               ("int(\"abc\")", .error), ("int(\"\")", .error), ("int(true)", .integer(1)), ("int(-3.7)", .integer(-3)),
               ("int(undefined)", .undefined), ("int({})", .error), ("int(1e30)", .integer(.min)),
               ("real(\"1.5\")", .real(1.5)), ("real(3)", .real(3)), ("real(\"x\")", .error), ("real(true)", .real(1)),
               ("real(\"-inf\")", .real(-.infinity)), ("floor(3.5)", .integer(3)), ("floor(-3.5)", .integer(-4)),
               ("floor(3)", .integer(3)), ("floor(\"3.2\")", .integer(3)), ("ceiling(3.2)", .integer(4)), ("ceil(3.2)", .integer(4)),
               ("round(2.5)", .integer(2)), ("round(3.5)", .integer(4)), ("round(-2.5)", .integer(-2)), ("round(\"x\")", .error),
               ("floor(undefined)", .error)])
    }

    @Test("min, max, member, identicalMember")
    func lists() {
        check([("min({3, 1.5})", .real(1.5)), ("max({3, 1.5})", .real(3.0)), ("max({1.5, 3})", .real(3.0)),
               ("max({1, 2})", .integer(2)), ("min({})", .undefined), ("min({1, undefined})", .integer(1)),
               ("max({1, \"a\"})", .error), ("max(1, 2)", .error), ("min(undefined)", .undefined),
               ("member(1, {1, 2})", .boolean(true)), ("member(\"A\", {\"a\"})", .boolean(true)),
               ("member(1, {1.0})", .boolean(true)), ("member(3, {1, \"a\"})", .boolean(false)), ("member(1, 1)", .error),
               ("member(undefined, {1})", .undefined), ("identicalMember(\"A\", {\"a\"})", .boolean(false)),
               ("identicalMember(1, {1.0})", .boolean(false)), ("identicalMember(undefined, {undefined})", .boolean(true))])
    }

    @Test("time() is the context's clock")
    func time() {
        #expect(classAdEval("time()", now: 1_700_000_000) == .integer(1_700_000_000))
        #expect(classAdEval("time() - 60", now: 100) == .integer(40))
        #expect(classAdEval("time(1)") == .error)
    }
}
