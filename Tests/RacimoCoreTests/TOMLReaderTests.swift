import Testing

@testable import RacimoCore

/// Values of every TOML type, and where the reader says they were written.
@Suite("TOML reader: values and positions")
struct TOMLReaderTests {
    private func parse(_ text: String) throws -> TOMLTable {
        try TOMLReader.parse(text, file: "racimo.toml")
    }

    private func at(_ line: Int, _ column: Int) -> RacimoCore.SourceLocation {
        RacimoCore.SourceLocation(file: "racimo.toml", line: line, column: column)
    }

    private func kind(_ text: String) throws -> TOMLValue.Kind? {
        try parse("v = \(text)")["v"]?.kind
    }

    // MARK: Positions

    @Test("records the line and column of every key and value")
    func positions() throws {
        let text = """
            # cluster
            name = "lab"
            [node]
              address = '10.0.0.1'
              ports = [ 7000,
                        7001 ]
              tls = { enabled = true, cert = "/etc/racimo/cert.pem" }
              server.timeout = "5s"
            [[peer]]
            host = "a"
            """
        let root = try parse(text)
        #expect(root.location == at(1, 1))
        #expect(root.entry("name")?.keyLocation == at(2, 1))
        #expect(root["name"]?.location == at(2, 8))

        let nodeEntry = try #require(root.entry("node"))
        #expect(nodeEntry.keyLocation == at(3, 2))
        #expect(nodeEntry.value.location == at(3, 1))
        guard case .table(let node) = nodeEntry.value.kind else { Issue.record("node is not a table"); return }
        #expect(node.location == at(3, 1))
        #expect(node.entry("address")?.keyLocation == at(4, 3))
        #expect(node["address"]?.location == at(4, 13))

        #expect(node.entry("ports")?.keyLocation == at(5, 3))
        #expect(node["ports"]?.location == at(5, 11))
        guard case .array(let ports) = node["ports"]?.kind else { Issue.record("ports is not an array"); return }
        #expect(ports.map(\.location) == [at(5, 13), at(6, 13)])

        guard case .table(let tls) = node["tls"]?.kind else { Issue.record("tls is not a table"); return }
        #expect(tls.location == at(7, 9))
        #expect(node["tls"]?.location == at(7, 9))
        #expect(tls.entry("enabled")?.keyLocation == at(7, 11))
        #expect(tls["enabled"]?.location == at(7, 21))
        #expect(tls.entry("cert")?.keyLocation == at(7, 27))
        #expect(tls["cert"]?.location == at(7, 34))

        // A dotted key: each segment is a key of its own table, at its own column.
        #expect(node.entry("server")?.keyLocation == at(8, 3))
        guard case .table(let server) = node["server"]?.kind else { Issue.record("server is not a table"); return }
        #expect(server.location == at(8, 3))
        #expect(server.entry("timeout")?.keyLocation == at(8, 10))
        #expect(server["timeout"]?.location == at(8, 20))

        let peers = try #require(root.entry("peer"))
        #expect(peers.keyLocation == at(9, 3))
        #expect(peers.value.location == at(9, 1))
        guard case .array(let elements) = peers.value.kind, case .table(let peer) = elements.first?.kind else {
            Issue.record("peer is not an array of tables")
            return
        }
        #expect(elements.first?.location == at(9, 1))
        #expect(peer.location == at(9, 1))
        #expect(peer["host"]?.location == at(10, 8))
    }

    @Test("counts columns in Unicode scalars, a tab as one column")
    func unicodeColumns() throws {
        let root = try parse("\"ä\" = \"x\"\n\tb = \"e\u{301}\"  # café\nc = 1")
        #expect(root.entry("ä")?.keyLocation == at(1, 1))
        #expect(root["ä"]?.location == at(1, 7))
        #expect(root.entry("b")?.keyLocation == at(2, 2))
        #expect(root["b"]?.location == at(2, 6))
        #expect(root.entry("c")?.keyLocation == at(3, 1))
    }

    @Test("keeps entries in file order")
    func order() throws {
        let root = try parse("zeta = 1\nalpha = 2\nmid = 3")
        #expect(root.keys == ["zeta", "alpha", "mid"])
    }

