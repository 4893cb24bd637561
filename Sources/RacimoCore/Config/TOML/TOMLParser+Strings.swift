extension TOMLParser {
    /// `"…"`, the cursor at the opening quote: escapes resolved, no line breaks.
    mutating func parseBasicString() throws(Diagnostics) -> String {
        let start = location
        advance()
        var text = String.UnicodeScalarView()
        while true {
            guard let c = current else { throw unterminated(start, closing: "\"") }
            switch c {
            case "\"":
                advance()
                return String(text)
            case "\\":
                text.append(try parseEscape())
            case "\n", "\r":
                throw newlineInString(start, closing: "\"", multiline: "\"\"\"")
            default:
                try checkStringScalar(c, literal: false)
                text.append(c)
                advance()
            }
        }
    }

    /// `'…'`, the cursor at the opening quote: taken exactly as written, no line breaks.
    mutating func parseLiteralString() throws(Diagnostics) -> String {
        let start = location
        advance()
        var text = String.UnicodeScalarView()
        while true {
            guard let c = current else { throw unterminated(start, closing: "'") }
            switch c {
            case "'":
                advance()
                return String(text)
            case "\n", "\r":
                throw newlineInString(start, closing: "'", multiline: "'''")
            default:
                try checkStringScalar(c, literal: true)
                text.append(c)
                advance()
            }
        }
    }

    /// `"""…"""` (escapes resolved) or `'''…'''` (as written), the cursor at the first quote.
    ///
    /// A line break right after the opening delimiter is dropped, so the text can start on the
    /// next line. In a basic one, a backslash at the end of a line joins it to the next line's
    /// first non-blank character. Up to two quotes may touch the closing delimiter
    /// (`"""say "hi"""""` ends with `"hi""`), as the specification allows.
    mutating func parseMultilineString(literal: Bool) throws(Diagnostics) -> String {
        let start = location
        let quote: Unicode.Scalar = literal ? "'" : "\""
        let delimiter = String(repeating: String(quote), count: 3)
        advance(by: 3)
        if atNewline { _ = try consumeNewline() }
        var text = String.UnicodeScalarView()
        while true {
            guard let c = current else { throw unterminated(start, closing: delimiter) }
            if c == quote {
                let runStart = location
                var run = 0
                while current == quote {
                    run += 1
                    advance()
                }
                if run < 3 {
                    text.append(contentsOf: Array(repeating: quote, count: run))
                    continue
                }
                if run > 5 {
                    throw failure(
                        at: runStart, "too many \(quote) in a row to close the multi-line string",
                        hint: literal
                            ? "a ''' string cannot contain ''' inside it; use a \"\"\" string instead"
                            : "escape quotes inside the string as \\\"")
                }
                text.append(contentsOf: Array(repeating: quote, count: run - 3))
                return String(text)
            }
            if c == "\\" && !literal {
                if try skipLineEndingBackslash() { continue }
                text.append(try parseEscape())
            } else if atNewline {
                _ = try consumeNewline()
                text.append("\n")
            } else if c == "\r" {
                _ = try consumeNewline()  // a lone CR: throws
            } else {
                try checkStringScalar(c, literal: literal)
                text.append(c)
                advance()
            }
        }
    }

    /// At a backslash in a multi-line basic string: if only blanks follow it on its line, skips
    /// the backslash, the line ending and all blanks and line endings after it.
    private mutating func skipLineEndingBackslash() throws(Diagnostics) -> Bool {
        var offset = 1
        while let c = peek(offset), c == " " || c == "\t" { offset += 1 }
        guard peek(offset) == "\n" || (peek(offset) == "\r" && peek(offset + 1) == "\n") else { return false }
        advance(by: offset)
        while let c = current, c == " " || c == "\t" || atNewline {
            if c == " " || c == "\t" { advance() } else { _ = try consumeNewline() }
        }
        return true
    }

    /// One escape sequence, the cursor at the backslash.
    private mutating func parseEscape() throws(Diagnostics) -> Unicode.Scalar {
        let start = location
        advance()
        guard let c = current else { throw invalidEscape(start, "\\") }
        let simple: Unicode.Scalar? =
            switch c {
            case "b": "\u{08}"
            case "t": "\t"
            case "n": "\n"
            case "f": "\u{0C}"
            case "r": "\r"
            case "\"": "\""
            case "\\": "\\"
            default: nil
            }
        if let simple {
            advance()
            return simple
        }
        guard c == "u" || c == "U" else {
            throw invalidEscape(start, "\\" + (c == "\n" || c == "\r" ? "" : String(c)))
        }
        let digits = c == "u" ? 4 : 8
        advance()
        var value: UInt32 = 0
        for _ in 0..<digits {
            guard let d = current, let v = Self.hexValue(d) else {
                throw failure(
                    at: start, "\\\(c) must be followed by exactly \(digits) hexadecimal digits",
                    hint: (c == "u" ? "for example \\u00E9 for é" : "for example \\U0001F600 for 😀")
                        + "; a backslash itself is written \\\\")
            }
            value = value &* 16 &+ v
            advance()
        }
        guard let scalar = Unicode.Scalar(value) else {
            let hex = String(value, radix: 16, uppercase: true)
            let written = "\\\(c)" + String(repeating: "0", count: max(0, digits - hex.count)) + hex
            throw failure(
                at: start, "\(written) is not a Unicode character",
                hint: "surrogates (D800-DFFF) and values above 10FFFF cannot be written")
        }
        return scalar
    }

    private static func hexValue(_ c: Unicode.Scalar) -> UInt32? {
        switch c {
        case "0"..."9": c.value - 0x30
        case "a"..."f": c.value - 0x61 + 10
        case "A"..."F": c.value - 0x41 + 10
        default: nil
        }
    }

    /// Control characters must be escaped (basic strings) or cannot appear at all (literal).
    private func checkStringScalar(_ c: Unicode.Scalar, literal: Bool) throws(Diagnostics) {
        guard Self.isControl(c) else { return }
        let escape = "write it as an escape, such as \\u0007"
        throw failure(
            at: location, "\(Self.describe(c)) is not allowed in a string",
            hint: literal ? "use a \"…\" string and " + escape : escape)
    }

    private func invalidEscape(_ at: SourceLocation, _ escape: String) -> Diagnostics {
        failure(
            at: at, "invalid escape '\(escape)' in a string",
            hint: "to write a backslash, double it (\\\\), or use a literal string such as 'C:\\temp'")
    }

    private func unterminated(_ start: SourceLocation, closing: String) -> Diagnostics {
        failure(
            at: start, "unterminated string: the string starting here has no closing \(closing)",
            hint: "add \(closing) where the text ends")
    }

    private func newlineInString(_ start: SourceLocation, closing: String, multiline: String) -> Diagnostics {
        failure(
            at: location, "line ends inside a string that starts at \(start)",
            hint: "close it with \(closing) before the end of the line, or use \(multiline) for text that spans lines")
    }
}
