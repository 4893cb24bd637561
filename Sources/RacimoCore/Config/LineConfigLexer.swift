/// One non-blank, non-comment line of a line-oriented configuration file.
public struct ConfigLine: Sendable, Equatable {
    public var words: [ConfigWord]
    /// The number of spaces and tabs before the first word, each counting one (as columns
    /// do), so `indent == words[0].location.column - 1`. HAProxy ignores it (its sections are
    /// recognised by keyword), but ldirectord.cf puts a line under the preceding `virtual=`
    /// exactly when it is indented, so readers need to see it.
    public var indent: Int
    /// The 1-based line number in the file.
    public var line: Int

    public init(words: [ConfigWord], indent: Int, line: Int) {
        self.words = words
        self.indent = indent
        self.line = line
    }
}

/// Reads haproxy.cfg- and ldirectord.cf-style files: one statement per line, words separated
/// by spaces or tabs, `#` comments.
///
/// Words follow section 2.2 "Quoting and escaping" of HAProxy's configuration.txt:
///
/// - A backslash escapes the next character: `\ ` (a space inside a word), `\#` (a hash, not
///   a comment), `\\`, `\'` and `\"`. A backslash before any other character is kept with it,
///   as HAProxy does, so regexes such as `\1` or `\.` reach the reader unchanged.
/// - Double quotes ("weak quoting") stop space, `'` and `#` from being special, but escapes
///   are still interpreted inside them.
/// - Single quotes ("strong quoting") make everything up to the next `'` literal, backslashes
///   included.
/// - Quoted and unquoted parts written without a space between them form one word
///   (`"%{+Q}o %t"' %s'\ %{-Q}r` is a single word), because HAProxy replaces quotes and escapes
///   in place.
/// - `#` outside quotes, and not escaped, starts a comment to the end of the line, even in the
///   middle of a word.
///
/// Environment variables (HAProxy section 2.3, `"$NAME"` and `"${NAME}"`, expanded only
/// inside double quotes) are not expanded: the lexer has no environment. For the same reason
/// `\$` inside double quotes, which HAProxy documents as a literal dollar, is kept as the two
/// characters `\$`, so a reader that does expand variables can still tell it from a variable.
///
/// ldirectord.cf is read with the same rules. Its `key=value` lines stay one word
/// (`real=192.168.0.101:80`, `receive="Pagina de Prueba"` becomes `receive=Pagina de Prueba`):
/// the lexer knows nothing of `=`, so the reader splits the word at the first `=` itself, and
/// joins `key`, `=`, `value` when a user wrote spaces around the `=` (ldirectord allows them).
/// Lines are never joined: neither tool has line continuations.
public enum LineConfigLexer {
    /// Parses a whole file; blank and comment-only lines are left out.
    ///
    /// - Parameters:
    ///   - text: the file's contents; the lexer does no I/O.
    ///   - file: the name to put in every `SourceLocation`, as the user wrote it.
    /// - Throws: an "unterminated quoted string" error at the opening quote of every line
    ///   that ends inside quotes (HAProxy rejects such a line too), all of them at once.
    public static func parse(_ text: String, file: String) throws(Diagnostics) -> [ConfigLine] {
        var diagnostics = Diagnostics()
        var lines: [ConfigLine] = []
        for (offset, scalars) in ConfigText.lines(text).enumerated() {
            let number = offset + 1
            let words = words(of: scalars, number: number, file: file, diagnostics: &diagnostics)
            guard let first = words.first else { continue }
            lines.append(ConfigLine(words: words, indent: first.location.column - 1, line: number))
        }
        if diagnostics.hasErrors { throw diagnostics }
        return lines
    }

    private enum Quote {
        case none, double, single
    }

    private static func words(
        of line: [Unicode.Scalar], number: Int, file: String, diagnostics: inout Diagnostics
    ) -> [ConfigWord] {
        var words: [ConfigWord] = []
        var index = 0
        func location(_ index: Int) -> SourceLocation {
            SourceLocation(file: file, line: number, column: index + 1)
        }
        while true {
            while index < line.count, isBlank(line[index]) { index += 1 }
            guard index < line.count, line[index] != "#" else { return words }

            let start = index
            var text: [Unicode.Scalar] = []
            var quote = Quote.none
            var quoteStart = start
            var quoted = false
            scan: while index < line.count {
                let scalar = line[index]
                switch (quote, scalar) {
                case (.single, "'"), (.double, "\""):
                    quote = .none
                case (.single, _):
                    text.append(scalar)
                case (_, "\\"):
                    index = escape(at: index, in: line, quote: quote, into: &text)
                    continue scan
                case (.double, _):
                    text.append(scalar)
                case (.none, "\""), (.none, "'"):
                    quote = scalar == "\"" ? .double : .single
                    quoteStart = index
                    quoted = true
                case (.none, "#"):
                    break scan
                case (.none, _) where isBlank(scalar):
                    break scan
                case (.none, _):
                    text.append(scalar)
                }
                index += 1
            }
            if quote != .none {
                let kind = quote == .double ? "double" : "single"
                diagnostics.append(.error(
                    at: location(quoteStart), "unterminated quoted string",
                    hint: "add the closing \(kind) quote on the same line"))
            }
            words.append(ConfigWord(text: ConfigText.string(text), location: location(start), quoted: quoted))
            // A `#` that ended the word also ends the line.
            if index < line.count, line[index] == "#" { return words }
        }
    }

    /// Interprets the backslash at `index` and returns the index after what it consumed.
    private static func escape(
        at index: Int, in line: [Unicode.Scalar], quote: Quote, into text: inout [Unicode.Scalar]
    ) -> Int {
        guard index + 1 < line.count else {
            text.append("\\")  // a backslash at the end of a line has nothing to escape
            return index + 1
        }
        let next = line[index + 1]
        switch next {
        case " ", "#", "\\", "'", "\"":
            text.append(next)
        default:
            // Unknown escapes (and `\$`, see the type's documentation) stay as written.
            text.append("\\")
            text.append(next)
        }
        return index + 2
    }

    private static func isBlank(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t"
    }
}
