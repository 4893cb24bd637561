/// The numbers of one view: what each bar measures, the axis's top, and how values print.
struct MonitorScale {
    let view: MonitorView
    /// The value at the top of the axis; bars are drawn relative to it.
    let top: Double

    init(view: MonitorView, rows: [MonitorRow]) {
        self.view = view
        let live = rows.filter(\.up)
        switch view {
        // Whole load units, at least 1, so an idle cluster still shows what "busy" means.
        case .load: top = max(1, (live.map(\.load).max() ?? 0).rounded(.up))
        case .speed: top = Double(max(1, live.map(\.speed).max() ?? 1))
        case .memory: top = Double(max(1, live.map { MonitorScale.megabytes($0.memoryTotal) }.max() ?? 1))
        case .utilization: top = 100
        }
    }

    /// The measured value of a row, in the axis's unit.
    func value(_ row: MonitorRow) -> Double {
        switch view {
        case .load: return max(0, row.load)
        case .speed: return Double(max(0, row.speed))
        case .memory: return Double(MonitorScale.megabytes(max(0, row.memoryTotal - row.memoryFree)))
        case .utilization: return min(100, max(0, row.utilization * 100))
        }
    }

    /// For the memory view, the total that the `+` signs extend to; nil otherwise.
    func total(_ row: MonitorRow) -> Double? {
        view == .memory ? Double(MonitorScale.megabytes(row.memoryTotal)) : nil
    }

    /// How many of `cells` a value fills. Anything above zero shows at least one cell, so a
    /// light load is not mistaken for an idle node.
    func cells(_ value: Double, of cells: Int) -> Int {
        guard value > 0 else { return 0 }
        return min(cells, max(1, Int((value / top * Double(cells)).rounded())))
    }

    /// An axis label.
    func axisLabel(_ value: Double) -> String {
        switch view {
        case .load: return MonitorScale.fixed2(value)
        case .speed, .memory: return String(Int(value.rounded()))
        case .utilization: return String(Int(value.rounded())) + "%"
        }
    }

    /// A row's reading in words, for the horizontal chart.
    func reading(_ row: MonitorRow) -> String {
        switch view {
        case .load: return MonitorScale.fixed2(value(row))
        case .speed: return "\(row.speed) x\(row.cpus)"
        case .memory: return "\(Int(value(row)))/\(MonitorScale.megabytes(row.memoryTotal))"
        case .utilization: return "\(Int(value(row).rounded()))%"
        }
    }

    /// The header's totals over the nodes that are up.
    func totals(_ rows: [MonitorRow]) -> String {
        let live = rows.filter(\.up)
        switch view {
        case .load: return "total " + MonitorScale.fixed2(live.reduce(0) { $0 + max(0, $1.load) })
        case .speed: return "total \(live.reduce(0) { $0 + $1.speed }), \(live.reduce(0) { $0 + $1.cpus }) CPUs"
        case .memory:
            let free = live.reduce(0) { $0 + $1.memoryFree }, total = live.reduce(0) { $0 + $1.memoryTotal }
            return "\(MonitorScale.megabytes(free))/\(MonitorScale.megabytes(total)) free"
        case .utilization:
            let sum = live.reduce(0.0) { $0 + value($1) }
            return "average \(live.isEmpty ? 0 : Int((sum / Double(live.count)).rounded()))%"
        }
    }

    static func megabytes(_ bytes: Int) -> Int { bytes / 1_048_576 }

    /// `value` with two decimals, rounded half up, without Foundation's formatting.
    static func fixed2(_ value: Double) -> String {
        let hundredths = Int((max(0, value) * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100)." + (fraction < 10 ? "0" : "") + String(fraction)
    }
}
