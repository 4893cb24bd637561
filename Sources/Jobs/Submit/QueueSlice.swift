/// A Python-style slice `[start:stop:step]` on queue items (JDL l.444-514: "no negative step").
public struct QueueSlice: Sendable, Equatable {
    public var start: Int?
    public var stop: Int?
    public var step: Int?

    public init(start: Int? = nil, stop: Int? = nil, step: Int? = nil) {
        self.start = start
        self.stop = stop
        self.step = step
    }

    /// Parses the text between `[` and `]`; on failure a message and the offset of the bad part.
    static func parse(_ text: String) -> Result<QueueSlice, SubmitParseError> {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard (1...3).contains(parts.count) else {
            return .failure(.init("a slice has at most three parts, [start:stop:step]", offset: 0))
        }
        var values: [Int?] = []
        var offset = 0
        for part in parts {
            let word = part.trimmingSubmitSpace()
            if word.isEmpty {
                values.append(nil)
            } else if let number = Int(word) {
                values.append(number)
            } else {
                return .failure(.init("slice bound '\(word)' is not an integer", offset: offset))
            }
            offset += part.count + 1
        }
        if parts.count == 1 {
            // `[3]` selects the one item at index 3, as Python's `items[3:4]` would.
            guard let index = values[0] else {
                return .failure(.init("empty slice; write [start:stop:step]", offset: 0))
            }
            guard index < Int.max else { return .failure(.init("slice index \(index) is too large", offset: 0)) }
            return .success(QueueSlice(start: index, stop: index == -1 ? nil : index + 1))
        }
        let step = parts.count == 3 ? values[2] : nil
        if let step, step <= 0 {
            return .failure(.init(
                "slice step must be a positive integer, not \(step)",
                offset: parts[0].count + parts[1].count + 2))
        }
        return .success(QueueSlice(start: values[0], stop: values[1], step: step))
    }

    /// The indices of `count` items this slice selects, in Python's order.
    public func indices(count: Int) -> [Int] {
        func clamp(_ value: Int?, _ fallback: Int) -> Int {
            guard let value else { return fallback }
            let resolved = value < 0 ? value + count : value
            return min(max(resolved, 0), count)
        }
        let step = max(1, self.step ?? 1)
        let lo = clamp(start, 0), hi = clamp(stop, count)
        guard lo < hi else { return [] }
        return Array(stride(from: lo, to: hi, by: step))
    }
}

/// A parse failure inside one value: what is wrong and where (Characters into the value).
struct SubmitParseError: Error, Sendable {
    var message: String
    var offset: Int
    var hint: String?

    init(_ message: String, offset: Int, hint: String? = nil) {
        self.message = message
        self.offset = offset
        self.hint = hint
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces, tabs and line ends.
    func trimmingSubmitSpace() -> String {
        let start = firstIndex { !$0.isSubmitSpace }
        guard let start else { return "" }
        let end = lastIndex { !$0.isSubmitSpace } ?? start
        return String(self[start...end])
    }
}
