extension MonitorChart {
    /// One line per node: `number name |bar| reading flags`, for more nodes than fit across.
    /// When there are more nodes than `lines`, the last line says how many are left out.
    static func horizontal(_ rows: [MonitorRow], scale: MonitorScale, width: Int, lines: Int) -> [String] {
        let shown = rows.count <= lines ? rows : Array(rows.prefix(max(0, lines - 1)))
        let numberWidth = shown.compactMap(\.number).map { String($0).count }.max() ?? 0
        let nameWidth = shown.map(\.name.rawValue.count).max() ?? 0
        let readings = shown.map { $0.up ? scale.reading($0) : "down" }
        let flags = shown.map { flagWords($0.flags) }
        let readingWidth = readings.map(\.count).max() ?? 0
        let flagWidth = flags.map(\.count).max() ?? 0
        let labelWidth = (numberWidth > 0 ? numberWidth + 1 : 0) + nameWidth
        let fixed = labelWidth + 2 + 2 + readingWidth + (flagWidth > 0 ? 1 + flagWidth : 0)
        let barWidth = max(5, width - fixed)

        var result: [String] = []
        for (index, row) in shown.enumerated() {
            var label = padRight(row.name.rawValue, nameWidth)
            if numberWidth > 0 { label = padLeft(row.number.map(String.init) ?? "", numberWidth) + " " + label }
            var line = label + " |" + bar(row, scale: scale, width: barWidth) + "| " + padRight(readings[index], readingWidth)
            if flagWidth > 0 { line += " " + flags[index] }
            result.append(line)
        }
        if shown.count < rows.count { result.append("... and \(rows.count - shown.count) more nodes") }
        return result
    }

    private static func bar(_ row: MonitorRow, scale: MonitorScale, width: Int) -> String {
        guard row.up else { return String(repeating: " ", count: width) }
        let used = scale.cells(scale.value(row), of: width)
        let total = scale.total(row).map { scale.cells($0, of: width) } ?? used
        return String(repeating: "#", count: used) + String(repeating: "+", count: max(0, total - used))
            + String(repeating: " ", count: width - max(used, total))
    }

    /// The mosctl words of the flags that are set, e.g. `block,lstay`.
    static func flagWords(_ flags: NodeFlags) -> String {
        let names: [(NodeFlags, String)] = [(.block, "block"), (.lstay, "lstay"), (.stay, "stay"),
                                            (.quiet, "quiet"), (.expel, "expel"), (.bring, "bring")]
        return names.filter { flags.contains($0.0) }.map(\.1).joined(separator: ",")
    }
}
