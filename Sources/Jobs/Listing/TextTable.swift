/// A column of HTCondor's print masks (`ad_printmask.cpp`): positive width right-aligns values,
/// negative left-aligns, 0 means unpadded (last columns such as CMD). Headings are always
/// left-aligned in the column's width (`display_Headings` uses `%-Ns`). Columns are joined by
/// one space unless `noPrefix` (condor_q's `NOPREFIX`, e.g. the proc after `ID`).
struct TextColumn {
    var heading: String
    var width: Int
    var noPrefix = false
    var hidden = false
}

enum TextTable {
    /// Renders one line (no newline). Cells beyond `columns` are ignored; missing ones are blank.
    static func line(_ columns: [TextColumn], _ cells: [String]) -> String {
        var out = ""
        var first = true
        for (index, column) in columns.enumerated() where !column.hidden {
            if !first && !column.noPrefix { out += " " }
            first = false
            let cell = index < cells.count ? cells[index] : ""
            out += column.width == 0 ? cell : TextFormat.padded(cell, column.width)
        }
        return out
    }

    static func heading(_ columns: [TextColumn]) -> String {
        var out = ""
        var first = true
        for column in columns where !column.hidden {
            if !first && !column.noPrefix { out += " " }
            first = false
            out += column.width == 0 ? column.heading : TextFormat.padded(column.heading, -abs(column.width))
        }
        return out
    }

    /// Digits of a non-negative number (negative numbers count their sign).
    static func digits(_ value: Int) -> Int { String(value).count }
}
