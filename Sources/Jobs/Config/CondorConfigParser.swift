import RacimoCore

/// One `NAME = value` after continuation joining and macro expansion.
struct CondorConfigAssignment: Sendable, Hashable {
    /// As written (case kept for messages); compare with `key`.
    var name: String
    var value: String
    /// Where the name starts.
    var location: SourceLocation
    var key: String { name.uppercased() }
}

/// Line reader for HTCondor's configuration language. Internal; `CondorConfig.read` is the API.
struct CondorConfigParser {
    let file: String
    var diagnostics = Diagnostics()
    /// Values defined so far, by upper-cased name, for `$(NAME)`.
    private var macros: [String: String] = [:]

    init(file: String) { self.file = file }

    mutating func parse(_ text: String) -> [CondorConfigAssignment] {
        var result: [CondorConfigAssignment] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> Substring in
            line.hasSuffix("\r") ? line.dropLast() : line
        }
        var index = 0
        while index < lines.count {
            let startLine = index + 1
            var logical = String(lines[index])
            index += 1
            // A trailing backslash continues the line (condor_config.rst); the backslash goes.
            while logical.hasSuffix("\\") && index < lines.count {
                logical.removeLast()
                logical += lines[index]
                index += 1
            }
            if logical.hasSuffix("\\") { logical.removeLast() }
            if let assignment = statement(logical, line: startLine) { result.append(assignment) }
        }
        return result
    }

    private mutating func statement(_ text: String, line: Int) -> CondorConfigAssignment? {
        let scalars = Array(text.unicodeScalars)
        var start = 0
        while start < scalars.count, scalars[start] == " " || scalars[start] == "\t" { start += 1 }
        guard start < scalars.count, scalars[start] != "#" else { return nil }
        let location = SourceLocation(file: file, line: line, column: start + 1)
        let body = String(String.UnicodeScalarView(scalars[start...]))
        let firstWord = body.prefix { $0 != " " && $0 != "\t" && $0 != "=" && $0 != ":" }.lowercased()

        if ["if", "elif", "else", "endif", "include", "use", "error", "warning"].contains(firstWord) {
            diagnostics.append(.warning(
                at: location, "'\(firstWord)' lines are not supported by Racimo's condor_config reader; line skipped",
                hint: "write the settings out as plain NAME = value lines"))
            return nil
        }
        guard let equals = body.firstIndex(of: "=") else {
            diagnostics.append(.error(at: location, "expected NAME = value"))
            return nil
        }
        let name = body[..<equals].trimmingBlanks
        if body[body.index(after: equals)...].hasPrefix("@") || name.hasSuffix("@") {
            diagnostics.append(.warning(at: location, "multi-line '@=' values are not supported by Racimo; line skipped"))
            return nil
        }
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "+" || $0 == "-" }) else {
            diagnostics.append(.error(at: location, "'\(name)' is not a configuration name (letters, digits, '_' and '.')"))
            return nil
        }
        let afterEquals = body[body.index(after: equals)...]
        let rawValue = afterEquals.trimmingBlanks
        let valueColumn = location.column + body.distance(from: body.startIndex, to: rawValue.startIndex)
        let value = String(expand(String(rawValue), line: line, column: valueColumn).trimmingBlanks)
        macros[name.uppercased()] = value
        return CondorConfigAssignment(name: String(name), value: value, location: location)
    }

    /// Replaces `$(NAME)` / `$(NAME:default)` with values defined so far. Unknown names expand
    /// to the default or to nothing, as HTCondor does, with a warning because HTCondor would
    /// also see names defined later or by its other files, which Racimo does not read.
    /// `$$(…)` (match-time) and `$ENV(…)`-style functions are copied unchanged.
    private mutating func expand(_ value: String, line: Int, column: Int) -> String {
        let chars = Array(value)
        var out = ""
        var i = 0
        while i < chars.count {
            if chars[i] == "$", i + 1 < chars.count, chars[i + 1] == "$" {
                out += "$$"
                i += 2
                continue
            }
            if chars[i] == "$", i + 1 < chars.count, chars[i + 1] == "(",
               let close = chars[(i + 2)...].firstIndex(of: ")") {
                let inside = String(chars[(i + 2)..<close])
                let parts = inside.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
                if let known = macros[String(parts[0]).uppercased()] {
                    out += known
                } else if parts.count == 2 {
                    out += parts[1]
                } else {
                    diagnostics.append(.warning(
                        at: SourceLocation(file: file, line: line, column: column + i),
                        "$(\(parts[0])) is not defined earlier in this file; Racimo expands it to nothing",
                        hint: "HTCondor would also look in its other configuration files"))
                }
                i = close + 1
                continue
            }
            out.append(chars[i])
            i += 1
        }
        return out
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs.
    var trimmingBlanks: Substring {
        let s = Substring(self)
        guard let first = s.firstIndex(where: { $0 != " " && $0 != "\t" }) else { return s[s.endIndex...] }
        let last = s.lastIndex(where: { $0 != " " && $0 != "\t" })!
        return s[first...last]
    }
}
