/// The `environment` command (JDL: environment, l.158).
///
/// New syntax: the whole value in `"…"`, `NAME=value` words split like new-syntax arguments.
/// Old syntax: `NAME=value` entries separated by `;`.
public struct EnvironmentList: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var value: String
    }

    public var entries: [Entry]

    static func parse(_ value: String) -> Result<EnvironmentList, SubmitParseError> {
        let chars = Array(value)
        var tokens: [(String, Int)] = []
        if chars.first == "\"" {
            guard chars.count >= 2, chars.last == "\"" else {
                return .failure(.init("unbalanced double quote in environment", offset: 0,
                    hint: "new syntax wraps the whole value in \"...\""))
            }
            switch QuotedWords.split(chars, from: 1, to: chars.count - 1, what: "environment") {
            case .failure(let error): return .failure(error)
            case .success(let words): tokens = words.map { ($0, 0) }
            }
        } else {
            var offset = 0
            for part in value.split(separator: ";", omittingEmptySubsequences: false) {
                let word = part.trimmingSubmitSpace()
                if !word.isEmpty { tokens.append((word, offset)) }
                offset += part.count + 1
            }
        }
        var entries: [Entry] = []
        for (token, offset) in tokens {
            guard let equals = token.firstIndex(of: "="), equals != token.startIndex else {
                return .failure(.init(
                    "environment entry '\(token)' is not NAME=value", offset: offset))
            }
            entries.append(Entry(
                name: String(token[..<equals]), value: String(token[token.index(after: equals)...])))
        }
        return .success(EnvironmentList(entries: entries))
    }

    /// Later entries for the same name replace earlier ones, keeping the first position.
    mutating func merge(_ entry: Entry) {
        if let index = entries.firstIndex(where: { $0.name == entry.name }) {
            entries[index].value = entry.value
        } else {
            entries.append(entry)
        }
    }

    /// HTCondor's V2 raw form (the `Environment` attribute): `NAME=value` words joined by a
    /// space, a word holding whitespace or `'` wrapped in `'…'` with `'` doubled.
    public var v2Raw: String {
        entries.map { QuotedWords.quote($0.name + "=" + $0.value) }.joined(separator: " ")
    }
}
