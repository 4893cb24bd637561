/// One token of ClassAd source text.
enum ClassAdToken: Equatable {
    case integer(Int64)
    case real(Double)
    case string(String)
    /// A name; `quoted` for `'odd name'` attribute names, which are never keywords.
    case identifier(String, quoted: Bool)
    case punct(String)
    case end
}

/// A token and where it starts (Character offset) and ends.
struct ClassAdLexeme {
    var token: ClassAdToken
    var offset: Int
    var end: Int
}

/// Splits source text into tokens following HTCondor's lexer (lexer.cpp).
///
/// Surprising rules copied in behaviour (not code) from HTCondor:
/// - A `-` directly followed by a digit is part of a number literal unless
///   the previous token ends a value (`a -1` is subtraction, `(-1)` a literal).
/// - Integer literals are decimal. A literal starting with `0` (other than
///   `0` itself) is rejected, as are `0x…` literals: HTCondor's tools run
///   the library with "old ClassAd semantics", which refuses octal and hex
///   (`-010` slips through that check and is minus ten). A literal too large
///   for 64 bits is zero (the C++ conversion fails and leaves 0).
/// - `1.` and `1.e3` are errors; `.5` and `1e3` are reals.
/// - Adjacent string literals separated only by white space are concatenated.
struct ClassAdLexer {
    let chars: [Character]
    private(set) var position = 0
    private var previous: ClassAdToken? = nil

    init(_ text: String) { chars = Array(text) }

    private func peekChar(_ ahead: Int = 0) -> Character? {
        let i = position + ahead
        return i < chars.count ? chars[i] : nil
    }

    private static func isDigit(_ c: Character?) -> Bool { c.map { $0.isASCII && $0.isNumber } ?? false }
    private static func isHex(_ c: Character?) -> Bool { c.map { $0.isHexDigit && $0.isASCII } ?? false }
    private static func isIdentHead(_ c: Character?) -> Bool {
        guard let c, c.isASCII else { return false }
        return c.isLetter || c == "_"
    }
    private static func isIdentBody(_ c: Character?) -> Bool { isIdentHead(c) || isDigit(c) }

    /// The next token, or a parse error at the offending character.
    mutating func next() throws(ClassAdParseError) -> ClassAdLexeme {
        while let c = peekChar(), c.isWhitespace { position += 1 }
        let start = position
        guard let c = peekChar() else { return ClassAdLexeme(token: .end, offset: start, end: start) }
        let token: ClassAdToken
        if c == "-" && !previousEndsValue && (Self.isDigit(peekChar(1)) || (peekChar(1) == "." && Self.isDigit(peekChar(2)))) {
            token = try number()
        } else if Self.isDigit(c) || (c == "." && Self.isDigit(peekChar(1))) {
            token = try number()
        } else if c == "." && peekChar(1) == "." {
            // HTCondor's lexer swallows a second dot: `a..b` is `a.b`, and
            // `..5` is a real whose text strtod cannot read, i.e. 0.0.
            position += 2
            if Self.isDigit(peekChar()) {
                _ = try number()
                token = .real(0)
            } else {
                token = .punct(".")
            }
        } else if Self.isIdentHead(c) {
            while Self.isIdentBody(peekChar()) { position += 1 }
            token = .identifier(String(chars[start..<position]), quoted: false)
        } else if c == "\"" {
            token = .string(try stringLiteral(delimiter: "\""))
        } else if c == "'" {
            token = .identifier(try stringLiteral(delimiter: "'"), quoted: true)
        } else {
            token = .punct(try punctuation())
        }
        previous = token
        return ClassAdLexeme(token: token, offset: start, end: position)
    }

    private var previousEndsValue: Bool {
        switch previous {
        case .identifier(let name, quoted: false):
            // `is` and `isnt` are operators, so `x is -1` has a literal -1.
            let lower = name.lowercased()
            return lower != "is" && lower != "isnt"
        case .integer, .real, .string, .identifier: return true
        case .punct(let p): return p == ")" || p == "]" || p == "}" || p == "."
        default: return false
        }
    }

    private mutating func number() throws(ClassAdParseError) -> ClassAdToken {
        let start = position
        if peekChar() == "-" { position += 1 }
        let digitsStart = position
        var isReal = false
        if peekChar() == "0" && (peekChar(1) == "x" || peekChar(1) == "X") {
            return try hexNumber(start: start)
        }
        let octalCandidate = peekChar() == "0"
        var nonOctal = false
        while Self.isDigit(peekChar()) {
            if let d = peekChar(), d == "8" || d == "9" { nonOctal = true }
            position += 1
        }
        if peekChar() == "." {
            position += 1
            guard Self.isDigit(peekChar()) else {
                throw ClassAdParseError(offset: position, message: "expected digits after the decimal point")
            }
            while Self.isDigit(peekChar()) { position += 1 }
            isReal = true
        }
        if peekChar() == "e" || peekChar() == "E" {
            isReal = true
            position += 1
            if peekChar() == "+" || peekChar() == "-" { position += 1 }
            guard Self.isDigit(peekChar()) else {
                throw ClassAdParseError(offset: position, message: "expected digits in the exponent")
            }
            while Self.isDigit(peekChar()) { position += 1 }
        }
        let text = String(chars[start..<position])
        if isReal {
            guard let value = Double(text) else {
                throw ClassAdParseError(offset: start, message: "malformed real number '\(text)'")
            }
            return .real(value)
        }
        if octalCandidate && (nonOctal || (position - digitsStart > 1 && digitsStart == start)) {
            // Only a lone "0" may start with 0: HTCondor's tools reject octal.
            throw ClassAdParseError(offset: start, message: "'\(text)': numbers may not start with 0 (octal is not supported)")
        }
        return .integer(Int64(text) ?? 0)
    }

