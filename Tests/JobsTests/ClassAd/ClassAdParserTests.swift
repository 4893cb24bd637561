import Testing
@testable import Jobs

@Suite("Parsing ClassAd expressions")
struct ClassAdParserTests {
    @Test("literals of every kind")
    func literals() throws {
        #expect(classAdEval("42") == .integer(42))
        #expect(classAdEval("-7") == .integer(-7))
        #expect(classAdEval("9223372036854775807") == .integer(.max))
        #expect(classAdEval("-9223372036854775808") == .integer(.min))
        #expect(classAdEval("9223372036854775808") == .integer(0), "too large: HTCondor's conversion leaves 0")
        #expect(classAdEval("1.5") == .real(1.5))
        #expect(classAdEval(".5") == .real(0.5))
        #expect(classAdEval("1e3") == .real(1000))
        #expect(classAdEval("2.5E-2") == .real(0.025))
        #expect(classAdEval("\"a\\tb\\\"c\\\\\"") == .string("a\tb\"c\\"))
        #expect(classAdEval("\"\\101\\n\"") == .string("A\n"), "octal escapes")
        #expect(classAdEval("\"a\" \"b\"") == .string("ab"), "adjacent strings concatenate")
        #expect(classAdEval("TRUE") == .boolean(true))
        #expect(classAdEval("False") == .boolean(false))
        #expect(classAdEval("UNDEFINED") == .undefined)
        #expect(classAdEval("Error") == .error)
        #expect(classAdEval("{1, \"a\", 2.5}") == .list([.integer(1), .string("a"), .real(2.5)]))
        #expect(classAdEval("{}") == .list([]))
        let nested = try #require(classAdEval("[a = 1; b = \"x\"]"))
        guard case .classAd(let inner) = nested else { Issue.record("not an ad"); return }
        #expect(inner["A"] == .literal(.integer(1)))
    }

    @Test("numbers HTCondor's tools reject: octal, hex, a bare dot")
    func rejectedNumbers() {
        for text in ["010", "00", "0x10", "08", "1.", "1.e3", "1e", "1e+"] {
            #expect(classAdParseError(text) != nil, "\(text) should not parse")
        }
        #expect(classAdEval("-010") == .integer(-10), "HTCondor's octal check misses a leading minus")
        #expect(classAdEval("0") == .integer(0))
        #expect(classAdEval("-0") == .integer(0))
    }

    @Test("precedence follows HTCondor: * over +, + over <<, << over <, < over ==, == over &, & over ^ over |, | over &&, && over ||, ?: last")
    func precedence() {
        #expect(classAdEval("1 + 2 * 3") == .integer(7))
        #expect(classAdEval("(1 + 2) * 3") == .integer(9))
        #expect(classAdEval("10 - 4 - 3") == .integer(3), "left associative")
        #expect(classAdEval("1 << 2 + 1") == .integer(8))
        #expect(classAdEval("1 << 2 < 5") == .boolean(true))
        #expect(classAdEval("1 < 2 == true") == .boolean(true))
        #expect(classAdEval("1 & 3 == 3") == .error, "== binds tighter than &: 1 & true")
        #expect(classAdEval("6 & 3 ^ 1") == .integer(3))
        #expect(classAdEval("1 | 2 ^ 3") == .integer(1))
        #expect(classAdEval("true || false && false") == .boolean(true))
        #expect(classAdEval("true ? 1 : false ? 2 : 3") == .integer(1))
        #expect(classAdEval("false ? 1 : false ? 2 : 3") == .integer(3))
        #expect(classAdEval("-2 * -3") == .integer(6))
        #expect(classAdEval("!true || true") == .boolean(true))
        #expect(classAdEval("1 + undefined ?: 2") == .integer(3), "Elvis binds like a postfix operator")
        #expect(classAdEval("{1, 2, 3}[1] * 2") == .integer(4))
        #expect(classAdEval("1 is 1") == .boolean(true))
        #expect(classAdEval("1 isnt 1.0") == .boolean(true))
    }

