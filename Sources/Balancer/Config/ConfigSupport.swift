import RacimoCore

/// Helpers shared by the haproxy.cfg and ldirectord.cf readers.
enum ConfigSupport {
    /// The location `offset` scalars into `word` (for the value part of `key=value`).
    static func location(_ word: ConfigWord, offset: Int) -> SourceLocation {
        var l = word.location
        l.column += offset
        return l
    }

    /// Sorts by position, keeping the order found for equal positions.
    static func sorted(_ all: [Diagnostic]) -> Diagnostics {
        let sorted = all.enumerated().sorted { a, b in
            let la = a.element.location, lb = b.element.location
            let ka = (la?.line ?? Int.max, la?.column ?? 0), kb = (lb?.line ?? Int.max, lb?.column ?? 0)
            return ka != kb ? ka < kb : a.offset < b.offset
        }.map(\.element)
        return Diagnostics(sorted)
    }

    /// A non-negative decimal integer that fits in an Int, or nil.
    static func integer(_ text: String) -> Int? {
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return Int(text)
    }
}
