extension TOMLParser {
    /// Where a value is being read, so a missing value can be explained in the user's terms.
    enum ValueContext {
        /// After `key =`; `key` is the key as written, to show the corrected line.
        case keyValue(key: String)
        case arrayElement

        /// How the line starts up to the value (`name = `), for hints that show the fix.
        var written: String {
            switch self {
            case .keyValue(let key): "\(key) = "
            case .arrayElement: ""
            }
        }
    }

    /// Any value, the cursor at its first character.
    mutating func parseValue(_ context: ValueContext) throws(Diagnostics) -> TOMLValue {
        let start = location
        guard let c = current else { throw missingValue(context, word: "") }
        let kind: TOMLValue.Kind
        switch c {
        case "\"":
            kind = .string(looksAt("\"\"\"") ? try parseMultilineString(literal: false) : try parseBasicString())
        case "'":
            kind = .string(looksAt("'''") ? try parseMultilineString(literal: true) : try parseLiteralString())
        case "[":
            return try parseArray()
        case "{":
            return try parseInlineTable()
        case "+", "-", "0"..."9":
            kind = try parseNumberOrDateTime(context)
        default:
            let word = bareWord()
            switch word {
            case "true": kind = .boolean(true)
            case "false": kind = .boolean(false)
            case "inf": kind = .float(.infinity)
            case "nan": kind = .float(.nan)
            default: throw missingValue(context, word: word)
            }
            advance(by: word.unicodeScalars.count)
        }
        return TOMLValue(kind: kind, location: start)
    }

    /// The run of characters at the cursor up to the next separator, without consuming it.
    private func bareWord() -> String {
        var end = index
        while end < scalars.count {
            switch scalars[end] {
            case " ", "\t", "\n", "\r", ",", "]", "}", "#", "[", "{", "=": return Self.string(scalars[index..<end])
            default: end += 1
            }
        }
        return Self.string(scalars[index..<end])
    }

    /// The error for something that is not a value: usually an unquoted string (`name = node1`)
    /// or a boolean in the wrong spelling, so the hint shows the line as it should be written.
    private func missingValue(_ context: ValueContext, word: String) -> Diagnostics {
        let message: String
        switch context {
        case .keyValue: message = "expected a value after '='"
        case .arrayElement: message = "expected a value in the array"
        }
        let written = context.written
        guard !word.isEmpty else {
            let found = Self.describe(current)
            if case .keyValue = context, current == nil || atNewline {
                return failure(
                    at: location, "\(message), found \(found)", hint: "the value must be on the same line as the key")
            }
            return failure(at: location, "\(message), found \(found)")
        }
        let hint: String
        switch word.lowercased() {
        case "true", "false":
            hint = "booleans are written in lowercase: \(written)\(word.lowercased())"
        case "yes", "no", "on", "off":
            hint = "booleans are written true or false"
        case let lowered where lowered.hasPrefix(".") && Self.isDigit(lowered.unicodeScalars.dropFirst().first):
            hint = "write a digit before the decimal point: \(written)0\(word)"
        default:
            var quoted = ""
            for scalar in word.unicodeScalars {
                if scalar == "\"" || scalar == "\\" { quoted += "\\" }
                quoted.unicodeScalars.append(scalar)
            }
            hint = "strings need quotes: \(written)\"\(quoted)\""
        }
        return failure(at: location, message, hint: hint)
    }

    // MARK: Arrays

    /// `[ v, v, … ]`, the cursor at `[`. Line breaks and comments may appear between elements,
    /// and a trailing comma is allowed.
    private mutating func parseArray() throws(Diagnostics) -> TOMLValue {
        let start = location
        try enterNesting(at: start)
        defer { depth -= 1 }
        advance()
        var elements: [TOMLValue] = []
        while true {
            try skipArrayFiller()
            guard let c = current else { throw unclosed(start, "array", closing: "]") }
            if c == "]" { break }
            elements.append(try parseValue(.arrayElement))
            try skipArrayFiller()
            guard let next = current else { throw unclosed(start, "array", closing: "]") }
            if next == "]" { break }
            guard next == "," else {
                throw failure(
                    at: location, "expected ',' or ']' after an array element, found \(Self.describe(next))",
                    hint: "the array starts at \(start)")
            }
            advance()
        }
        advance()  // ']'
        return TOMLValue(kind: .array(elements), location: start)
    }

    /// Blanks, line endings and comments between array elements.
    private mutating func skipArrayFiller() throws(Diagnostics) {
        while true {
            skipSpaces()
            if current == "#" {
                try skipComment()
            } else if try !consumeNewline() {
                return
            }
        }
    }

    // MARK: Inline tables

    /// `{ k = v, … }`, the cursor at `{`. TOML 1.0 keeps inline tables on one line, without a
    /// trailing comma, and closed: nothing may add to them later.
    private mutating func parseInlineTable() throws(Diagnostics) -> TOMLValue {
        let start = location
        try enterNesting(at: start)
        defer { depth -= 1 }
        advance()
        var tree = TOMLTableTree(rootLocation: start)
        skipSpaces()
        if current == "}" {
            advance()
            return TOMLValue(kind: .table(tree.table()), location: start)
        }
        while true {
            skipSpaces()
            try checkInlineTableContinues(start)
            if current == "}" {
                throw failure(
                    at: location, "trailing comma in an inline table",
                    hint: "remove the ',' before '}'; only arrays allow a trailing comma")
            }
            let (path, value) = try parseKeyValue(context: .inlineTable)
            try tree.insert(path, value: value, into: TOMLTableTree.root)
            skipSpaces()
            try checkInlineTableContinues(start)
            if current == "}" { break }
            guard current == "," else {
                throw failure(
                    at: location, "expected ',' or '}' in the inline table, found \(Self.describe(current))",
                    hint: "the inline table starts at \(start)")
            }
            advance()
        }
        advance()  // '}'
        return TOMLValue(kind: .table(tree.table()), location: start)
    }

    private func checkInlineTableContinues(_ start: SourceLocation) throws(Diagnostics) {
        if atEnd { throw unclosed(start, "inline table", closing: "}") }
        if current == "\n" || current == "\r" || current == "#" {
            throw failure(
                at: location, "an inline table must fit on one line; this one starts at \(start)",
                hint: "close it with '}' on this line, or write it as a [table] section")
        }
    }

    private mutating func enterNesting(at start: SourceLocation) throws(Diagnostics) {
        depth += 1
        if depth > Self.maximumDepth {
            throw failure(at: start, "arrays and inline tables are nested more than \(Self.maximumDepth) deep")
        }
    }

    private func unclosed(_ start: SourceLocation, _ what: String, closing: String) -> Diagnostics {
        failure(
            at: start, "unterminated \(what): the \(what) starting here has no closing '\(closing)'",
            hint: "add '\(closing)' after its last element")
    }
}
