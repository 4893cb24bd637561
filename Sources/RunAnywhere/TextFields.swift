/// A whitespace-separated word of a line, with the 1-based column where it starts.
///
/// Columns count Unicode scalars, as ``SourceLocation`` does, so a tab is one column.
struct TextField: Hashable, Sendable {
    var text: String
    var column: Int
}

/// Splitting of the line-oriented files the openMosix tools read (`openmosix.map`,
/// `/etc/hosts`): `#` starts a comment that runs to the end of the line, and fields are
/// separated by spaces or tabs.
enum TextFields {
    /// The fields of `line` before any `#`, each with its column.
    static func split(_ line: Substring) -> [TextField] {
        var fields: [TextField] = []
        var current = ""
        var start = 0
        var column = 0
        for scalar in line.unicodeScalars {
            column += 1
            if scalar == "#" { break }
            if scalar == " " || scalar == "\t" || scalar == "\r" {
                if !current.isEmpty { fields.append(TextField(text: current, column: start)) }
                current = ""
            } else {
                if current.isEmpty { start = column }
                current.unicodeScalars.append(scalar)
            }
        }
        if !current.isEmpty { fields.append(TextField(text: current, column: start)) }
        return fields
    }

    /// The lines of `text`, numbered from 1. A final newline does not add an empty line.
    static func lines(_ text: String) -> [(number: Int, text: Substring)] {
        var result: [(number: Int, text: Substring)] = []
        var number = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            result.append((number, line))
        }
        if text.hasSuffix("\n"), !result.isEmpty { result.removeLast() }
        return result
    }
}
