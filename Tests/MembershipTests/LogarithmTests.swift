@testable import Membership
import Testing

@Suite("Logarithms for Lifeguard's formulas")
struct LogarithmTests {
    @Test("natural and decimal logarithms match known values")
    func knownValues() {
        let cases: [(Double, Double)] = [(1, 0), (2, 0.693_147_180_559_945_3), (10, 2.302_585_092_994_046), (0.5, -0.693_147_180_559_945_3), (1000, 6.907_755_278_982_137)]
        for (x, expected) in cases {
            #expect(abs(Logarithm.natural(x) - expected) < 1e-12, "ln \(x)")
        }
        #expect(abs(Logarithm.decimal(1000) - 3) < 1e-12)
        #expect(abs(Logarithm.decimal(2) - 0.301_029_995_663_981_2) < 1e-12)
    }
}
