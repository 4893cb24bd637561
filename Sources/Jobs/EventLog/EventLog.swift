/// Writes job events in HTCondor's job event log text format, the file named by a submit file's
/// `log =` command, so existing tools (`condor_wait`, DAGMan, `htcondor2.JobEventLog`, workflow
/// managers) can follow Racimo jobs.
///
/// Pure: the caller gives the time and appends the text to the file. Layout follows
/// HTCondor's `ULogEvent::formatHeader` and each event's `formatBody` in
/// `src/condor_utils/condor_event.cpp`, and every entry ends with the `...` sync line that
/// `write_user_log.cpp` adds and readers look for.
public enum EventLog {
    /// How the event time is printed (`DEFAULT_USERLOG_FORMAT_OPTIONS`).
    public struct Options: Sendable, Hashable {
        public enum DateStyle: Sendable, Hashable {
            /// `2026-08-21 10:49:04`, HTCondor's default since 8.8 (`ISO_DATE`).
            case iso
            /// `08/21 10:49:04`, the pre-8.8 form (no year), still accepted by readers.
            case legacy
        }
        public var dateStyle: DateStyle
        /// Append `Z` (HTCondor's `UTC` option). The caller should then pass `utcOffset: 0`.
        public var utcSuffix: Bool

        public init(dateStyle: DateStyle = .iso, utcSuffix: Bool = false) {
            self.dateStyle = dateStyle
            self.utcSuffix = utcSuffix
        }
    }

    /// The complete text of one entry, header through the `...` line, each line ending in `\n`.
    ///
    /// - Parameters:
    ///   - cluster, proc, subproc: the job id, printed `%03d` each, so `042.007.000`; wider
    ///     numbers print in full (`1234.000.000`), as printf does.
    ///   - time: Unix seconds of the event.
    ///   - utcOffset: seconds east of UTC in force at `time` (HTCondor prints local time).
    public static func format(
        _ event: JobEvent, cluster: Int, proc: Int, subproc: Int = 0,
        time: Int64, utcOffset: Int = 0, options: Options = Options()
    ) -> String {
        var out = header(number: event.number, cluster: cluster, proc: proc, subproc: subproc,
                         time: time, utcOffset: utcOffset, options: options)
        out += body(event)
        out += "...\n"
        return out
    }

    /// `NNN (CCC.PPP.SSS) DATE TIME ` — note the trailing space before the body.
    static func header(number: Int, cluster: Int, proc: Int, subproc: Int, time: Int64, utcOffset: Int, options: Options) -> String {
        let t = CivilTime(epochSeconds: time, utcOffset: utcOffset)
        var out = TextFormat.zeroPadded(number, width: 3) + " ("
            + TextFormat.zeroPadded(cluster, width: 3) + "."
            + TextFormat.zeroPadded(proc, width: 3) + "."
            + TextFormat.zeroPadded(subproc, width: 3) + ") "
        switch options.dateStyle {
        case .iso:
            out += TextFormat.zeroPadded(t.year, width: 4) + "-" + TextFormat.zeroPadded(t.month, width: 2)
                + "-" + TextFormat.zeroPadded(t.day, width: 2)
        case .legacy:
            out += TextFormat.zeroPadded(t.month, width: 2) + "/" + TextFormat.zeroPadded(t.day, width: 2)
        }
        out += " " + TextFormat.zeroPadded(t.hour, width: 2) + ":" + TextFormat.zeroPadded(t.minute, width: 2)
            + ":" + TextFormat.zeroPadded(t.second, width: 2)
        if options.utcSuffix { out += "Z" }
        return out + " "
    }

    /// HTCondor stores reasons with `\n` turned into `|` and `\r` into a space
    /// (`ULogEvent::set_reason_member`), because its reader takes the reason from one line;
    /// a raw newline would make it lose the hold code that follows.
    public static func oneLine(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { scalar -> Unicode.Scalar in
            switch scalar {
            case "\n": "|"
            case "\r": " "
            default: scalar
            }
        }))
    }
}
