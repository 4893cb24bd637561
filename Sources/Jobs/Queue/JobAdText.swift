/// Edits of a job ad kept as text (one `Name = expression` per line, as condor_submit -dry-run
/// prints it): the schedd sets what only it can vouch for, such as `Owner`.
public enum JobAdText {
    /// `ad` with `name = expression` in place of any line that sets `name` (names compare
    /// without case, as ClassAds do), or appended when none does.
    public static func setting(_ name: String, to expression: String, in ad: String) -> String {
        var lines = ad.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        let line = "\(name) = \(expression)"
        if let index = lines.firstIndex(where: { attribute(of: $0)?.lowercased() == name.lowercased() }) {
            lines[index] = line
        } else {
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// Whether some line of `ad` sets `name`.
    public static func sets(_ name: String, in ad: String) -> Bool {
        ad.split(separator: "\n").contains { attribute(of: String($0))?.lowercased() == name.lowercased() }
    }

    /// A ClassAd string literal of `text`.
    public static func quoted(_ text: String) -> String {
        "\"" + text.replacingBackslashesAndQuotes() + "\""
    }

    static func attribute(of line: String) -> String? {
        guard let equals = line.firstIndex(of: "=") else { return nil }
        let name = line[..<equals].trimmingSpaces()
        return name.isEmpty ? nil : name
    }
}

extension StringProtocol {
    func trimmingSpaces() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }

    func replacingBackslashesAndQuotes() -> String {
        var out = ""
        for character in self {
            if character == "\\" || character == "\"" { out.append("\\") }
            out.append(character)
        }
        return out
    }
}
