/// The default `condor_history` layout (`defaultJob_PrintFormat` in
/// `src/condor_tools/history.cpp`):
/// ` ID          OWNER          SUBMITTED   RUN_TIME   ST  COMPLETED CMD`.
///
/// ID is `cluster.proc` left-aligned, at least 12 wide (the heading `' ID         '` sets the
/// AUTO width) and wider for longer ids; OWNER is 14 wide and truncated past that (history's
/// print mask truncates fixed widths); SUBMITTED and COMPLETED are `M/D HH:MM`; RUN_TIME is
/// `D+HH:MM:SS` of `runSeconds` (RemoteWallClockTime); no summary line (`SUMMARY NONE`).
/// A nil `completed` leaves the cell blank. Rows print in the order given (history is newest
/// first; the caller decides).
public struct CondorHistory: Sendable {
    public var utcOffset: Int
    public init(utcOffset: Int = 0) { self.utcOffset = utcOffset }

    public func render(_ rows: [QueueRow]) -> String {
        let ids = rows.map { "\($0.cluster).\($0.proc)" }
        let columns = [
            TextColumn(heading: " ID         ", width: -ids.reduce(12) { max($0, $1.count) }),
            TextColumn(heading: "OWNER", width: -14),
            TextColumn(heading: "  SUBMITTED", width: 11),
            TextColumn(heading: "  RUN_TIME  ", width: 12),
            TextColumn(heading: "ST", width: -2),
            TextColumn(heading: "  COMPLETED", width: 11),
            TextColumn(heading: "CMD", width: 0),
        ]
        var out = TextTable.heading(columns) + "\n"
        for (row, id) in zip(rows, ids) {
            out += TextTable.line(columns, [
                id, String(row.owner.prefix(14)), TextFormat.queueDate(row.submitted, utcOffset: utcOffset),
                TextFormat.duration(row.runSeconds), row.status.stCell,
                row.completed.map { TextFormat.queueDate($0, utcOffset: utcOffset) } ?? "",
                row.jobDescription,
            ]) + "\n"
        }
        return out
    }
}
