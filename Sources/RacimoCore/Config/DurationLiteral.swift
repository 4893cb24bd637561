/// Durations as people write them in configuration files: `250ms`, `1.5s`, `1m30s`, `2h`.
///
/// Accepted units, each written in lowercase right after its number:
///
/// | unit | meaning      |
/// |------|--------------|
/// | `ns` | nanoseconds  |
/// | `us` | microseconds |
/// | `ms` | milliseconds |
/// | `s`  | seconds      |
/// | `m`  | minutes      |
/// | `h`  | hours        |
/// | `d`  | days (86 400 s; no calendar or daylight-saving meaning) |
///
/// A literal is one or more `<number><unit>` parts with the units from largest to smallest,
/// each used once (`1h30m`, `1m30.5s`). A number is digits with an optional decimal fraction
/// (`1.5h`, `0.25s`). The unit is always required: a bare `5` is refused because seconds,
/// milliseconds and minutes are all plausible readings, and a silent wrong guess is worse than
/// an error. Negative durations, signs, spaces and fractions of a nanosecond are refused too.
public enum DurationLiteral {
    /// Units from largest to smallest, with their length in nanoseconds.
    private static let units: [(symbol: String, nanoseconds: Int64)] = [
        ("d", 86_400_000_000_000),
        ("h", 3_600_000_000_000),
        ("m", 60_000_000_000),
        ("s", 1_000_000_000),
        ("ms", 1_000_000),
        ("us", 1_000),
        ("ns", 1),
    ]

    /// The duration `text` denotes, or nil if it is not a valid literal (see the type's
    /// documentation) or exceeds about 292 years (the range of Int64 nanoseconds).
    public static func parse(_ text: String) -> Duration? {
        let scalars = Array(text.unicodeScalars)
        guard !scalars.isEmpty else { return nil }
        var index = 0
        var total: Int64 = 0
        var smallestUnitSoFar = Int.min  // index into `units`; must increase part by part
        while index < scalars.count {
            // Number: digits, optionally "." and more digits.
            let wholeStart = index
            while index < scalars.count, isDigit(scalars[index]) { index += 1 }
            let whole = scalars[wholeStart..<index]
            var fraction = scalars[index..<index]
            if index < scalars.count, scalars[index] == "." {
                index += 1
                let fractionStart = index
                while index < scalars.count, isDigit(scalars[index]) { index += 1 }
                fraction = scalars[fractionStart..<index]
                guard !fraction.isEmpty else { return nil }
            }
            guard !whole.isEmpty else { return nil }
            // Unit: the longest run of letters, which must be a known symbol.
            let unitStart = index
            while index < scalars.count, scalars[index] >= "a", scalars[index] <= "z" { index += 1 }
            let symbol = String(String.UnicodeScalarView(scalars[unitStart..<index]))
            guard let unitIndex = units.firstIndex(where: { $0.symbol == symbol }), unitIndex > smallestUnitSoFar
            else { return nil }
            smallestUnitSoFar = unitIndex
            guard let part = nanoseconds(whole: whole, fraction: fraction, unit: units[unitIndex].nanoseconds) else {
                return nil
            }
            let (sum, overflow) = total.addingReportingOverflow(part)
            guard !overflow else { return nil }
            total = sum
        }
        return .nanoseconds(total)
    }

    /// `whole.fraction` units in nanoseconds, if exact and within range.
    private static func nanoseconds(
        whole: ArraySlice<Unicode.Scalar>, fraction: ArraySlice<Unicode.Scalar>, unit: Int64
    ) -> Int64? {
        var value: Int64 = 0
        for d in whole {
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(Int64(d.value - 0x30))
            guard !o1, !o2 else { return nil }
            value = sum
        }
        let (result, o3) = value.multipliedReportingOverflow(by: unit)
        guard !o3 else { return nil }
        // Each fraction digit is worth unit/10, unit/100, …; trailing zeros are worth nothing,
        // and a non-zero digit below one nanosecond makes the literal inexact.
        var fractionValue: Int64 = 0
        var scale = unit
        for d in fraction.reversed().drop(while: { $0 == "0" }).reversed() {
            guard scale % 10 == 0 else { return nil }
            scale /= 10
            fractionValue += Int64(d.value - 0x30) * scale
        }
        let (total, o4) = result.addingReportingOverflow(fractionValue)
        return o4 ? nil : total
    }

    private static func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }

    /// The canonical literal for `d`, which `parse` reads back as the same duration.
    ///
    /// A minute or more is written in parts without zero parts (`1m30s`, `2h`, `1d12h`,
    /// `1m0.5s` keeps its seconds fraction); less than a minute uses the largest unit that
    /// keeps the number at least 1, with a decimal fraction if needed (`1.5s`, `250ms`,
    /// `1.5us`, `0s`). Parts finer than a nanosecond are dropped. A negative duration is
    /// written with a leading `-`, which `parse` refuses: it can only be shown, not configured.
    public static func format(_ d: Duration) -> String {
        let (seconds, attoseconds) = d.components
        // Whole nanoseconds, rounded toward zero; 128-bit arithmetic is not needed for
        // anything a configuration can hold, so stay within Int64 and clamp at its ends.
        let (fromSeconds, o1) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        let (nanos, o2) = fromSeconds.addingReportingOverflow(attoseconds / 1_000_000_000)
        if o1 || o2 { return seconds < 0 ? "-" + format(nanoseconds: .max) : format(nanoseconds: .max) }
        if nanos < 0 {
            return "-" + format(nanoseconds: nanos == .min ? .max : -nanos)
        }
        return format(nanoseconds: nanos)
    }

    private static func format(nanoseconds n: Int64) -> String {
        if n == 0 { return "0s" }
        let minute = units[2].nanoseconds
        if n < minute {
            let unit = units.first { $0.nanoseconds <= n }!
            return decimal(n, per: unit.nanoseconds) + unit.symbol
        }
        var rest = n
        var text = ""
        for unit in units[0...2] where rest >= unit.nanoseconds {
            text += String(rest / unit.nanoseconds) + unit.symbol
            rest %= unit.nanoseconds
        }
        if rest > 0 {
            text += decimal(rest, per: units[3].nanoseconds) + "s"
        }
        return text
    }

    /// `n / per` in decimal, with only the fraction digits that are needed (`1500, 1000` → `1.5`).
    private static func decimal(_ n: Int64, per: Int64) -> String {
        let whole = String(n / per)
        var remainder = n % per
        guard remainder > 0 else { return whole }
        var digits = ""
        var scale = per
        while remainder > 0 {
            scale /= 10
            digits += String(remainder / scale)
            remainder %= scale
        }
        return whole + "." + digits
    }
}
