/// The reader's cursor over one document: Unicode scalars with the line and column of each.
///
/// The reader works on scalars rather than `Character`s because TOML's grammar is defined on
/// code points and `SourceLocation` counts columns in scalars; a `Character` would fuse `\r\n`
/// (and combining marks) and shift every column after it.
struct TOMLParser {
    let file: String
    let scalars: [Unicode.Scalar]
    var index: Int
    var line = 1
    var column = 1
    /// How deeply arrays and inline tables are nested here; bounded so that a hostile or broken
    /// file (`a = [[[[…`) yields a message instead of exhausting the stack.
    var depth = 0
    static let maximumDepth = 100

    init(text: String, file: String) {
        self.file = file
        self.scalars = Array(text.unicodeScalars)
        // A byte-order mark is invisible in editors, so it takes no column: the first key
        // written in the file is still at 1:1.
        self.index = scalars.first == "\u{FEFF}" ? 1 : 0
    }

    // MARK: Moving

    var atEnd: Bool { index >= scalars.count }

    var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

    func peek(_ offset: Int) -> Unicode.Scalar? {
        let i = index + offset
        return i < scalars.count ? scalars[i] : nil
    }

    var location: SourceLocation { SourceLocation(file: file, line: line, column: column) }

    mutating func advance() {
        if scalars[index] == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
        index += 1
    }

    mutating func advance(by count: Int) {
        for _ in 0..<count { advance() }
    }

    /// True if the next scalars are exactly `text`.
    func looksAt(_ text: String) -> Bool {
        var i = index
        for scalar in text.unicodeScalars {
            guard i < scalars.count, scalars[i] == scalar else { return false }
            i += 1
        }
        return true
    }

    // MARK: Whitespace, newlines, comments

    /// Skips spaces and tabs, the only whitespace TOML allows within a line.
    mutating func skipSpaces() {
        while let c = current, c == " " || c == "\t" { advance() }
    }

    /// At `\n` or `\r\n`.
    var atNewline: Bool {
        current == "\n" || (current == "\r" && peek(1) == "\n")
    }

    /// Consumes one line ending if there is one. A carriage return not followed by a line feed
    /// is an error: TOML allows only LF and CRLF, and a stray CR usually means a file damaged
    /// by a copy between systems.
    mutating func consumeNewline() throws(Diagnostics) -> Bool {
        if current == "\n" {
            advance()
            return true
        }
        if current == "\r" {
            guard peek(1) == "\n" else {
                throw failure(
                    at: location, "carriage return without a line feed",
                    hint: "TOML lines end with LF or CRLF; save the file with Unix or Windows line endings")
            }
            advance(by: 2)
            return true
        }
        return false
    }

    /// Skips a `#` comment up to (not including) the line ending.
    mutating func skipComment() throws(Diagnostics) {
        advance()  // '#'
        while let c = current, !atNewline {
            if c == "\r" { _ = try consumeNewline() }  // not CRLF here, so this throws
            if Self.isControl(c) {
                throw failure(at: location, "\(Self.describe(c)) is not allowed in a comment")
            }
            advance()
        }
    }

    /// Ends a line after a key/value pair or a header: optional spaces and comment, then a line
    /// ending or the end of the file.
    mutating func finishLine(after what: String) throws(Diagnostics) {
        skipSpaces()
        if current == "#" { try skipComment() }
        if atEnd { return }
        if try consumeNewline() { return }
        throw failure(
            at: location, "unexpected \(Self.describe(current)) after \(what)",
            hint: "each key = value pair and each [table] header goes on its own line")
    }

    // MARK: Errors

    /// The error to throw: exactly one diagnostic, because the first problem found usually
    /// causes any later ones and a person fixes one at a time.
    func failure(at location: SourceLocation, _ message: String, hint: String? = nil) -> Diagnostics {
        Diagnostics([.error(at: location, message, hint: hint)])
    }

    // MARK: Character classes

    /// Control characters that TOML forbids unescaped (everything below U+0020 except tab, and
    /// DEL); line endings are handled by the callers before this check.
    static func isControl(_ c: Unicode.Scalar) -> Bool {
        (c.value < 0x20 && c != "\t") || c.value == 0x7F
    }

    static func isDigit(_ c: Unicode.Scalar?) -> Bool {
        guard let c else { return false }
        return c >= "0" && c <= "9"
    }

    static func isBareKeyScalar(_ c: Unicode.Scalar) -> Bool {
        (c >= "A" && c <= "Z") || (c >= "a" && c <= "z") || isDigit(c) || c == "_" || c == "-"
    }

    /// How a scalar is named in a message: `'x'`, "end of line", "end of file", or the code
    /// point of an invisible control character.
    static func describe(_ c: Unicode.Scalar?) -> String {
        guard let c else { return "end of file" }
        switch c {
        case "\n", "\r": return "end of line"
        case "\t": return "a tab"
        case "\u{FEFF}": return "a byte-order mark (U+FEFF)"
        default:
            if isControl(c) { return "control character \(codePoint(c))" }
            return "'\(c)'"
        }
    }

    /// `U+0007`: four hex digits at least, as Unicode charts write them.
    static func codePoint(_ c: Unicode.Scalar) -> String {
        let hex = String(c.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// A scalar sequence as a `String`.
    static func string<S: Sequence>(_ scalars: S) -> String where S.Element == Unicode.Scalar {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }
}
