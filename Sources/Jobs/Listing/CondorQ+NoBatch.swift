extension CondorQ {
    /// `condor_q -nobatch`: one line per job,
    /// ` ID      OWNER            SUBMITTED     RUN_TIME ST PRI SIZE CMD` (queue.cpp
    /// `jobDefault_PrintFormat`).
    ///
    /// ID is `%4d.` joined to `%-3d`; OWNER is 14 wide, left-aligned; SUBMITTED `M/D HH:MM`;
    /// RUN_TIME `D+HH:MM:SS` (`runSeconds`); ST the status letter; PRI as wide as needed (at
    /// least 3); SIZE MB with one decimal in 4; CMD the executable's basename and arguments.
    /// As in `fixup_std_column_widths`, only when a cluster reaches 9999, a proc 999, or an owner
    /// exceeds 14 characters do the ID, OWNER and SIZE columns widen to fit. Otherwise condor_q's
    /// print masks truncate fixed-width columns (`fixed_width_implies_truncate`,
    /// make_printmask.cpp), so a SIZE of `12345.0` shows as `1234` — kept for fidelity.
    public func noBatch(_ rows: [QueueRow], allUsers: QueueTotals? = nil) -> String {
        let sorted = rows.sorted { ($0.cluster, $0.proc) < ($1.cluster, $1.proc) }
        var columns = idColumns(sorted) + [
            TextColumn(heading: "  SUBMITTED", width: 11),
            TextColumn(heading: "    RUN_TIME", width: 12),
            TextColumn(heading: "ST", width: -2),
            TextColumn(heading: "PRI", width: -sorted.reduce(3) { max($0, String($1.priority).count) }),
            TextColumn(heading: "SIZE", width: 4),
            TextColumn(heading: "CMD", width: 0),
        ]
        let size = { (row: QueueRow) in row.sizeMB.map { TextFormat.fixed($0, decimals: 1) } ?? "" }
        let widened = widens(sorted)
        if widened {
            columns[columns.count - 2].width = sorted.reduce(4) { max($0, size($1).count) }
        }
        var out = title + TextTable.heading(columns) + "\n"
        for row in sorted {
            out += TextTable.line(columns, idCells(row, columns) + [
                date(row.submitted), TextFormat.duration(row.runSeconds), row.status.stCell,
                String(row.priority), widened ? size(row) : String(size(row).prefix(4)), row.jobDescription,
            ]) + "\n"
        }
        return out + totals(query: QueueTotals(rows), allUsers: allUsers)
    }

    /// `condor_q -hold`: held jobs only,
    /// ` ID      OWNER          HELD_SINCE  CODE/SUB HOLD_REASON` (queue.cpp
    /// `jobHold_PrintFormat`): HELD_SINCE is `EnteredCurrentStatus` as `M/D HH:MM`, CODE `%4d`
    /// joined to `/%-3d` of the subcode, then the reason unpadded.
    public func hold(_ rows: [QueueRow], allUsers: QueueTotals? = nil) -> String {
        let held = rows.filter { $0.status == .held }.sorted { ($0.cluster, $0.proc) < ($1.cluster, $1.proc) }
        let columns = idColumns(held) + [
            TextColumn(heading: "HELD_SINCE", width: 11),
            TextColumn(heading: "CODE", width: 4),
            TextColumn(heading: "/SUB", width: -4, noPrefix: true),
            TextColumn(heading: "HOLD_REASON", width: 0),
        ]
        var out = title + TextTable.heading(columns) + "\n"
        for row in held {
            let since = row.enteredCurrentStatus.map(date) ?? "??"
            let code = row.holdCode.map { String($0.rawValue) } ?? "?"
            let sub = row.holdSubcode.map { String("/\($0)".prefix(4)) } ?? " "
            out += TextTable.line(columns, idCells(row, columns) + [since, code, sub, EventLog.oneLine(row.holdReason ?? "")]) + "\n"
        }
        return out + totals(query: QueueTotals(held), allUsers: allUsers)
    }

    /// Whether HTCondor's `fixup_std_column_widths` would run for these rows.
    func widens(_ rows: [QueueRow]) -> Bool {
        rows.contains { $0.cluster >= 9999 || $0.proc >= 999 || $0.owner.count > 14 }
    }

    /// ` ID` (5: `%4d.`), the proc (3: `%-3d`, no separator), OWNER (-14), widened as
    /// `fnFixupWidthCallback` does: cluster to its digit count + 1 (up to 9 digits), proc to
    /// its digit count, owner to the longest name.
    func idColumns(_ rows: [QueueRow]) -> [TextColumn] {
        var clusterWidth = 5, procWidth = 3, ownerWidth = 14
        if widens(rows) {
            let maxCluster = rows.map(\.cluster).max() ?? 0
            let maxProc = rows.map(\.proc).max() ?? 0
            let cd = TextTable.digits(maxCluster), pd = TextTable.digits(maxProc)
            if cd > 4 && cd <= 9 { clusterWidth = cd + 1 }
            if pd > 3 && pd <= 9 { procWidth = pd }
            ownerWidth = max(14, rows.map(\.owner.count).max() ?? 0)
        }
        return [
            TextColumn(heading: " ID", width: clusterWidth),
            TextColumn(heading: " ", width: -procWidth, noPrefix: true),
            TextColumn(heading: "OWNER", width: -ownerWidth),
        ]
    }

    func idCells(_ row: QueueRow, _ columns: [TextColumn]) -> [String] {
        [TextFormat.padded(String(row.cluster), columns[0].width - 1) + ".", String(row.proc), row.owner]
    }
}

extension CondorQ {
    /// `condor_q -run`: running jobs only, ` ID      OWNER            SUBMITTED     RUN_TIME HOST(S)`
    /// (queue.cpp `jobRuntime_PrintFormat`, `SUMMARY NONE`: no totals). A job without a known
    /// host shows `??`, as the format's `OR ??` does.
    public func run(_ rows: [QueueRow]) -> String {
        let running = rows.filter { $0.status == .running }.sorted { ($0.cluster, $0.proc) < ($1.cluster, $1.proc) }
        let columns = idColumns(running) + [
            TextColumn(heading: "  SUBMITTED", width: 11),
            TextColumn(heading: "    RUN_TIME", width: 12),
            TextColumn(heading: "HOST(S)", width: 0),
        ]
        var out = title + TextTable.heading(columns) + "\n"
        for row in running {
            out += TextTable.line(columns, idCells(row, columns) + [
                date(row.submitted), TextFormat.duration(row.runSeconds), row.host ?? "??",
            ]) + "\n"
        }
        return out
    }
}
