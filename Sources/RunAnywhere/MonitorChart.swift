/// mosmon's live bar chart as text: `racimo mon` prints what ``render(_:view:width:height:)``
/// returns and redraws it each second.
///
/// Like mosmon (mosmon(1)), each node gets a vertical bar over its number, with the scale
/// on a y axis; the memory view draws used memory solid (`#`) and free memory as `+` signs
/// up to the total. When the nodes do not fit across the terminal, the chart turns to one
/// horizontal bar per line (mosmon instead scrolled its columns with the arrow keys).
/// Nodes that are down are kept and marked `X` at the foot of their column (mosmon with
/// `-d` listed dead nodes too), so an admin sees a node vanish rather than the chart shift.
///
/// Pure and deterministic: the same rows, view and size give the same text. Rows are drawn
/// in the order given. Lines carry no trailing spaces and are joined by "\n".
public enum MonitorChart {
    /// Below this size the chart says it needs more room instead of drawing.
    public static let minimumWidth = 30
    public static let minimumHeight = 7

    public static func render(_ rows: [MonitorRow], view: MonitorView, width: Int, height: Int) -> String {
        guard width >= minimumWidth, height >= minimumHeight else {
            return "terminal too small for racimo mon: need \(minimumWidth)x\(minimumHeight)"
        }
        let scale = MonitorScale(view: view, rows: rows)
        var lines = [header(rows, scale: scale)]
        if let body = vertical(rows, scale: scale, width: width, plotRows: height - 4) {
            lines += body
        } else {
            lines += horizontal(rows, scale: scale, width: width, lines: height - 2)
        }
        lines.append(footer)
        return lines.map { clip($0, width) }.joined(separator: "\n")
    }

    /// The view's title, how many nodes are up, and the view's totals.
    static func header(_ rows: [MonitorRow], scale: MonitorScale) -> String {
        let up = rows.filter(\.up).count
        return "\(scale.view.title) | \(up)/\(rows.count) up | \(scale.totals(rows))"
    }

    /// mosmon's interactive keys that Racimo keeps.
    static let footer = "l load s speed m memory u util q quit"

    /// At most `width` characters, without trailing spaces.
    static func clip(_ line: String, _ width: Int) -> String {
        var text = Substring(line.prefix(width))
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }

    static func padRight(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    static func padLeft(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }
}
