/// The pieces of one keepalived.conf line, before they are grouped into statements.
enum BraceToken: Equatable {
    case word(ConfigWord)
    case open(SourceLocation)
    case close(SourceLocation)
}

extension BraceConfigLexer {
    /// Splits one line into words and braces, following keepalived's `lib/parser.c`:
    ///
    /// - White space is space, tab, `\f`, `\v` and a stray `\r` (keepalived's `WHITE_SPACE_STR`).
    /// - `#` or `!` outside double quotes starts a comment that runs to the end of the line,
    ///   wherever it appears, even inside a word (`decomment()`); `\#` and `\!` outside quotes
    ///   stand for the character itself. Any other backslash is kept as written, because
    ///   keepalived leaves it for the keywords that interpret escapes themselves.
    /// - `{` and `}` outside quotes are tokens of their own even when glued to a word
    ///   (`read_line()` splits the line at them), so `vrrp_instance VI_1{` is two words and `{`.
    /// - `"` starts a quoted word that ends at the next `"` on the same line; the quotes are
    ///   dropped and everything between is kept, spaces and `#` included (`alloc_strvec_r()`).
    ///   A quote also ends an unquoted word, so `a"b c"` is the words `a` and `b c`, as in
    ///   keepalived. Single quotes are ordinary characters.
    static func tokens(
        of line: [Unicode.Scalar], number: Int, file: String, diagnostics: inout Diagnostics
    ) -> [BraceToken] {
        var tokens: [BraceToken] = []
        var index = 0
        func location(_ index: Int) -> SourceLocation {
            SourceLocation(file: file, line: number, column: index + 1)
        }
        while index < line.count {
            let scalar = line[index]
            switch scalar {
            case _ where isWhiteSpace(scalar):
                index += 1
            case "#", "!":
                return tokens
            case "{":
                tokens.append(.open(location(index)))
                index += 1
            case "}":
                tokens.append(.close(location(index)))
                index += 1
            case "\"":
                let start = index
                guard let end = line[(start + 1)...].firstIndex(of: "\"") else {
                    diagnostics.append(.error(
                        at: location(start), "unterminated quoted string",
                        hint: "add the closing double quote on the same line"))
                    let rest = ConfigText.string(Array(line[(start + 1)...]))
                    tokens.append(.word(ConfigWord(text: rest, location: location(start), quoted: true)))
                    return tokens
                }
                let text = ConfigText.string(Array(line[(start + 1)..<end]))
                tokens.append(.word(ConfigWord(text: text, location: location(start), quoted: true)))
                index = end + 1
            default:
                let start = index
                var text: [Unicode.Scalar] = []
                while index < line.count, !endsUnquotedWord(line[index]) {
                    // `\#` and `\!` are the only escapes keepalived resolves on every line.
                    if line[index] == "\\", index + 1 < line.count, line[index + 1] == "#" || line[index + 1] == "!" {
                        index += 1
                    }
                    text.append(line[index])
                    index += 1
                }
                tokens.append(.word(ConfigWord(text: ConfigText.string(text), location: location(start))))
            }
        }
        return tokens
    }

    private static func isWhiteSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\r" || scalar == "\u{0B}" || scalar == "\u{0C}"
    }

    private static func endsUnquotedWord(_ scalar: Unicode.Scalar) -> Bool {
        isWhiteSpace(scalar) || scalar == "\"" || scalar == "{" || scalar == "}"
            || scalar == "#" || scalar == "!"
    }
}
