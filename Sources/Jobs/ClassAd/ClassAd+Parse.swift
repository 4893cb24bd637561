extension ClassAd {
    /// Parses an ad in either of HTCondor's two textual forms:
    /// - new ClassAd syntax `[ a = 1; b = "x" ]` (when the first non-blank
    ///   character is `[`), or
    /// - the "old" form HTCondor's tools print, one `Name = expression` per
    ///   line; blank lines and lines starting with `#` are skipped.
    ///
    /// Errors in the line form carry the 1-based `line` and the offset
    /// within that line.
    public init(parsing text: String) throws(ClassAdParseError) {
        let trimmed = text.drop { $0.isWhitespace }
        if trimmed.first == "[" {
            var parser = try ClassAdParser(text)
            let expr = try parser.parseWholeExpression()
            guard case .record(let ad) = expr else {
                throw ClassAdParseError(offset: 0, message: "expected a single ClassAd in '[ ... ]'")
            }
            self = ad
            return
        }
        self.init()
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = String(rawLine.last == "\r" ? rawLine.dropLast() : rawLine)
            let content = line.drop { $0.isWhitespace }
            if content.isEmpty || content.first == "#" { continue }
            guard let equals = Self.bindingEquals(in: line) else {
                throw ClassAdParseError(offset: 0, message: "expected 'Name = expression' on line \(lineNumber)", line: lineNumber)
            }
            let nameText = line[..<equals].classAdTrimmed
            guard let name = Self.attributeName(nameText) else {
                throw ClassAdParseError(offset: 0, message: "'\(nameText)' is not a valid attribute name on line \(lineNumber)", line: lineNumber)
            }
            let exprStart = line.distance(from: line.startIndex, to: equals) + 1
            do {
                set(name, try ClassAdExpression(parsing: String(line[line.index(after: equals)...])))
            } catch {
                throw ClassAdParseError(offset: exprStart + error.offset, message: "\(error.message) on line \(lineNumber)", line: lineNumber)
            }
        }
    }
}

extension ClassAd {
    /// The '=' that binds the name: the first one outside a quoted name.
    static func bindingEquals(in line: String) -> String.Index? {
        var quoted = false
        var escaped = false
        for i in line.indices {
            let c = line[i]
            if quoted {
                if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "'" { quoted = false }
            } else if c == "'" {
                quoted = true
            } else if c == "=" {
                return i
            }
        }
        return nil
    }

    /// A plain identifier, or a quoted `'odd name'` as `description` writes it.
    static func attributeName(_ text: String) -> String? {
        if ClassAdExpression.isPlainIdentifier(text) { return text }
        guard text.first == "'" else { return nil }
        var lexer = ClassAdLexer(text)
        guard case .identifier(let name, quoted: true)? = try? lexer.next().token,
              case .end? = try? lexer.next().token else { return nil }
        return name
    }
}

extension Substring {
    fileprivate var classAdTrimmed: String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
