/// A wall-clock reading (proleptic Gregorian), computed from epoch seconds and a UTC offset
/// without the C library, so the `Jobs` target stays free of clocks and time zones.
///
/// The caller supplies the offset (seconds east of UTC) in force at that instant; HTCondor
/// prints local time (`localtime()` in `ULogEvent::formatHeader`), and Racimo's shell knows the
/// zone, the pure code does not.
public struct CivilTime: Sendable, Hashable {
    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int

    /// Converts `epochSeconds` (Unix time) shifted by `utcOffset` seconds. Never traps: any
    /// `Int64` is accepted (far dates just give far years).
    public init(epochSeconds: Int64, utcOffset: Int = 0) {
        let local = epochSeconds.addingReportingOverflow(Int64(utcOffset)).partialValue
        // Floor division so times before 1970 land on the right day.
        var days = local / 86_400
        var secs = local % 86_400
        if secs < 0 { secs += 86_400; days -= 1 }
        hour = Int(secs / 3600)
        minute = Int(secs % 3600 / 60)
        second = Int(secs % 60)
        // Days to civil date: Howard Hinnant's "days_from_civil" inverse, in eras of 400 years.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        day = Int(doy - (153 * mp + 2) / 5 + 1)
        month = Int(mp < 10 ? mp + 3 : mp - 9)
        year = Int(yoe + era * 400 + (month <= 2 ? 1 : 0))
    }
}
