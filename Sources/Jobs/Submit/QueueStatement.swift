import RacimoCore

/// A parsed `queue` statement (JDL l.444-514).
///
/// Forms: `queue [N]`, `queue [N] [vars] in [slice] (a, b, c)`,
/// `queue [N] [vars] matching [files|dirs] [slice] glob…`, `queue [N] [vars] from [slice] FILE`
/// and `from [slice] ( … )`. Without variable names the item is `$(Item)`.
public struct QueueStatement: Sendable, Equatable {
    public enum Items: Sendable, Equatable {
        /// `queue [N]`: one proc per step, no items.
        case none
        /// `in (a, b, c)`: items separated by commas and/or whitespace.
        case list([String])
        /// `matching [files|dirs] glob…`: `directories` nil = both.
        case matching(directories: Bool?, patterns: [String])
        /// `from FILE`: one item per line of a file.
        case file(String)
        /// `from ( … )`: one item per line of the block, `#` lines skipped.
        case lines([String])
    }

    /// The count as written (may hold macros); nil means 1.
    public var count: String?
    /// Offset of the count in the statement's text, for diagnostics.
    var countOffset: Int = 0
    public var variables: [String]
    public var items: Items
    public var slice: QueueSlice?

    static let keywords = ["in", "from", "matching"]

