import Testing

@testable import RacimoCore

/// Keys, tables and arrays of tables: the structures TOML builds and the ways it allows them to
/// be written.
@Suite("TOML reader: keys and tables")
struct TOMLReaderTableTests {
    private func parse(_ text: String) throws -> TOMLTable {
        try TOMLReader.parse(text, file: "racimo.toml")
    }

    private func at(_ line: Int, _ column: Int) -> RacimoCore.SourceLocation {
        RacimoCore.SourceLocation(file: "racimo.toml", line: line, column: column)
    }

    /// The table at a path of keys, or nil.
    private func table(_ root: TOMLTable, _ path: String...) -> TOMLTable? {
        var current = root
        for key in path {
            guard case .table(let next) = current[key]?.kind else { return nil }
            current = next
        }
        return current
    }

    @Test("reads bare, quoted and literal keys")
    func keys() throws {
        let root = try parse("""
            bare_key-1 = 1
            1234 = 2
            "127.0.0.1" = 3
            "ʎǝʞ" = 4
            'key2' = 5
            'quoted "value"' = 6
            "" = 7
            "tab\\tkey" = 8
            """)
        #expect(root.keys == ["bare_key-1", "1234", "127.0.0.1", "ʎǝʞ", "key2", #"quoted "value""#, "", "tab\tkey"])
    }

    @Test("dotted keys create nested tables, with spaces around the dots allowed")
    func dottedKeys() throws {
        let root = try parse("""
            name = "Orange"
            physical.color = "orange"
            physical . shape = "round"
            site."google.com" = true
            3.14159 = "pi"
            """)
        #expect(table(root, "physical")?.keys == ["color", "shape"])
        #expect(table(root, "physical")?.entry("shape")?.keyLocation == at(3, 12))
        #expect(table(root, "site")?["google.com"]?.kind == .boolean(true))
        #expect(table(root, "3")?["14159"]?.kind == .string("pi"))
    }

    @Test("dotted keys for one table may be spread over several lines")
    func dottedKeysOutOfOrder() throws {
        let root = try parse("apple.type = \"fruit\"\norange.type = \"fruit\"\napple.skin = \"thin\"")
        #expect(root.keys == ["apple", "orange"])
        #expect(table(root, "apple")?.keys == ["type", "skin"])
    }

    @Test("[table] headers hold the pairs that follow them")
    func headers() throws {
        let root = try parse("""
            top = 0
            [table-1]
            key1 = "some string"
            [ dog . "tater.man" ]
            type.name = "pug"
            [a.b.c]
            [d.e.f]  # same as [ d.e.f ]
            """)
        #expect(root.keys == ["top", "table-1", "dog", "a", "d"])
        #expect(table(root, "dog", "tater.man", "type")?["name"]?.kind == .string("pug"))
        #expect(table(root, "dog", "tater.man")?.location == at(4, 1))
        #expect(table(root, "dog")?.location == at(4, 3))
        #expect(table(root, "a", "b", "c")?.entries.isEmpty == true)
    }

    @Test("a table may be defined after its sub-table, and takes the location of its own header")
    func superTableAfter() throws {
        let root = try parse("[x.y.z.w]\na = 1\n[x]\nb = 2")
        let x = try #require(table(root, "x"))
        #expect(x.keys == ["y", "b"])
        #expect(x.location == at(3, 1))
        #expect(root.entry("x")?.keyLocation == at(3, 2))
        #expect(table(root, "x", "y")?.location == at(1, 4))
    }

    @Test("a [header] may add sub-tables to a table made by dotted keys")
    func headerUnderDottedTable() throws {
        let root = try parse("""
            [fruit]
            apple.color = "red"
            apple.taste.sweet = true
            [fruit.apple.texture]
            smooth = true
            """)
        #expect(table(root, "fruit", "apple")?.keys == ["color", "taste", "texture"])
        #expect(table(root, "fruit", "apple", "texture")?["smooth"]?.kind == .boolean(true))
    }

    @Test("dotted keys may pass through a table that a header created implicitly")
    func dottedThroughImplicit() throws {
        let root = try parse("[a.b.c]\nz = 1\n[a]\nb.d = 2")
        #expect(table(root, "a", "b")?.keys == ["c", "d"])
    }

    @Test("[[header]] appends tables to an array, with sub-tables going to the newest element")
    func arraysOfTables() throws {
        let root = try parse("""
            [[fruits]]
            name = "apple"

            [fruits.physical]  # subtable
            color = "red"

            [[fruits.varieties]]  # nested array of tables
            name = "red delicious"

            [[fruits.varieties]]
            name = "granny smith"

            [[fruits]]
            name = "banana"

            [[fruits.varieties]]
            name = "plantain"
            """)
        guard case .array(let fruits) = root["fruits"]?.kind else { Issue.record("fruits is not an array"); return }
        #expect(fruits.count == 2)
        #expect(fruits.map(\.location) == [at(1, 1), at(13, 1)])
        guard case .table(let apple) = fruits[0].kind, case .table(let banana) = fruits[1].kind else {
            Issue.record("elements are not tables")
            return
        }
        #expect(apple.keys == ["name", "physical", "varieties"])
        #expect(table(apple, "physical")?["color"]?.kind == .string("red"))
        guard case .array(let varieties) = apple["varieties"]?.kind else { Issue.record("no varieties"); return }
        #expect(varieties.count == 2)
        #expect(varieties.map(\.location) == [at(7, 1), at(10, 1)])
        #expect(banana.keys == ["name", "varieties"])
    }

    @Test("an empty [[header]] adds an empty table")
    func emptyArrayTables() throws {
        let root = try parse("[[products]]\nname = \"Hammer\"\n[[products]]\n[[products]]\ncolor = \"gray\"")
        guard case .array(let products) = root["products"]?.kind else { Issue.record("not an array"); return }
        #expect(products.count == 3)
        #expect(products[1].kind == .table(TOMLTable(location: at(3, 1))))
    }

    @Test("accepts CRLF line endings, comments and blank lines")
    func crlf() throws {
        let root = try parse("# c\r\na = 1\r\n\r\n[t]  # c\r\nb = \"x\"\r\nc = [\r\n  1,\r\n]\r\n")
        #expect(root["a"]?.kind == .integer(1))
        #expect(table(root, "t")?.entry("b")?.keyLocation == at(5, 1))
        #expect(table(root, "t")?["b"]?.location == at(5, 5))
        #expect(table(root, "t")?["c"]?.kind == .array([TOMLValue(kind: .integer(1), location: at(7, 3))]))
    }

    @Test("skips a byte-order mark without counting it as a column")
    func byteOrderMark() throws {
        let root = try parse("\u{FEFF}a = 1\nb = 2")
        #expect(root.entry("a")?.keyLocation == at(1, 1))
        #expect(root["a"]?.location == at(1, 5))
    }

    @Test("accepts tabs as whitespace and a document without a final newline")
    func whitespace() throws {
        let root = try parse("\ta\t=\t1\t#\tc\n[\tt\t]\n\tb = 2")
        #expect(root["a"]?.location == at(1, 6))
        #expect(table(root, "t")?["b"]?.kind == .integer(2))
    }
}
