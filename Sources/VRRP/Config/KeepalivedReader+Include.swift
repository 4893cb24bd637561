import RacimoCore

/// Reading keepalived.conf: include and preprocessing: `include` with globs, and keepalived's `@`/`$`/`~` lines, which Racimo refuses.
extension KeepalivedReader {
    /// keepalived recognises `include FILE` on the raw line, before braces mean anything
    /// (`check_include()` in lib/parser.c), so `include vips/{web,db}.conf` is one file
    /// pattern, not a block. The lexer would split it at the braces; this wraps the pattern of
    /// every include line in double quotes first. The opening quote takes the pattern's first
    /// column, so positions in messages are unchanged. Comments (`#`, `!`) are cut as
    /// keepalived does before it looks for `include`; a pattern containing `"` is left alone.
    static func protectIncludes(_ text: String) -> String {
        var changed = false
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> Substring in
            let scalars = Array(line.unicodeScalars)
            var i = 0
            while i < scalars.count, scalars[i] == " " || scalars[i] == "\t" { i += 1 }
            var wordEnd = i
            while wordEnd < scalars.count, scalars[wordEnd] != " ", scalars[wordEnd] != "\t" { wordEnd += 1 }
            let keyword = String(String.UnicodeScalarView(scalars[i..<wordEnd]))
            guard KeepalivedKeywords.includeKeywords.contains(keyword) else { return line }
            var start = wordEnd
            while start < scalars.count, scalars[start] == " " || scalars[start] == "\t" { start += 1 }
            var end = scalars[start...].firstIndex { $0 == "#" || $0 == "!" } ?? scalars.count
            while end > start, [" ", "\t", "\r"].contains(scalars[end - 1]) { end -= 1 }
            guard end > start, !scalars[start..<end].contains("\"") else { return line }
            changed = true
            var view = String.UnicodeScalarView(scalars[..<start])
            view.append("\"")
            view.append(contentsOf: scalars[start..<end])
            view.append("\"")
            return Substring(String(view))
        }
        return changed ? lines.joined(separator: "\n") : text
    }

    /// Replaces `include` statements, at any depth, with the statements of the files they name,
    /// and drops keepalived's preprocessing lines (`@id`, `$NAME=`, `~SEQ`) with an error.
    mutating func expand(_ statements: [ConfigStatement], stack: [String]) -> [ConfigStatement] {
        var result: [ConfigStatement] = []
        for var statement in statements {
            let word = statement.keyword
            if KeepalivedKeywords.includeKeywords.contains(word.text) {
                result += readInclude(statement, stack: stack)
                continue
            }
            if let problem = preprocessingProblem(word.text) {
                diagnostics.append(.error(at: word.location, problem.message, hint: problem.hint))
                continue
            }
            if let block = statement.block { statement.block = expand(block, stack: stack) }
            result.append(statement)
        }
        return result
    }

    /// keepalived's conditional lines, parameter definitions and sequences (man "CONFIGURATION
    /// PARSER"), which Racimo does not evaluate: skipping them would silently drop or keep
    /// lines meant for one host only.
    private func preprocessingProblem(_ keyword: String) -> (message: String, hint: String)? {
        if keyword.hasPrefix("@") {
            return ("conditional configuration ('\(keyword)') is not supported by racimo vrrp",
                    "write a separate file for each host")
        }
        if keyword.hasPrefix("$") {
            return ("parameter definitions and substitutions ('\(keyword)') are not supported by racimo vrrp",
                    "write the values out in place")
        }
        if keyword.hasPrefix("~SEQ") {
            return ("'~SEQ' sequences are not supported by racimo vrrp", "write each line out")
        }
        return nil
    }

    private mutating func readInclude(_ statement: ConfigStatement, stack: [String]) -> [ConfigStatement] {
        let word = statement.keyword
        let including = word.location.file
        guard !statement.arguments.isEmpty else {
            diagnostics.append(.error(at: word.location, "'\(word.text)' needs a file name"))
            return []
        }
        if statement.block != nil {
            diagnostics.append(.error(at: word.location, "'\(word.text)' takes no block"))
        }
        // keepalived takes the rest of the line as the name (`check_include()`).
        let pattern = statement.arguments.map(\.text).joined(separator: " ")
        let location = statement.arguments[0].location
        let found = include(pattern, including)
        if found.isEmpty {
            let resolved = IncludePath.resolve(pattern, relativeTo: including)
            let strict = word.text == "includew" || word.text == "includea"
            if IncludePath.hasWildcards(pattern) && !strict {
                diagnostics.append(Diagnostic(.note, at: location, "'\(word.text) \(pattern)' matched no file",
                                              hint: "looked for \(resolved)"))
            } else {
                diagnostics.append(.error(at: location, "'\(word.text) \(pattern)' found no file",
                                          hint: "looked for \(resolved)"))
            }
            return []
        }
        var result: [ConfigStatement] = []
        for file in found {
            if stack.contains(file.name) {
                diagnostics.append(.error(at: location, "include loop: \(file.name) is already being read",
                                          hint: "remove this include"))
                continue
            }
            guard stack.count < 32 else {
                diagnostics.append(.error(at: location, "includes are nested more than 32 deep"))
                continue
            }
            if !files.contains(file.name) { files.append(file.name) }
            do {
                let statements = try BraceConfigLexer.parse(Self.protectIncludes(file.text), file: file.name)
                result += expand(statements, stack: stack + [file.name])
            } catch {
                diagnostics.append(contentsOf: error)
            }
        }
        return result
    }
}
