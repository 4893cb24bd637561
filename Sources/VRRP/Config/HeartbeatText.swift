import RacimoCore

/// One of Heartbeat's files as the reader is given it: the name for messages, and the text.
public struct HeartbeatFile: Sendable, Equatable {
    public var name: String
    public var text: String

    public init(name: String, text: String) {
        self.name = name
        self.text = text
    }
}

/// Splits Heartbeat's files into words with their positions.
///
/// Heartbeat has no quoting and no escapes, so `LineConfigLexer` (HAProxy's rules) would read
/// some lines differently: a key `s3cr#t` in authkeys, where `#` starts a comment only at the
/// beginning of a line, or a `'` in a resource argument. Each file's own rule is applied here:
///
/// - ha.cf (`parse_config()` in `heartbeat/config.c`): `#` anywhere starts a comment; words
///   are separated by blanks and, for option lists, commas (`DELIMS ", \t\n\r\f"`).
/// - haresources (`ipres()` in `heartbeat/lib/ResourceManager.in`): `#` anywhere starts a
///   comment, then lines ending in `\` are joined; words are separated by blanks.
/// - authkeys (`parse_authfile()` in `heartbeat/auth.c`): a line whose first non-blank
///   character is `#` is a comment; words are separated by blanks.
enum HeartbeatText {
    struct Line {
        var number: Int
        var words: [ConfigWord]
    }

    /// The words of one line between `start` and `end`, split at any of `separators`.
    static func words(_ line: [Unicode.Scalar], number: Int, file: String, from start: Int = 0, to end: Int? = nil,
                      separators: Set<Unicode.Scalar>) -> [ConfigWord] {
        let end = end ?? line.count
        var words: [ConfigWord] = []
        var index = start
        while index < end {
            while index < end, separators.contains(line[index]) { index += 1 }
            guard index < end else { break }
            let wordStart = index
            while index < end, !separators.contains(line[index]) { index += 1 }
            words.append(ConfigWord(text: ConfigText.string(line[wordStart..<index]),
                                    location: SourceLocation(file: file, line: number, column: wordStart + 1)))
        }
        return words
    }

    static let blanks: Set<Unicode.Scalar> = [" ", "\t", "\u{0C}", "\r", "\u{0B}"]
    static let haCfDelimiters: Set<Unicode.Scalar> = [" ", "\t", ",", "\u{0C}", "\r"]

    /// ha.cf lines: comments cut at the first `#`; blank lines left out.
    static func haCf(_ text: String, file: String) -> [Line] {
        ConfigText.lines(text).enumerated().compactMap { offset, line in
            let end = line.firstIndex(of: "#") ?? line.count
            let words = words(line, number: offset + 1, file: file, to: end, separators: blanks)
            return words.isEmpty ? nil : Line(number: offset + 1, words: words)
        }
    }

    /// authkeys lines: a `#` as the first non-blank character makes a comment line.
    static func authkeys(_ text: String, file: String) -> [Line] {
        ConfigText.lines(text).enumerated().compactMap { offset, line in
            let words = words(line, number: offset + 1, file: file, separators: blanks)
            guard let first = words.first, !first.text.hasPrefix("#") else { return nil }
            return Line(number: offset + 1, words: words)
        }
    }
}
