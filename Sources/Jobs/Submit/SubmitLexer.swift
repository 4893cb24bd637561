import RacimoCore

/// Splits a submit description into statements.
///
/// `condor_submit.rst` l.52-57: `#` starts a comment line, a trailing `\` joins the next line.
/// A `queue` statement whose `(` is not closed on its line takes the following lines up to the
/// one holding `)` (JDL l.444-514: "the list may span lines").
enum SubmitLexer {
    static func statements(in source: String, file: String) -> ([SubmitStatement], Diagnostics) {
        var lines: [String] = source.split(separator: "\n", omittingEmptySubsequences: false).map {
            var line = String($0)
            if line.hasSuffix("\r") { line.removeLast() }
            return line
        }
        if lines.last == "" { lines.removeLast() }
        var statements: [SubmitStatement] = []
        var diagnostics = Diagnostics()
        var index = 0
        while index < lines.count {
            let first = lines[index]
            let firstTrimmed = first.drop { $0.isSubmitSpace }
            if firstTrimmed.isEmpty || firstTrimmed.hasPrefix("#") {
                index += 1
                continue
            }
            // Join `\`-continued lines, remembering where each physical line starts.
            var text = ""
            var pieces: [LocatedText.Piece] = []
            while index < lines.count {
                var line = lines[index]
                pieces.append(.init(offset: text.count, line: index + 1, column: 1))
                index += 1
                let trailing = line.reversed().prefix { $0 == " " || $0 == "\t" }.count
                if line.dropLast(trailing).hasSuffix("\\") {
                    line = String(line.dropLast(trailing + 1))
                    text += line
                    continue
                }
                text += line
                break
            }
            var logical = LocatedText(text: text, file: file, pieces: pieces, base: 0).trimmed()
            if let keywordEnd = queueKeywordEnd(logical.text) {
                // An unclosed `(` takes following physical lines, newline-separated.
                if let open = logical.text.firstIndex(of: "("), !logical.text[open...].contains(")") {
                    var closed = false
                    while index < lines.count {
                        let line = lines[index]
                        logical.pieces.append(.init(
                            offset: logical.base + logical.text.count + 1, line: index + 1, column: 1))
                        logical.text += "\n" + line
                        index += 1
                        if line.contains(")") { closed = true; break }
                    }
                    if !closed {
                        let offset = logical.text.distance(
                            from: logical.text.startIndex, to: open)
                        diagnostics.append(.error(
                            at: logical.location(at: offset),
                            "unterminated '(' list in queue statement", hint: "add a line with ')'"))
                        continue
                    }
                }
                statements.append(.queue(
                    arguments: logical.slice(keywordEnd, logical.text.count).trimmed(),
                    location: logical.start))
                continue
            }
            if let statement = assignment(logical, diagnostics: &diagnostics) {
                statements.append(statement)
            }
        }
        return (statements, diagnostics)
    }

    /// If the line is a `queue` statement, the offset just past the keyword.
    static func queueKeywordEnd(_ text: String) -> Int? {
        let word = text.prefix { !$0.isSubmitSpace && $0 != "=" }
        guard word.lowercased() == "queue" else { return nil }
        let rest = text.dropFirst(word.count).drop { $0 == " " || $0 == "\t" }
        if rest.hasPrefix("=") { return nil }  // `queue = 3` defines a macro named queue
        return word.count
    }

    private static func assignment(
        _ line: LocatedText, diagnostics: inout Diagnostics
    ) -> SubmitStatement? {
        let chars = Array(line.text)
        guard let equals = chars.firstIndex(of: "=") else {
            let word = String(chars.prefix { !$0.isSubmitSpace })
            let suggestion = Suggestion.closest(to: word, in: ["queue"])
            diagnostics.append(.error(
                at: line.start,
                "expected 'name = value' or a 'queue' statement, found '\(word)'",
                suggestion: suggestion))
            return nil
        }
        let nameText = line.slice(0, equals).trimmed()
        let value = line.slice(equals + 1, chars.count).trimmed()
        var name = nameText.text
        if name.isEmpty {
            diagnostics.append(.error(at: line.start, "missing command name before '='"))
            return nil
        }
        var custom = false
        var nameOffset = 0
        if name.hasPrefix("+") {
            custom = true; nameOffset = 1
        } else if name.lowercased().hasPrefix("my.") {
            custom = true; nameOffset = 3
        }
        if custom { name = String(name.dropFirst(nameOffset)) }
        let valid = name.first.map { $0.isLetter || $0 == "_" } ?? false
            && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || (!custom && $0 == ".") }
        if !valid {
            let bad = name.firstIndex { !($0.isLetter || $0.isNumber || $0 == "_" || $0 == ".") }
            let offset = bad.map { name.distance(from: name.startIndex, to: $0) } ?? 0
            diagnostics.append(.error(
                at: nameText.location(at: nameOffset + offset),
                custom ? "invalid ClassAd attribute name '\(name)'" : "invalid command name '\(name)'",
                hint: "names are letters, digits and '_', not starting with a digit"))
            return nil
        }
        if custom {
            return .customAttribute(name: name, nameLocation: nameText.start, value: value)
        }
        return .assignment(name: name, nameLocation: nameText.start, value: value)
    }
}
