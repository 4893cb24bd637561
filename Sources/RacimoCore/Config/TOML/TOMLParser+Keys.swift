extension TOMLParser {
    /// Where a key is being read, so that "expected a key" can say what was expected instead.
    enum KeyContext {
        /// At the start of a line of the document.
        case line
        /// Inside `[…]` or `[[…]]`.
        case header(isArray: Bool)
        /// Inside `{ … }`.
        case inlineTable
    }

    /// A key: one or more simple keys joined by dots, with spaces allowed around the dots
    /// (`a . b` is `a.b`). Leaves the cursor after the last segment's trailing spaces.
    mutating func parseKey(context: KeyContext) throws(Diagnostics) -> [TOMLKeySegment] {
        var path = [try parseSimpleKey(context: context, afterDot: false)]
        skipSpaces()
        while current == "." {
            advance()
            skipSpaces()
            // Bounded like nesting: the finished tables are built recursively.
            guard path.count < Self.maximumDepth else {
                throw failure(at: location, "a key may have at most \(Self.maximumDepth) dotted parts")
            }
            path.append(try parseSimpleKey(context: context, afterDot: true))
            skipSpaces()
        }
        return path
    }

    /// A bare key (`A-Za-z0-9_-`), a basic-string key or a literal-string key.
    private mutating func parseSimpleKey(context: KeyContext, afterDot: Bool) throws(Diagnostics) -> TOMLKeySegment {
        let start = location
        guard let c = current else {
            throw failure(at: start, expectedKey(context, afterDot: afterDot) + ", found end of file")
        }
        if c == "\"" || c == "'" {
            if looksAt(c == "\"" ? "\"\"\"" : "'''") {
                throw failure(
                    at: start, "a key cannot be a multi-line string",
                    hint: "quote the key with a single \(c) on each side")
            }
            let name = c == "\"" ? try parseBasicString() : try parseLiteralString()
            return TOMLKeySegment(name: name, location: start)
        }
        guard Self.isBareKeyScalar(c) else {
            throw badKeyStart(c, context: context, afterDot: afterDot)
        }
        var name = String.UnicodeScalarView()
        while let k = current, Self.isBareKeyScalar(k) {
            name.append(k)
            advance()
        }
        // `größe = 1`: reading stops at 'ö'. Say so here, rather than "expected '='", because
        // the person meant the whole word as the key.
        if let next = current, next.value > 0x7F, next != "\u{FEFF}" {
            throw failure(
                at: location, "invalid character \(Self.describe(next)) in key",
                hint: Self.bareKeyHint + "\"\(String(name))\(wordFromCursor())\"")
        }
        return TOMLKeySegment(name: String(name), location: start)
    }

    private static let bareKeyHint = "bare keys may contain only A-Z, a-z, 0-9, '_' and '-'; quote other keys: "

    private func expectedKey(_ context: KeyContext, afterDot: Bool) -> String {
        if afterDot { return "expected a key after '.'" }
        switch context {
        case .line: return "expected a key, a [table] header or a # comment"
        case .header(let isArray): return isArray ? "expected a name for the array of tables" : "expected a table name"
        case .inlineTable: return "expected a key in the inline table"
        }
    }

    private func badKeyStart(_ c: Unicode.Scalar, context: KeyContext, afterDot: Bool) -> Diagnostics {
        let expected = expectedKey(context, afterDot: afterDot)
        switch c {
        case "=" where !afterDot:
            return failure(at: location, "expected a key before '='", hint: "write the key's name: name = …")
        case "\n", "\r", "]", "=", "}", ",", ".", "#", " ", "\t":
            return failure(at: location, "\(expected), found \(Self.describe(c))")
        default:
            if Self.isControl(c) || c == "\u{FEFF}" {
                return failure(at: location, "\(expected), found \(Self.describe(c))")
            }
            return failure(
                at: location, "invalid character \(Self.describe(c)) in key",
                hint: Self.bareKeyHint + "\"\(wordFromCursor())\"")
        }
    }

    /// The rest of the word at the cursor, for suggesting how to quote it.
    private func wordFromCursor() -> String {
        var end = index
        while end < scalars.count {
            let c = scalars[end]
            if c == " " || c == "\t" || c == "=" || c == "." || c == "\n" || c == "\r" || c == "]" || c == "\""
                || Self.isControl(c)
            {
                break
            }
            end += 1
        }
        return Self.string(scalars[index..<end])
    }
}
