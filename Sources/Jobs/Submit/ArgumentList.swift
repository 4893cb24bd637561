/// The `arguments` command, split as HTCondor splits it (JDL: arguments).
///
/// Old syntax (value not in double quotes): words separated by whitespace; a literal `"` must be
/// written `\"`, and an unescaped one is an error. New syntax (whole value in `"…"`): `""` is a
/// literal `"`, words separated by whitespace, `'…'` keeps spaces, `''` inside is a literal `'`.
public struct ArgumentList: Sendable, Equatable {
    public var arguments: [String]
    /// True when written in the new (double-quoted) syntax: condor_submit then sets `Arguments`,
    /// otherwise `Args` (it keeps the syntax the user wrote).
    public var isNewSyntax: Bool

    static func parse(_ value: String) -> Result<ArgumentList, SubmitParseError> {
        let chars = Array(value)
        if chars.first == "\"" {
            guard chars.count >= 2, chars.last == "\"", !endsInEscapedQuote(chars) else {
                return .failure(.init(
                    "unbalanced double quote in arguments", offset: 0,
                    hint: "new syntax wraps the whole value in \"...\"; write \"\" for a literal \""))
            }
            return QuotedWords.split(chars, from: 1, to: chars.count - 1, what: "arguments")
                .map { ArgumentList(arguments: $0, isNewSyntax: true) }
        }
        var words: [String] = []
        var current: String? = nil
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c.isSubmitSpace {
                if let word = current { words.append(word) }
                current = nil
            } else if c == "\\", i + 1 < chars.count, chars[i + 1] == "\"" {
                current = (current ?? "") + "\""
                i += 1
            } else if c == "\"" {
                return .failure(.init(
                    "unescaped double quote in old-syntax arguments", offset: i,
                    hint: "write \\\" for a literal quote, or use the new syntax: arguments = \"a 'b c'\""))
            } else {
                current = (current ?? "") + String(c)
            }
            i += 1
        }
        if let word = current { words.append(word) }
        return .success(ArgumentList(arguments: words, isNewSyntax: false))
    }

    /// `"…"""` ends with an escaped quote, not a closing one: count the trailing quotes.
    private static func endsInEscapedQuote(_ chars: [Character]) -> Bool {
        let trailing = chars.dropFirst().reversed().prefix { $0 == "\"" }.count
        return trailing % 2 == 0
    }

    /// HTCondor's V1 raw form (for `Args`): words joined by one space, `"` escaped as `\"`.
    public var v1Raw: String {
        arguments.map { $0.replacingAll("\"", with: "\\\"") }.joined(separator: " ")
    }

    /// HTCondor's V2 raw form (for `Arguments`): words joined by one space, a word that is empty
    /// or holds whitespace or `'` wrapped in `'…'` with `'` doubled.
    public var v2Raw: String { arguments.map(QuotedWords.quote).joined(separator: " ") }
}

/// The word splitting shared by new-syntax `arguments` and `environment`.
enum QuotedWords {
    /// Splits `chars[from..<to]` (inside the outer double quotes) into words.
    static func split(
        _ chars: [Character], from: Int, to: Int, what: String
    ) -> Result<[String], SubmitParseError> {
        var words: [String] = []
        var current: String? = nil
        var i = from
        while i < to {
            let c = chars[i]
            if c == "\"" {
                guard i + 1 < to, chars[i + 1] == "\"" else {
                    return .failure(.init(
                        "unescaped double quote inside quoted \(what)", offset: i,
                        hint: "write \"\" for a literal \""))
                }
                current = (current ?? "") + "\""
                i += 2
                continue
            }
            if c == "'" {
                var word = current ?? ""
                var j = i + 1
                var closed = false
                while j < to {
                    if chars[j] == "'" {
                        if j + 1 < to, chars[j + 1] == "'" { word.append("'"); j += 2; continue }
                        closed = true
                        break
                    }
                    if chars[j] == "\"", j + 1 < to, chars[j + 1] == "\"" { word.append("\""); j += 2; continue }
                    word.append(chars[j])
                    j += 1
                }
                guard closed else {
                    return .failure(.init("unbalanced single quote in \(what)", offset: i,
                        hint: "close it with ', or write '' for a literal '"))
                }
                current = word
                i = j + 1
                continue
            }
            if c.isSubmitSpace {
                if let word = current { words.append(word) }
                current = nil
            } else {
                current = (current ?? "") + String(c)
            }
            i += 1
        }
        if let word = current { words.append(word) }
        return .success(words)
    }

    static func quote(_ word: String) -> String {
        guard word.isEmpty || word.contains(where: { $0.isSubmitSpace || $0 == "'" }) else { return word }
        return "'" + word.replacingAll("'", with: "''") + "'"
    }
}

extension String {
    /// Every occurrence of `target` replaced (Foundation-free).
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