    /// `0x…`: HTCondor (with the old-ClassAd semantics its tools enable)
    /// rejects hexadecimal integers, but a hex mantissa with a fraction
    /// (`0xa.5`) is a real that C's strtod reads as a hex float (10.3125).
    private mutating func hexNumber(start: Int) throws(ClassAdParseError) -> ClassAdToken {
        position += 2
        guard Self.isHex(peekChar()) else {
            throw ClassAdParseError(offset: position, message: "expected hexadecimal digits after '0x'")
        }
        while Self.isHex(peekChar()) { position += 1 }
        guard peekChar() == "." else {
            // The old-semantics check only looks for a leading '0', so
            // "-0x1F" slips through and its decimal conversion stops at 'x'.
            if chars[start] == "-" { return .integer(0) }
            throw ClassAdParseError(offset: start, message: "hexadecimal integers are not supported")
        }
        position += 1
        guard Self.isDigit(peekChar()) else {
            throw ClassAdParseError(offset: position, message: "expected digits after the decimal point")
        }
        while Self.isDigit(peekChar()) { position += 1 }
        if peekChar() == "e" || peekChar() == "E" {
            position += 1
            if peekChar() == "+" || peekChar() == "-" { position += 1 }
            guard Self.isDigit(peekChar()) else {
                throw ClassAdParseError(offset: position, message: "expected digits in the exponent")
            }
            while Self.isDigit(peekChar()) { position += 1 }
        }
        // strtod reads the longest hex-float prefix: hex digits, '.', hex digits.
        var value = 0.0
        var scale = 1.0
        var afterPoint = false
        var negative = false
        for c in chars[start..<position].dropFirst(chars[start] == "-" ? 3 : 2) {
            if c == "." {
                if afterPoint { break }
                afterPoint = true
                continue
            }
            guard let digit = c.hexDigitValue else { break }
            if afterPoint {
                scale /= 16
                value += Double(digit) * scale
            } else {
                value = value * 16 + Double(digit)
            }
        }
        negative = chars[start] == "-"
        return .real(negative ? -value : value)
    }

    private mutating func stringLiteral(delimiter: Character) throws(ClassAdParseError) -> String {
        let open = position
        var bytes: [UInt8] = []
        while true {
            position += 1  // past the opening delimiter
            var raw: [Character] = []
            var escaped = false
            while true {
                guard let c = peekChar() else {
                    let what = delimiter == "\"" ? "string" : "quoted attribute name"
                    throw ClassAdParseError(offset: open, message: "unterminated \(what)")
                }
                if c == delimiter && !escaped { break }
                if c == "\u{0}" {
                    // HTCondor reads C strings: a NUL ends the input, so the
                    // literal is unterminated; we say so rather than truncate.
                    throw ClassAdParseError(offset: position, message: "NUL character inside a string")
                }
                escaped = (c == "\\" && !escaped)
                raw.append(c)
                position += 1
            }
            position += 1  // past the closing delimiter
            guard let decoded = Self.unescape(raw) else {
                throw ClassAdParseError(offset: open, message: "string contains a NUL character (\\0)")
            }
            bytes += decoded
            // Adjacent literals separated only by white space are concatenated.
            var look = position
            while look < chars.count, chars[look].isWhitespace { look += 1 }
            if look < chars.count, chars[look] == delimiter {
                position = look
                continue
            }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// HTCondor's escapes: C escapes, up to three octal digits; any other
    /// escaped character stands for itself. Returns nil if a NUL results.
    static func unescape(_ raw: [Character]) -> [UInt8]? {
        var out: [UInt8] = []
        var i = 0
        while i < raw.count {
            let c = raw[i]
            if c == "\\" && i + 1 < raw.count {
                i += 1
                let e = raw[i]
                switch e {
                case "a": out.append(7)
                case "b": out.append(8)
                case "f": out.append(12)
                case "n": out.append(10)
                case "r": out.append(13)
                case "t": out.append(9)
                case "v": out.append(11)
                case "0"..."7":
                    var number = UInt32(e.asciiValue ?? 48) - 48
                    if i + 1 < raw.count, let d = raw[i + 1].asciiValue, (48...55).contains(d) {
                        i += 1
                        number = number * 8 + UInt32(d) - 48
                        if number < 0x20, i + 1 < raw.count, let d2 = raw[i + 1].asciiValue, (48...55).contains(d2) {
                            i += 1
                            number = number * 8 + UInt32(d2) - 48
                        }
                    }
                    if number == 0 { return nil }
                    out.append(UInt8(truncatingIfNeeded: number))
                default: out += Array(String(e).utf8)
                }
            } else {
                out += Array(String(c).utf8)
            }
            i += 1
        }
        return out
    }

    private static let punctuators: [String] = [
        ">>>", "=?=", "=!=", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "?:",
        "(", ")", "[", "]", "{", "}", ",", ";", ".", "?", ":", "+", "-", "*", "/", "%",
        "<", ">", "=", "&", "|", "^", "~", "!",
    ]

    private mutating func punctuation() throws(ClassAdParseError) -> String {
        // HTCondor's lexer reads '?', white space, ':' as one Elvis token,
        // so `a ? : b` is `a ?: b`.
        if chars[position] == "?" {
            var look = position + 1
            while look < chars.count, chars[look].isWhitespace { look += 1 }
            if look < chars.count, chars[look] == ":" {
                position = look + 1
                return "?:"
            }
        }
        for p in Self.punctuators {
            let n = p.count
            if position + n <= chars.count, String(chars[position..<(position + n)]) == p {
                position += n
                return p
            }
        }
        throw ClassAdParseError(offset: position, message: "unexpected character '\(chars[position])'")
    }
}
