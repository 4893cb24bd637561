/// Formats a `Double` the way HTCondor's unparser does: `printf("%.15E")`
/// (sixteen significant digits, correctly rounded from the exact binary value),
/// except that zero prints as `0.0`/`-0.0` and non-finite values print as
/// `real("NaN")`, `real("INF")`, `real("-INF")` so that they parse back.
///
/// Implemented without Foundation: the exact decimal expansion of the double is
/// computed with a small base-10⁹ big integer and then rounded half-to-even,
/// which is what glibc's printf does.
enum ClassAdRealFormat {
    static func format(_ value: Double) -> String {
        if value.isNaN { return "real(\"NaN\")" }
        if value.isInfinite { return value < 0 ? "real(\"-INF\")" : "real(\"INF\")" }
        if value == 0 { return value.sign == .minus ? "-0.0" : "0.0" }
        let (digits, exponent) = scientificDigits(abs(value), significant: 16)
        var out = value < 0 ? "-" : ""
        out.append(digits[digits.startIndex])
        out.append(".")
        out.append(contentsOf: digits.dropFirst())
        out.append("E")
        out.append(exponent < 0 ? "-" : "+")
        let e = String(abs(exponent))
        if e.count < 2 { out.append("0") }
        out.append(e)
        return out
    }

    /// Decimal digits (exactly `significant` of them) and the decimal exponent
    /// of a positive finite double, rounded half-to-even.
    static func scientificDigits(_ value: Double, significant: Int) -> (String, Int) {
        // value = mantissa * 2^exp2, exactly.
        let mantissa = value.significandBitPattern | (value.isNormal ? (1 << 52) : 0)
        let exp2 = value.isNormal ? Int(value.exponentBitPattern) - 1075 : -1074
        // Exact decimal: integer part digits and fraction digits.
        // Represent as big integer N and a power of ten scale: value = N / 10^k.
        var big = ClassAdBigDecimal(mantissa)
        var scale = 0
        if exp2 >= 0 {
            var n = exp2
            while n >= 29 { big.multiply(by: 1 << 29); n -= 29 }
            if n > 0 { big.multiply(by: UInt32(1) << UInt32(n)) }
        } else {
            // m / 2^n = m * 5^n / 10^n
            var n = -exp2
            while n >= 13 { big.multiply(by: 1_220_703_125); n -= 13 }  // 5^13
            var tail: UInt32 = 1
            for _ in 0..<n { tail *= 5 }
            big.multiply(by: tail)
            scale = -exp2
        }
        let all = big.decimalString  // value = all * 10^-scale
        let decimalExponent = all.count - 1 - scale
        var chars = Array(all.utf8)
        if chars.count <= significant {
            chars.append(contentsOf: Array(repeating: UInt8(ascii: "0"), count: significant - chars.count))
            return (String(decoding: chars, as: UTF8.self), decimalExponent)
        }
        var kept = Array(chars[0..<significant])
        let rest = chars[significant...]
        let first = rest[rest.startIndex]
        let restNonZeroAfterFirst = rest.dropFirst().contains { $0 != UInt8(ascii: "0") }
        var roundUp = false
        if first > UInt8(ascii: "5") { roundUp = true }
        else if first == UInt8(ascii: "5") {
            if restNonZeroAfterFirst { roundUp = true }
            else { roundUp = (kept[significant - 1] - UInt8(ascii: "0")) % 2 == 1 }
        }
        var exponent = decimalExponent
        if roundUp {
            var i = significant - 1
            while i >= 0 {
                if kept[i] == UInt8(ascii: "9") { kept[i] = UInt8(ascii: "0"); i -= 1 }
                else { kept[i] += 1; break }
            }
            if i < 0 {
                kept.insert(UInt8(ascii: "1"), at: 0)
                kept.removeLast()
                exponent += 1
            }
        }
        chars = kept
        return (String(decoding: chars, as: UTF8.self), exponent)
    }
}

/// A minimal non-negative big integer in base 10⁹, enough for exact
/// double-to-decimal conversion.
struct ClassAdBigDecimal {
    private var limbs: [UInt32]  // little-endian, base 1_000_000_000

    init(_ value: UInt64) {
        limbs = []
        var v = value
        repeat {
            limbs.append(UInt32(v % 1_000_000_000))
            v /= 1_000_000_000
        } while v > 0
    }

    mutating func multiply(by factor: UInt32) {
        var carry: UInt64 = 0
        for i in limbs.indices {
            let product = UInt64(limbs[i]) * UInt64(factor) + carry
            limbs[i] = UInt32(product % 1_000_000_000)
            carry = product / 1_000_000_000
        }
        while carry > 0 {
            limbs.append(UInt32(carry % 1_000_000_000))
            carry /= 1_000_000_000
        }
    }

    var decimalString: String {
        var out = String(limbs[limbs.count - 1])
        for limb in limbs.dropLast().reversed() {
            let s = String(limb)
            out.append(String(repeating: "0", count: 9 - s.count))
            out.append(s)
        }
        return out
    }
}
