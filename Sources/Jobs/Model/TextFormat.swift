/// The few `printf` conversions HTCondor's text formats need, written out so `Jobs` needs no
/// Foundation. Internal: each listing and the event log use them to match HTCondor byte for byte.
enum TextFormat {
    /// `%0Nd`: zero-padded to at least `width` digits (a minus sign counts towards the width).
    static func zeroPadded(_ value: Int, width: Int) -> String {
        let digits = String(value.magnitude)
        let sign = value < 0 ? "-" : ""
        let pad = max(0, width - digits.count - sign.count)
        return sign + String(repeating: "0", count: pad) + digits
    }

    /// `%Ns` (right-aligned) for positive `width`, `%-Ns` (left-aligned) for negative.
    /// Never truncates, as printf does not.
    static func padded(_ text: String, _ width: Int) -> String {
        let count = text.count
        let target = abs(width)
        guard count < target else { return text }
        let fill = String(repeating: " ", count: target - count)
        return width < 0 ? text + fill : fill + text
    }

    /// `%.Nf` with round-half-away-from-zero on the decimal digits (printf rounds half to even
    /// on the binary value; the difference only shows on exact ties, which HTCondor's inputs,
    /// loads and MB sizes, essentially never hit). Non-finite values print as `nan`/`inf`.
    static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf") }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9.0e18 else { return String(value) }
        let whole = UInt64(scaled)
        let factor = UInt64(scale)
        let integer = whole / factor
        let fraction = whole % factor
        let sign = value < 0 && whole != 0 ? "-" : ""
        if decimals == 0 { return sign + String(integer) }
        let fractionText = String(fraction)
        return sign + String(integer) + "."
            + String(repeating: "0", count: decimals - fractionText.count) + fractionText
    }

    /// `D+HH:MM:SS` with the day count right-aligned in 3 (HTCondor's `format_time`,
    /// `src/condor_utils/format_time.cpp`): `  0+00:00:07`. Negative inputs show as zero.
    static func duration(_ seconds: Int64) -> String {
        let s = max(0, seconds)
        let days = s / 86_400
        let rest = s % 86_400
        return padded(String(days), 3) + "+" + zeroPadded(Int(rest / 3600), width: 2) + ":"
            + zeroPadded(Int(rest % 3600 / 60), width: 2) + ":" + zeroPadded(Int(rest % 60), width: 2)
    }

    /// `M/D HH:MM` as `format_date` prints it: `"%2d/%-2d %02d:%02d"` (` 9/13 16:25`, `11/5  09:03`).
    static func queueDate(_ epoch: Int64, utcOffset: Int) -> String {
        let t = CivilTime(epochSeconds: epoch, utcOffset: utcOffset)
        return padded(String(t.month), 2) + "/" + padded(String(t.day), -2) + " "
            + zeroPadded(t.hour, width: 2) + ":" + zeroPadded(t.minute, width: 2)
    }
}
