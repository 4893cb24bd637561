import RacimoCore

/// The node list of mosrun's `-j` option, e.g. `1,4-6,8`: the process starts on one node
/// picked at random from the list (seed chapter on mosrun; MOSIX mosrun(1) `-jID1-ID2,...`).
public enum NodeListSpec {
    /// The listed node numbers, ascending and without repeats, or an error whose message
    /// names the 1-based column of the bad item. Spaces around items are ignored, since a
    /// quoted argument may carry them.
    public static func parse(_ text: String) -> Result<[Int], Diagnostic> {
        guard text.contains(where: { $0 != " " }) else {
            return .failure(error("the node list is empty", hint: "write node numbers such as 1,4-6,8"))
        }
        var nodes = Set<Int>()
        var column = 1
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            switch parseItem(item, column: column) {
            case .success(let range): nodes.formUnion(range)
            case .failure(let diagnostic): return .failure(diagnostic)
            }
            column += item.unicodeScalars.count + 1
        }
        return .success(nodes.sorted())
    }

    /// One item, `N` or `A-B`, starting at `column`.
    private static func parseItem(_ item: Substring, column: Int) -> Result<ClosedRange<Int>, Diagnostic> {
        let leading = item.prefix { $0 == " " }.unicodeScalars.count
        let trimmed = item.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()
        let body = String(trimmed)
        let at = column + leading
        guard !body.isEmpty else {
            return .failure(error("empty item at column \(column)", hint: "remove the extra comma"))
        }
        if body.hasPrefix("-") {
            return .failure(error("'\(body)' at column \(at) is negative; node numbers start at 1"))
        }
        let ends = body.split(separator: "-", omittingEmptySubsequences: false)
        guard ends.count <= 2 else {
            return .failure(error("'\(body)' at column \(at) is not a node or a range A-B"))
        }
        guard let low = number(ends[0], item: body, column: at) else {
            return .failure(numberError(ends[0], item: body, column: at))
        }
        guard ends.count == 2 else { return .success(low...low) }
        let highColumn = at + ends[0].unicodeScalars.count + 1
        guard let high = number(ends[1], item: body, column: highColumn) else {
            return .failure(numberError(ends[1], item: body, column: highColumn))
        }
        guard low <= high else {
            return .failure(error("range '\(body)' at column \(at) is reversed", suggestion: "\(high)-\(low)"))
        }
        return .success(low...high)
    }

    private static func number(_ text: Substring, item: String, column: Int) -> Int? {
        guard !text.isEmpty, text.allSatisfy(\.isASCII), let value = Int(text), value >= 1,
              value <= OpenMosixMap.highestNode else { return nil }
        return value
    }

    private static func numberError(_ text: Substring, item: String, column: Int) -> Diagnostic {
        if text.isEmpty {
            return error("range '\(item)' at column \(column) is missing a node number", hint: "write both ends, e.g. 4-6")
        }
        if let value = Int(text) {
            return value < 1
                ? error("node \(value) at column \(column) does not exist; node numbers start at 1")
                : error("node \(value) at column \(column) is above 65535, the highest node number")
        }
        return error("'\(text)' at column \(column) is not a node number")
    }

    private static func error(_ message: String, suggestion: String? = nil, hint: String? = nil) -> Diagnostic {
        .error(at: nil, "mosrun -j: " + message, suggestion: suggestion, hint: hint)
    }
}
