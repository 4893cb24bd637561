/// Edits of a job ad kept as text (one `Name = expression` per line, as condor_submit -dry-run
/// prints it): the schedd sets what only it can vouch for, such as `Owner`.
///
/// Works on the UTF-8 bytes in one pass: a submission edits ten thousand ads at once.
public enum JobAdText {
    /// `ad` with each `set` attribute's line replaced (or appended when absent), and each
    /// `defaults` attribute appended only when no line sets it. Names compare without case, as
    /// ClassAds do; values are ClassAd source text.
    public static func edited(_ ad: String, set: [(name: String, expression: String)], defaults: [(name: String, expression: String)] = []) -> String {
        let replaced = Dictionary(set.map { ($0.name.lowercased(), $0.expression) }, uniquingKeysWith: { $1 })
        var seen = Set<String>()
        var out: [String] = []
        for line in lines(of: ad) {
            guard let name = attribute(of: line)?.lowercased() else {
                out.append(String(line))
                continue
            }
            seen.insert(name)
            if let expression = replaced[name] {
                out.append("\(attribute(of: line)!) = \(expression)")
            } else {
                out.append(String(line))
            }
        }
        for (name, expression) in set where !seen.contains(name.lowercased()) { out.append("\(name) = \(expression)") }
        for (name, expression) in defaults where !seen.contains(name.lowercased()) && replaced[name.lowercased()] == nil {
            out.append("\(name) = \(expression)")
        }
        return out.joined(separator: "\n")
    }

    /// `ad` with `name = expression` in place of any line that sets `name`, or appended.
    public static func setting(_ name: String, to expression: String, in ad: String) -> String {
        edited(ad, set: [(name, expression)])
    }

    /// Whether some line of `ad` sets `name`.
    public static func sets(_ name: String, in ad: String) -> Bool {
        let wanted = name.lowercased()
        return lines(of: ad).contains { attribute(of: $0)?.lowercased() == wanted }
    }

    /// A ClassAd string literal of `text`.
    public static func quoted(_ text: String) -> String {
        var out = "\""
        for character in text {
            if character == "\\" || character == "\"" { out.append("\\") }
            out.append(character)
        }
        return out + "\""
    }

    /// The non-empty lines of `text`, split on the bytes (a newline is never part of a
    /// multi-byte character), which is many times faster than splitting on Characters.
    static func lines(of text: String) -> [Substring] {
        text.utf8.split(separator: UInt8(ascii: "\n")).map { Substring($0) }
    }

    /// The name a `Name = expression` line sets, without the spaces around it.
    static func attribute(of line: Substring) -> Substring? {
        let bytes = line.utf8
        guard let equals = bytes.firstIndex(of: UInt8(ascii: "=")) else { return nil }
        var start = bytes.startIndex, end = equals
        while start < end, bytes[start] == UInt8(ascii: " ") || bytes[start] == UInt8(ascii: "\t") { start = bytes.index(after: start) }
        while end > start {
            let before = bytes.index(before: end)
            guard bytes[before] == UInt8(ascii: " ") || bytes[before] == UInt8(ascii: "\t") else { break }
            end = before
        }
        return start < end ? line[start..<end] : nil
    }
}
