import RacimoCore

/// Natural and decimal logarithms without Foundation, for Lifeguard's timeout formulas (pure
/// targets import no C library). Accurate to about 1e-12 for the positive values used here.
enum Logarithm {
    static let ln2 = 0.693_147_180_559_945_3
    static let ln10 = 2.302_585_092_994_046

    static func natural(_ x: Double) -> Double {
        precondition(x > 0, "logarithm of \(x)")
        // x = m · 2^e with m in [1, 2); ln x = e·ln 2 + 2·atanh((m-1)/(m+1)).
        let exponent = Double(x.exponent)
        let mantissa = x.significand
        let t = (mantissa - 1) / (mantissa + 1)
        let t2 = t * t
        var term = t
        var sum = 0.0
        var k = 1.0
        while abs(term / k) > 1e-17 {
            sum += term / k
            term *= t2
            k += 2
        }
        return exponent * ln2 + 2 * sum
    }

    static func decimal(_ x: Double) -> Double { natural(x) / ln10 }
}