    /// Parses the text after `queue`; failures carry a Character offset into `text`.
    static func parse(_ text: String) -> Result<QueueStatement, SubmitParseError> {
        let chars = Array(text)
        // Find the first whitespace-delimited keyword outside parentheses.
        var words: [(word: String, start: Int)] = []
        var i = 0
        while i < chars.count {
            if chars[i].isSubmitSpace || chars[i] == "," { i += 1; continue }
            if chars[i] == "(" || chars[i] == "[" { break }
            let start = i
            while i < chars.count, !chars[i].isSubmitSpace, chars[i] != ",", chars[i] != "(",
                chars[i] != "["
            {
                // `$(N)` as a count: keep the macro's parentheses in the word.
                if chars[i] == "$", i + 1 < chars.count, chars[i + 1] == "(",
                    let close = chars[i...].firstIndex(of: ")")
                {
                    i = close + 1
                } else {
                    i += 1
                }
            }
            words.append((String(chars[start..<i]), start))
            if keywords.contains(words[words.count - 1].word.lowercased()) { break }
        }
        let keywordIndex = words.firstIndex { keywords.contains($0.word.lowercased()) }
        var head = keywordIndex.map { Array(words[..<$0]) } ?? words
        var statement = QueueStatement(count: nil, variables: [], items: .none, slice: nil)
        if let first = head.first, first.word.first.map({ $0.isNumber || $0 == "$" || $0 == "-" }) ?? false {
            statement.count = first.word
            statement.countOffset = first.start
            head.removeFirst()
        }
        guard let keywordIndex else {
            if let extra = head.first ?? (i < chars.count ? (String(chars[i]), i) : nil) {
                let suggestion = Suggestion.closestKeyword(extra.word)
                return .failure(.init(
                    "unexpected '\(extra.word)' in queue statement"
                        + (suggestion.map { "; did you mean '\($0)'?" } ?? ""),
                    offset: extra.start,
                    hint: "write 'queue [N] [var] in|from|matching ...'"))
            }
            return .success(statement)
        }
        // Variable names: separated by commas (HTCondor rejects `x y from`).
        let varStart = head.first?.start ?? 0
        let varText = head.isEmpty ? "" : String(chars[varStart..<words[keywordIndex].start])
        if !head.isEmpty {
            let names = varText.split(separator: ",").map { $0.trimmingSubmitSpace() }
            for name in names {
                guard let first = name.first, first.isLetter || first == "_",
                    name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" })
                else {
                    return .failure(.init(
                        "invalid queue variable name '\(name)'", offset: varStart,
                        hint: "separate several names with commas: queue a, b from …"))
                }
                statement.variables.append(name)
            }
        }
        if statement.variables.isEmpty { statement.variables = ["Item"] }
        let keyword = words[keywordIndex].word.lowercased()
        var rest = words[keywordIndex].start + words[keywordIndex].word.count
        func skipSpace() { while rest < chars.count, chars[rest].isSubmitSpace { rest += 1 } }
        skipSpace()
        var directories: Bool?
        func takeFilesOrDirs() {
            let word = String(chars[rest...].prefix { !$0.isSubmitSpace }).lowercased()
            if keyword == "matching", ["files", "dirs"].contains(word) {
                directories = word == "dirs"
                rest += word.count
                skipSpace()
            }
        }
        takeFilesOrDirs()
        if rest < chars.count, chars[rest] == "[" {
            guard let close = chars[rest...].firstIndex(of: "]") else {
                return .failure(.init("unterminated slice; add ']'", offset: rest))
            }
            switch QueueSlice.parse(String(chars[(rest + 1)..<close])) {
            case .success(let slice): statement.slice = slice
            case .failure(let error):
                return .failure(.init(error.message, offset: rest + 1 + error.offset))
            }
            rest = close + 1
            skipSpace()
        }
        takeFilesOrDirs()
        let body = String(chars[rest...])
        let trimmedBody = body.trimmingSubmitSpace()
        var inner: String? = nil
        if trimmedBody.hasPrefix("(") {
            guard trimmedBody.hasSuffix(")") else {
                let close = body.firstIndex(of: ")").map { body.distance(from: body.startIndex, to: $0) } ?? 0
                return .failure(.init("unexpected text after ')' in queue statement", offset: rest + close + 1))
            }
            inner = String(trimmedBody.dropFirst().dropLast())
        }
        switch keyword {
        case "in":
            let list = splitItems(inner ?? trimmedBody)
            if list.isEmpty { return .failure(.init("empty item list after 'in'", offset: rest)) }
            statement.items = .list(list)
        case "matching":
            let patterns = splitItems(inner ?? trimmedBody)
            if patterns.isEmpty {
                return .failure(.init("no file pattern after 'matching'", offset: rest))
            }
            statement.items = .matching(directories: directories, patterns: patterns)
        default:
            if let inner {
                let lines = inner.split(separator: "\n", omittingEmptySubsequences: false)
                    .map { $0.trimmingSubmitSpace() }
                    .filter { !$0.isEmpty && !$0.hasPrefix("#") }
                statement.items = .lines(lines)
            } else {
                if trimmedBody.isEmpty {
                    return .failure(.init("missing file name after 'from'", offset: rest))
                }
                if trimmedBody.hasSuffix("|") {
                    return .failure(.init(
                        "'queue ... from COMMAND |' is not supported", offset: rest,
                        hint: "run the command yourself and queue from its output file"))
                }
                statement.items = .file(trimmedBody)
            }
        }
        return .success(statement)
    }

    /// Splits an `in`/`matching` list on commas and whitespace, as HTCondor does.
    static func splitItems(_ text: String) -> [String] {
        text.split { $0 == "," || $0.isSubmitSpace }.map(String.init)
    }

    /// Splits one `from` line into values for `count` variables: separated by commas and/or
    /// whitespace, the last variable takes the rest of the line.
    static func splitRow(_ line: String, into count: Int) -> [String] {
        var values: [String] = []
        var rest = Substring(line.trimmingSubmitSpace())
        while values.count < count - 1, !rest.isEmpty {
            let word = rest.prefix { $0 != "," && !$0.isSubmitSpace }
            values.append(String(word))
            rest = rest.dropFirst(word.count)
            rest = rest.drop { $0.isSubmitSpace }
            if rest.hasPrefix(",") { rest = rest.dropFirst().drop { $0.isSubmitSpace } }
        }
        values.append(String(rest))
        while values.count < count { values.append("") }
        return values
    }
}

extension Suggestion {
    static func closestKeyword(_ word: String) -> String? {
        closest(to: word, in: QueueStatement.keywords + ["files", "dirs"])
    }
}
