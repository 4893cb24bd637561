/// Reads TOML 1.0 documents, remembering where every key and value was written.
///
/// Racimo has its own reader (rather than a package) because every configuration message must
/// name `file:line:column`, for the mistakes in the syntax and, through the locations kept in
/// `TOMLValue` and `TOMLTable.Entry`, for mistakes found later when the values are interpreted.
///
/// The whole of TOML 1.0 is accepted: comments; bare, quoted and dotted keys; basic, literal and
/// multi-line strings with every escape; decimal, hexadecimal, octal and binary integers; floats
/// including `inf` and `nan`; booleans; offset and local date-times, dates and times (kept as
/// text); arrays; inline tables; `[table]` and `[[array of tables]]` headers; and the rules
/// against defining a key or table twice. CRLF line endings and a leading byte-order mark are
/// accepted; line endings inside multi-line strings are read as `\n`.
public enum TOMLReader {
    /// Parses `text`, the contents of the file named `file` (used only in locations).
    ///
    /// - Throws: `Diagnostics` holding exactly one error at the line and column of the first
    ///   problem, worded for the person who wrote the file, for example
    ///   `racimo.toml:3:8: error: expected a value after '=' (strings need quotes: name = "node1")`.
    public static func parse(_ text: String, file: String) throws(Diagnostics) -> TOMLTable {
        var parser = TOMLParser(text: text, file: file)
        return try parser.parseDocument()
    }
}

extension TOMLParser {
    /// The document: a sequence of lines, each empty, a comment, a key/value pair or a header.
    mutating func parseDocument() throws(Diagnostics) -> TOMLTable {
        var tree = TOMLTableTree(rootLocation: SourceLocation(file: file, line: 1, column: 1))
        var section = TOMLTableTree.root
        while !atEnd {
            skipSpaces()
            guard let c = current else { break }
            if c == "#" {
                try skipComment()
                try finishLine(after: "the comment")
            } else if c == "\n" || c == "\r" {
                _ = try consumeNewline()
            } else if c == "[" {
                section = try parseHeader(into: &tree)
                try finishLine(after: "the table header")
            } else {
                let (path, value) = try parseKeyValue(context: .line)
                try tree.insert(path, value: value, into: section)
                try finishLine(after: "the value")
            }
        }
        return tree.table()
    }

    /// `key = value`, the cursor at the key. The caller inserts the pair into its table, so
    /// that the same code serves both the document and inline tables.
    mutating func parseKeyValue(context: KeyContext) throws(Diagnostics) -> ([TOMLKeySegment], TOMLValue) {
        let keyStart = index
        let path = try parseKey(context: context)
        let keyText = Self.string(scalars[keyStart..<keyEnd(after: keyStart)])
        skipSpaces()
        guard current == "=" else {
            throw missingEquals(afterKey: keyText)
        }
        advance()
        skipSpaces()
        let value = try parseValue(.keyValue(key: keyText))
        return (path, value)
    }

    /// Where the key that started at `start` ends, trailing spaces excluded (the cursor has
    /// already skipped them).
    private func keyEnd(after start: Int) -> Int {
        var end = index
        while end > start, scalars[end - 1] == " " || scalars[end - 1] == "\t" { end -= 1 }
        return end
    }

    private func missingEquals(afterKey key: String) -> Diagnostics {
        let found = current
        var hint: String?
        if found == ":" {
            hint = "TOML assigns with '=': \(key) = …"
        } else if let found, Self.isBareKeyScalar(found) {
            hint = "a key with spaces must be quoted: \"\(key) …\""
        } else if found == nil || atNewline {
            hint = "each line is a key = value pair, a [table] header or a # comment"
        }
        return failure(at: location, "expected '=' after key '\(key)', found \(Self.describe(found))", hint: hint)
    }

    /// `[a.b]` or `[[a.b]]`, the cursor at the first `[`; returns the table that following
    /// key/value pairs belong to.
    private mutating func parseHeader(into tree: inout TOMLTableTree) throws(Diagnostics) -> Int {
        let start = location
        advance()
        let isArray = current == "["
        if isArray { advance() }
        skipSpaces()
        let path = try parseKey(context: .header(isArray: isArray))
        skipSpaces()
        let closing = isArray ? "]]" : "]"
        guard looksAt(closing) else {
            let header = (isArray ? "[[" : "[") + TOMLTableTree.display(path) + closing
            throw failure(
                at: location, "expected '\(closing)' to close the header \(header), found \(Self.describe(current))",
                hint: current == "]" && isArray
                    ? "an array-of-tables header is written \(header), with no space between the brackets" : nil)
        }
        advance(by: closing.unicodeScalars.count)
        if isArray {
            return try tree.appendArrayTable(path, header: start)
        }
        return try tree.openTable(path, header: start)
    }
}
