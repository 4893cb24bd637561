import RacimoCore

/// Heartbeat's time values, as `cl_get_msec()` (cluster-glue `lib/clplumbing/cl_misc.c`)
/// reads them for keepalive, deadtime, warntime, initdead and deadping:
///
/// - a decimal number (`10`, `0.5`, `.5`) is seconds: ha.cf(5) "The default time unit is
///   seconds";
/// - followed by `ms` or `msec` it is milliseconds, by `us` or `usec` microseconds, in any
///   case (`500ms`, `1500MS`, `100000us`); blanks before the unit are allowed, but ha.cf splits
///   options at blanks, so there the unit must be glued to the number;
/// - the result is rounded to whole milliseconds, halves up (`499us` is 0, `501us` is 1 ms).
///
/// Anything else, including `10s` and negative numbers, makes `cl_get_msec()` return -1,
/// which Heartbeat refuses.
public enum HeartbeatDuration {
    public static func parse(_ text: String) -> Duration? {
        let scalars = Array(text.unicodeScalars)
        var index = 0
        let numberStart = index
        var sawDigit = false
        var sawDot = false
        while index < scalars.count, ("0"..."9").contains(scalars[index]) || scalars[index] == "." {
            if scalars[index] == "." {
                guard !sawDot else { return nil }
                sawDot = true
            } else {
                sawDigit = true
            }
            index += 1
        }
        guard sawDigit else { return nil }
        let number = ConfigText.string(scalars[numberStart..<index])
        while index < scalars.count, scalars[index] == " " || scalars[index] == "\t" { index += 1 }
        let unit = ConfigText.string(scalars[index...]).lowercased()
        // Value in microseconds, exactly, from the decimal digits.
        let parts = number.split(separator: ".", omittingEmptySubsequences: false)
        let whole = parts[0].isEmpty ? 0 : Int64(parts[0])
        let fractionDigits = parts.count > 1 ? String(parts[1].prefix(9)) : ""
        guard let whole else { return nil }
        var fraction: Int64 = 0  // in nanounits (1e-9 of the unit)
        var scale: Int64 = 100_000_000
        for digit in fractionDigits {
            fraction += Int64(digit.wholeNumberValue!) * scale
            scale /= 10
        }
        let unitNanoseconds: Int64
        switch unit {
        case "": unitNanoseconds = 1_000_000_000
        case "ms", "msec": unitNanoseconds = 1_000_000
        case "us", "usec": unitNanoseconds = 1_000
        default: return nil
        }
        let (wholeNanos, overflow) = whole.multipliedReportingOverflow(by: unitNanoseconds)
        guard !overflow else { return nil }
        let nanos = wholeNanos + fraction / 1_000_000_000 * unitNanoseconds
            + (fraction % 1_000_000_000) * unitNanoseconds / 1_000_000_000
        // Round to milliseconds, halves up.
        let milliseconds = (nanos + 500_000) / 1_000_000
        return .milliseconds(milliseconds)
    }
}
