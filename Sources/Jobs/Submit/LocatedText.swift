import RacimoCore

/// A piece of submit-file text that remembers where each of its Characters came from, so an
/// error found deep inside a value (a bad quote, a bad ClassAd token) points at file:line:column
/// even when the value was joined from `\`-continued lines.
struct LocatedText: Sendable {
    /// Where a run of characters starts: character `offset` of the logical line is at
    /// `line`:`column` in the file, and the following characters follow on that line.
    struct Piece: Sendable {
        var offset: Int
        var line: Int
        var column: Int
    }

    var text: String
    var file: String
    /// Pieces of the whole logical line, sorted by offset.
    var pieces: [Piece]
    /// Offset of `text`'s first character within the logical line.
    var base: Int

    /// The file position of character `offset` of `text` (clamped to the text's end).
    func location(at offset: Int) -> SourceLocation {
        let absolute = base + max(0, offset)
        var chosen = pieces.first ?? Piece(offset: 0, line: 1, column: 1)
        for piece in pieces where piece.offset <= absolute { chosen = piece }
        return SourceLocation(
            file: file, line: chosen.line, column: chosen.column + (absolute - chosen.offset))
    }

    var start: SourceLocation { location(at: 0) }

    /// The characters from `from` (inclusive) to `to` (exclusive), still located.
    func slice(_ from: Int, _ to: Int) -> LocatedText {
        let chars = Array(text)
        let lo = min(max(0, from), chars.count), hi = min(max(lo, to), chars.count)
        return LocatedText(text: String(chars[lo..<hi]), file: file, pieces: pieces, base: base + lo)
    }

    /// The text without surrounding spaces and tabs, still located.
    func trimmed() -> LocatedText {
        let chars = Array(text)
        var lo = 0, hi = chars.count
        while lo < hi, chars[lo].isSubmitSpace { lo += 1 }
        while hi > lo, chars[hi - 1].isSubmitSpace { hi -= 1 }
        return slice(lo, hi)
    }
}

extension Character {
    /// Spaces, tabs and line ends: what separates words in the submit language.
    var isSubmitSpace: Bool { self == " " || self == "\t" || self == "\n" || self == "\r" }
}
