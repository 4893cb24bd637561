/// Text layouts of `condor_q` (HTCondor's `src/condor_q.V6/queue.cpp`): the default batch view,
/// `-nobatch`, `-hold`, with the title line and the summary lines.
///
/// Pure: the caller passes the rows, the schedd's name and address, the time of the query and
/// the UTC offset for local dates. Display-width truncation (condor_q shortens columns to fit
/// an 80-column terminal) is not applied; output is as with `-wide`, except where noted.
public struct CondorQ: Sendable {
    /// The schedd's name (e.g. `azaphrael.org`).
    public var scheddName: String
    /// The address as condor_q shows it, already shortened by the caller
    /// (`<184.60.25.78:34585?...`).
    public var scheddAddress: String
    /// Query time (Unix seconds) for the title's `@ MM/DD/YY HH:MM:SS`.
    public var now: Int64
    /// Seconds east of UTC for every printed date.
    public var utcOffset: Int

    public init(scheddName: String, scheddAddress: String, now: Int64, utcOffset: Int = 0) {
        self.scheddName = scheddName
        self.scheddAddress = scheddAddress
        self.now = now
        self.utcOffset = utcOffset
    }

    /// The title: condor_q prints two blank lines before it (its "first time" flag in
    /// `print_full_header` is never set, so every title gets them), then
    /// `-- Schedd: NAME : ADDR @ MM/DD/YY HH:MM:SS`.
    public var title: String {
        let t = CivilTime(epochSeconds: now, utcOffset: utcOffset)
        let z = { (v: Int) in TextFormat.zeroPadded(v, width: 2) }
        return "\n\n-- Schedd: \(scheddName) : \(scheddAddress) @ \(z(t.month))/\(z(t.day))/\(z(t.year % 100)) \(z(t.hour)):\(z(t.minute)):\(z(t.second))\n"
    }

    /// The footer, as `print_full_footer` builds it from `standard_summary2`: a blank line,
    /// `Total for query: …`, then (when `allUsers` is given, as the schedd sends it) a line
    /// `Total for all users: …`, then one more blank line. The summary items are print-mask
    /// columns joined by a space and the second line's item starts with `\n`, so the first line
    /// keeps a trailing space before its newline; reproduced as HTCondor emits it.
    public func totals(query: QueueTotals, allUsers: QueueTotals?) -> String {
        var out = "\nTotal for query: " + query.summary
        if let allUsers { out += " \nTotal for all users: " + allUsers.summary }
        return out + "\n\n"
    }

    func date(_ epoch: Int64) -> String { TextFormat.queueDate(epoch, utcOffset: utcOffset) }
}
