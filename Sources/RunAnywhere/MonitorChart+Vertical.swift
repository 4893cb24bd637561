extension MonitorChart {
    /// Vertical bars over node labels, or nil when the labels do not fit across `width`.
    ///
    /// Each column is as wide as the longest label plus a space; the bar fills all of it
    /// but the space. The y axis is labelled at its top and half way, with 0 on the axis.
    static func vertical(_ rows: [MonitorRow], scale: MonitorScale, width: Int, plotRows: Int) -> [String]? {
        let column = max(2, (rows.map(\.label.count).max() ?? 1) + 1)
        let half = plotRows / 2
        let marks = [0: scale.axisLabel(scale.top),
                     half: scale.axisLabel(scale.top * Double(plotRows - half) / Double(plotRows))]
        let axis = max(marks.values.map(\.count).max() ?? 1, 1)
        guard !rows.isEmpty, axis + 2 + rows.count * column <= width else { return nil }

        var lines: [String] = []
        for index in 0..<plotRows {
            let level = plotRows - index
            var line = padLeft(marks[index] ?? "", axis) + " |"
            for row in rows {
                let cell = self.cell(row, level: level, plotRows: plotRows, scale: scale)
                line += String(repeating: cell, count: column - 1) + " "
            }
            lines.append(line)
        }
        lines.append(padLeft("0", axis) + " +" + String(repeating: "-", count: rows.count * column))
        lines.append(String(repeating: " ", count: axis + 2) + rows.map { padRight($0.label, column) }.joined())
        return lines
    }

    /// The character of `row`'s column at `level` (1 is the bottom row of the plot).
    private static func cell(_ row: MonitorRow, level: Int, plotRows: Int, scale: MonitorScale) -> String {
        guard row.up else { return level == 1 ? "X" : " " }
        let filled = scale.cells(scale.value(row), of: plotRows)
        if level <= filled {
            // The speed view writes the CPU count in the bar's top cell (mosmon's `s` view
            // showed the number of CPUs of SMP nodes).
            if scale.view == .speed, level == filled, row.cpus > 1 { return row.cpus > 9 ? "+" : String(row.cpus) }
            return "#"
        }
        if let total = scale.total(row), level <= scale.cells(total, of: plotRows) { return "+" }
        return " "
    }
}