    @Test("reads an empty document as an empty root table at 1:1")
    func empty() throws {
        #expect(try parse("") == TOMLTable(location: at(1, 1)))
        #expect(try parse("\n  # only a comment\n\n").entries.isEmpty)
    }

    // MARK: Strings

    @Test("reads basic strings with every escape")
    func basicStrings() throws {
        #expect(try kind(#""tab\there""#) == .string("tab\there"))
        #expect(try kind(#""\b\t\n\f\r\"\\""#) == .string("\u{08}\t\n\u{0C}\r\"\\"))
        #expect(try kind(#""caf\u00E9 \U0001F600""#) == .string("café 😀"))
        #expect(try kind(#""""#) == .string(""))
        #expect(try kind("\"tab\tinside\"") == .string("tab\tinside"))
    }

    @Test("reads literal strings exactly as written")
    func literalStrings() throws {
        #expect(try kind(#"'C:\Users\nodejs\templates'"#) == .string(#"C:\Users\nodejs\templates"#))
        #expect(try kind(#"'<\i\c*\s*>'"#) == .string(#"<\i\c*\s*>"#))
        #expect(try kind("''") == .string(""))
    }

    @Test("reads multi-line basic strings, trimming the first newline and joining backslashed lines")
    func multilineBasic() throws {
        #expect(try kind("\"\"\"\nRoses\nViolets\"\"\"") == .string("Roses\nViolets"))
        #expect(try kind("\"\"\"\nThe quick \\\n\n   brown \\\n   fox.\"\"\"") == .string("The quick brown fox."))
        #expect(try kind("\"\"\"a \\   \n  b\"\"\"") == .string("a b"))
        #expect(try kind(#""""Here are two quotation marks: "". Simple enough.""""#)
            == .string(#"Here are two quotation marks: "". Simple enough."#))
        #expect(try kind(#""""say "hi"""""#) == .string(#"say "hi""#))
        #expect(try kind("\"\"\"\r\nline one\r\nline two\"\"\"") == .string("line one\nline two"))
        #expect(try kind(#""""\u0041\t""""#) == .string("A\t"))
    }

    @Test("reads multi-line literal strings without escapes")
    func multilineLiteral() throws {
        #expect(try kind("'''\nI [dw]on't need \\d{2} apples'''") == .string("I [dw]on't need \\d{2} apples"))
        #expect(try kind("'''\nfirst\n  second \\\nthird'''") == .string("first\n  second \\\nthird"))
        #expect(try kind("''''That,' she said, 'is still pointless.''''")
            == .string("'That,' she said, 'is still pointless.'"))
    }

    // MARK: Numbers

    @Test("reads decimal integers with signs and underscores")
    func integers() throws {
        #expect(try kind("99") == .integer(99))
        #expect(try kind("+99") == .integer(99))
        #expect(try kind("-17") == .integer(-17))
        #expect(try kind("0") == .integer(0))
        #expect(try kind("-0") == .integer(0))
        #expect(try kind("1_000_000") == .integer(1_000_000))
        #expect(try kind("9223372036854775807") == .integer(.max))
        #expect(try kind("-9223372036854775808") == .integer(.min))
    }

    @Test("reads hexadecimal, octal and binary integers")
    func prefixedIntegers() throws {
        #expect(try kind("0xDEADBEEF") == .integer(0xDEAD_BEEF))
        #expect(try kind("0xdead_beef") == .integer(0xDEAD_BEEF))
        #expect(try kind("0o755") == .integer(0o755))
        #expect(try kind("0b1101_0110") == .integer(0b1101_0110))
        #expect(try kind("0x7FFFFFFFFFFFFFFF") == .integer(.max))
        #expect(try kind("0x00") == .integer(0))
    }

    @Test("reads floats with fractions, exponents and underscores")
    func floats() throws {
        #expect(try kind("1.0") == .float(1.0))
        #expect(try kind("+3.1415") == .float(3.1415))
        #expect(try kind("-0.01") == .float(-0.01))
        #expect(try kind("5e+22") == .float(5e22))
        #expect(try kind("1e06") == .float(1e6))
        #expect(try kind("-2E-2") == .float(-2e-2))
        #expect(try kind("6.626e-34") == .float(6.626e-34))
        #expect(try kind("224_617.445_991") == .float(224_617.445_991))
        #expect(try kind("0.0") == .float(0))
    }