    @Test("attribute names are case-insensitive, MY/TARGET/OTHER scope them")
    func names() {
        let my = classAdFrom("[Memory = 10; Name = \"m\"]")
        let target = classAdFrom("[Memory = 20]")
        #expect(classAdEval("memory", my: my, target: target) == .integer(10))
        #expect(classAdEval("MY.MEMORY", my: my, target: target) == .integer(10))
        #expect(classAdEval("target.memory", my: my, target: target) == .integer(20))
        #expect(classAdEval("Other.Memory", my: my, target: target) == .integer(20))
        #expect(classAdEval("'Memory'", my: my) == .integer(10), "quoted attribute name")
        #expect(classAdEval("[ 'odd name' = 1 ].'odd name'") == .integer(1))
        #expect(classAdEval(".Name", my: my, target: target) == .string("m"), "absolute reference: the outermost ad")
        #expect(classAdEval(".Memory", my: classAdFrom("[]"), target: target) == .undefined, "absolute references never fall back to TARGET")
        #expect(classAdEval("[Memory = 5; v = .Memory].v", my: my) == .integer(10))
    }

    @Test("errors carry the offset and a readable message")
    func errors() throws {
        let unclosed = try #require(classAdParseError("(1 + 2"))
        #expect(unclosed.offset == 6)
        #expect(unclosed.message.contains("expected ')' to close '(' opened at column 1"))
        let string = try #require(classAdParseError("x == \"abc"))
        #expect(string.offset == 5)
        #expect(string.message == "unterminated string")
        let trailing = try #require(classAdParseError("1 2"))
        #expect(trailing.offset == 2)
        let missing = try #require(classAdParseError("1 +"))
        #expect(missing.offset == 3)
        #expect(missing.message.contains("end of input"))
        let colon = try #require(classAdParseError("a ? b"))
        #expect(colon.message.contains("expected ':'"))
        let bad = try #require(classAdParseError("a # b"))
        #expect(bad.offset == 2)
        #expect(bad.message.contains("'#'"))
        let list = try #require(classAdParseError("{1, 2"))
        #expect(list.message.contains("expected '}' to close '{' opened at column 1"))
        let nul = try #require(classAdParseError("\"a\\0b\""))
        #expect(nul.message.contains("NUL"))
        let unicode = try #require(classAdParseError("\"é\" + é"))
        #expect(unicode.offset == 6, "offsets count Characters")
    }

    @Test("deep nesting is a parse error, not a crash")
    func depth() throws {
        let deep = String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000)
        let error = try #require(classAdParseError(deep))
        #expect(error.message.contains("nested too deeply"))
        let unary = String(repeating: "!", count: 10_000) + "true"
        #expect(classAdParseError(unary) != nil)
        let okay = String(repeating: "(", count: 30) + "1" + String(repeating: ")", count: 30)
        #expect(classAdEval(okay) == .integer(1))
    }

    @Test("description round-trips to an equal tree")
    func roundTrip() throws {
        let samples = [
            "1 + 2 * 3", "(1 + 2) * 3", "a - -5", "- 5", "--x", "!!x", "~-x", "x.y.z", "MY.x + TARGET.y",
            "{ 1, \"a\", {} }[0]", "[a = 1; b = a + 1].b", "f(1, g(2), \"s\")", "c ? t : e ? 1 : 2",
            "(c ? t : e) ? 1 : 2", "a ?: b ?: c", "\"q\\\"u\\\\o\\n\\t\\001é\"", "1.5E+300", "0.1 + 0.2",
            "'odd name' + 1", "x is undefined && y isnt error", "1 >>> 2 >> 3 << 4", "a =?= b =!= c",
            "9223372036854775807", "-9223372036854775808", "0.30000000000000004", ".5", "1e-300", "-0.0",
            "strcat(\"a\";\"b\")",
        ]
        for text in samples {
            let tree = try ClassAdExpression(parsing: text)
            let again = try ClassAdExpression(parsing: tree.description)
            #expect(again == tree, "\(text) printed as \(tree.description)")
        }
        #expect(try ClassAdExpression(parsing: "1+2*3").description == "1 + 2 * 3")
        #expect(try ClassAdExpression(parsing: "{1,2}").description == "{ 1,2 }")
        #expect(try ClassAdExpression(parsing: "x=?=1").description == "x =?= 1")
    }

    @Test("hand-built trees print with the parentheses precedence needs")
    func builtTrees() throws {
        let sum = ClassAdExpression.binary(.add, .literal(.integer(1)), .literal(.integer(2)))
        let product = ClassAdExpression.binary(.multiply, sum, .literal(.integer(3)))
        #expect(product.description == "(1 + 2) * 3")
        #expect(try ClassAdExpression(parsing: product.description).evaluate() == .integer(9))
        let minus = ClassAdExpression.unary(.minus, .literal(.integer(5)))
        #expect(try ClassAdExpression(parsing: minus.description) == minus)
    }
}
