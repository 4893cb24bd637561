/// One word of a foreign configuration file (keepalived.conf, haproxy.cfg, ldirectord.cf),
/// after its tool's quoting rules have been applied, with the place it was written.
///
/// Readers built on `BraceConfigLexer` and `LineConfigLexer` check words against their tool's
/// keywords; the location lets every complaint point at the exact column the user typed.
public struct ConfigWord: Sendable, Equatable {
    /// The word as the tool would see it: quotes removed, escapes interpreted.
    public var text: String
    /// Where the word starts as written, including an opening quote if it starts with one.
    public var location: SourceLocation
    /// Whether any part of the word was quoted. A reader may need it to tell `"{"` (a value)
    /// from `{`, or to know that a quoted empty word `""` was written on purpose.
    public var quoted: Bool

    public init(text: String, location: SourceLocation, quoted: Bool = false) {
        self.text = text
        self.location = location
        self.quoted = quoted
    }
}

/// The lines of a file's text as arrays of Unicode scalars, because columns count scalars
/// (`SourceLocation`) and both lexers scan one line at a time.
public enum ConfigText {
    /// Splits on `\n` and drops one `\r` before it, so files saved with CRLF line ends read the
    /// same as Unix ones. A final newline does not start an extra (empty) line.
    public static func lines(_ text: String) -> [[Unicode.Scalar]] {
        var lines: [[Unicode.Scalar]] = []
        var current: [Unicode.Scalar] = []
        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                if current.last == "\r" { current.removeLast() }
                lines.append(current)
                current = []
            } else {
                current.append(scalar)
            }
        }
        if current.last == "\r" { current.removeLast() }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    /// The position just past the last character of `text`: where a missing closing token
    /// would have to be written, as compilers report "expected '}'" at the end of a file.
    public static func endLocation(of text: String, file: String) -> SourceLocation {
        var line = 1
        var column = 1
        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return SourceLocation(file: file, line: line, column: column)
    }

    /// The text of `scalars`.
    public static func string<Scalars: Sequence<Unicode.Scalar>>(_ scalars: Scalars) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }
}