    @Test("reads inf and nan with and without signs")
    func specialFloats() throws {
        #expect(try kind("inf") == .float(.infinity))
        #expect(try kind("+inf") == .float(.infinity))
        #expect(try kind("-inf") == .float(-.infinity))
        for text in ["nan", "+nan", "-nan"] {
            guard case .float(let value) = try kind(text) else {
                Issue.record("\(text) is not a float")
                continue
            }
            #expect(value.isNaN)
        }
    }

    @Test("reads true and false")
    func booleans() throws {
        #expect(try kind("true") == .boolean(true))
        #expect(try kind("false") == .boolean(false))
    }

    // MARK: Date-times

    @Test("keeps offset and local date-times, dates and times as written")
    func dateTimes() throws {
        for text in [
            "1979-05-27T07:32:00Z", "1979-05-27T00:32:00-07:00", "1979-05-27T00:32:00.999999+07:00",
            "1979-05-27 07:32:00Z", "1979-05-27t07:32:00z", "1979-05-27T07:32:00", "1979-05-27T00:32:00.999999",
            "1979-05-27", "07:32:00", "00:32:00.999999", "2000-02-29", "1990-12-31T23:59:60Z",
        ] {
            #expect(try kind(text) == .dateTime(text), "\(text)")
        }
    }

    @Test("splits a date at a space only when a time follows")
    func dateSpace() throws {
        #expect(try kind("[1979-05-27, 1979-05-28 ]") == .array([
            TOMLValue(kind: .dateTime("1979-05-27"), location: at(1, 6)),
            TOMLValue(kind: .dateTime("1979-05-28"), location: at(1, 18)),
        ]))
        #expect(try parse("d = 1979-05-27 # a date\n")["d"]?.kind == .dateTime("1979-05-27"))
    }

    // MARK: Arrays and inline tables

    @Test("reads arrays of mixed types, over several lines, with comments and a trailing comma")
    func arrays() throws {
        let root = try parse("""
            a = [
              1,   # first
              "two",
              [3.0, [true]],
              { x = 4 },
            ]
            empty = [ ]
            """)
        guard case .array(let a) = root["a"]?.kind else { Issue.record("a is not an array"); return }
        #expect(a.map(\.typeName) == ["integer", "string", "array", "table"])
        #expect(a.map(\.location) == [at(2, 3), at(3, 3), at(4, 3), at(5, 3)])
        guard case .array(let nested) = a[2].kind else { Issue.record("not nested"); return }
        #expect(nested[1].kind == .array([TOMLValue(kind: .boolean(true), location: at(4, 10))]))
        #expect(root["empty"]?.kind == .array([]))
    }

    @Test("reads inline tables, with dotted keys inside and nested inline tables")
    func inlineTables() throws {
        let root = try parse(#"point = { x = 1, y = 2 }"# + "\n" + #"animal = { type.name = "pug", legs = { n = 4 } }"# + "\nnone = {}")
        guard case .table(let point) = root["point"]?.kind else { Issue.record("point is not a table"); return }
        #expect(point.keys == ["x", "y"])
        #expect(point["y"]?.kind == .integer(2))
        guard case .table(let animal) = root["animal"]?.kind, case .table(let type) = animal["type"]?.kind else {
            Issue.record("animal.type is not a table")
            return
        }
        #expect(type["name"]?.kind == .string("pug"))
        #expect(type.location == at(2, 12))
        #expect(root["none"]?.kind == .table(TOMLTable(location: at(3, 8))))
    }

    @Test("names each type for messages")
    func typeNames() throws {
        let root = try parse("s = 'x'\ni = 1\nf = 1.5\nb = true\nd = 1979-05-27\na = []\nt = {}")
        #expect(root.entries.map(\.value.typeName) == ["string", "integer", "float", "boolean", "date-time", "array", "table"])
        #expect(root["i"]?.typeNameWithArticle == "an integer")
        #expect(root["s"]?.typeNameWithArticle == "a string")
    }
}
