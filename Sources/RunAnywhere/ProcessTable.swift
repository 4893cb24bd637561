/// One process as `racimo ps` lists it.
public struct ProcessRow: Hashable, Sendable {
    /// Its PID on its home node, where it keeps its identity.
    public var homePID: Int32
    public var user: String
    public var home: NodeName
    /// Where it runs now.
    public var current: NodeName
    /// How many times it has migrated.
    public var migrations: Int
    /// `ps`-style state letters, e.g. `R`, `S`, `RN`.
    public var state: String
    public var cpuSeconds: Double
    public var command: String
    /// Why it cannot or should not move, if it stays.
    public var stays: StayReason?

    public init(homePID: Int32, user: String, home: NodeName, current: NodeName, migrations: Int = 0,
                state: String, cpuSeconds: Double, command: String, stays: StayReason? = nil) {
        self.homePID = homePID
        self.user = user
        self.home = home
        self.current = current
        self.migrations = migrations
        self.state = state
        self.cpuSeconds = cpuSeconds
        self.command = command
        self.stays = stays
    }
}

/// The `racimo ps` table, after openMosix's `mps` (`PID TTY NODE STAT TIME COMMAND`, NODE
/// being the number of the node the process runs on, 0 for this one) and MOSIX's `mosps`
/// (its WHERE column says `here` for a local process). Racimo names nodes instead of
/// numbering them, shows the home and the migration count (openMosix's `/proc/PID/nmigs`),
/// and explains below the table why processes stay (openMosix's `/proc/PID/cantmove`).
public enum ProcessTable {
    /// The table for `rows`, in the order given, as seen from node `local`: WHERE says
    /// `here` for processes running on `local`. Numbers are right-aligned and text
    /// left-aligned, columns one space apart, COMMAND last and unpadded; TIME is ps's
    /// `minutes:seconds` of CPU. When some rows stay for a reason, a blank line and a
    /// "why these stay:" section follow, one `PID  sentence` per row. Ends with "\n".
    public static func render(_ rows: [ProcessRow], local: NodeName) -> String {
        let cells = rows.map { row in
            [String(row.homePID), row.user, row.home.rawValue, row.current == local ? "here" : row.current.rawValue,
             String(row.migrations), row.state, time(row.cpuSeconds), row.command]
        }
        let headings = ["PID", "USER", "HOME", "WHERE", "MIG", "STAT", "TIME", "COMMAND"]
        let rightAligned: Set<Int> = [0, 4, 6]
        let widths = headings.indices.map { column in
            max(headings[column].count, cells.map { $0[column].count }.max() ?? 0)
        }
        func line(_ values: [String]) -> String {
            let padded = values.indices.map { column -> String in
                if column == values.count - 1 { return values[column] }
                return rightAligned.contains(column)
                    ? MonitorChart.padLeft(values[column], widths[column])
                    : MonitorChart.padRight(values[column], widths[column])
            }
            return MonitorChart.clip(padded.joined(separator: " "), .max)
        }
        var out = line(headings) + "\n"
        for row in cells { out += line(row) + "\n" }
        let staying = rows.filter { $0.stays != nil }
        if !staying.isEmpty {
            out += "\nwhy these stay:\n"
            for row in staying {
                out += MonitorChart.padLeft(String(row.homePID), widths[0]) + "  " + row.stays!.sentence + "\n"
            }
        }
        return out
    }

    /// CPU time as ps prints it: whole minutes, a colon, two-digit seconds (`227:33`).
    static func time(_ seconds: Double) -> String {
        let total = Int(max(0, seconds))
        let rest = total % 60
        return "\(total / 60):" + (rest < 10 ? "0" : "") + String(rest)
    }
}
