import Testing

@testable import RacimoCore

@Suite("Duration literals")
struct DurationLiteralTests {
    @Test("reads each unit", arguments: [
        ("100ns", Duration.nanoseconds(100)),
        ("500us", .microseconds(500)),
        ("250ms", .milliseconds(250)),
        ("2s", .seconds(2)),
        ("1m", .seconds(60)),
        ("1h", .seconds(3600)),
        ("2d", .seconds(2 * 86_400)),
        ("0s", .zero),
    ])
    func units(text: String, expected: Duration) {
        #expect(DurationLiteral.parse(text) == expected)
    }

    @Test("reads decimal fractions and compound literals", arguments: [
        ("1.5s", Duration.milliseconds(1500)),
        ("0.25s", .milliseconds(250)),
        ("1.5h", .seconds(5400)),
        ("1.000s", .seconds(1)),
        ("1.5us", .nanoseconds(1500)),
        ("1m30s", .seconds(90)),
        ("1h30m", .seconds(5400)),
        ("1d2h3m4s5ms6us7ns", .seconds(86_400 + 7200 + 180 + 4) + .nanoseconds(5_006_007)),
        ("1m0.5s", .milliseconds(60_500)),
        ("007s", .seconds(7)),
    ])
    func compound(text: String, expected: Duration) {
        #expect(DurationLiteral.parse(text) == expected)
    }

    @Test("refuses what is not a duration literal", arguments: [
        "", "5", "1.5", "-1s", "+1s", "1 s", " 1s", "1s ", "1S", "1sec", "1x", "s", ".5s", "5.s", "1.5.0s",
        "30s1m", "1s1s", "1m1h", "1.5ns", "0.0001us", "1µs", "1e3s", "1_000ms", "106752d", "9223372036854775808ns",
    ])
    func refuses(text: String) {
        #expect(DurationLiteral.parse(text) == nil)
    }

    @Test("accepts the largest duration that fits in 64-bit nanoseconds")
    func largest() {
        #expect(DurationLiteral.parse("9223372036854775807ns") == .nanoseconds(Int64.max))
        #expect(DurationLiteral.parse("106751d") == .seconds(106_751 * 86_400))
    }

    @Test("formats the canonical literal", arguments: [
        (Duration.milliseconds(1500), "1.5s"),
        (.seconds(90), "1m30s"),
        (.zero, "0s"),
        (.milliseconds(250), "250ms"),
        (.nanoseconds(100), "100ns"),
        (.nanoseconds(1500), "1.5us"),
        (.nanoseconds(1_234_567), "1.234567ms"),
        (.seconds(2), "2s"),
        (.seconds(59), "59s"),
        (.seconds(60), "1m"),
        (.seconds(3600), "1h"),
        (.seconds(5400), "1h30m"),
        (.seconds(86_400), "1d"),
        (.seconds(90_000), "1d1h"),
        (.milliseconds(60_500), "1m0.5s"),
        (.seconds(3601), "1h1s"),
        (.seconds(-2), "-2s"),
    ])
    func format(duration: Duration, expected: String) {
        #expect(DurationLiteral.format(duration) == expected)
    }

    @Test("drops parts finer than a nanosecond when formatting")
    func subNanosecond() {
        #expect(DurationLiteral.format(.nanoseconds(1) + .init(secondsComponent: 0, attosecondsComponent: 5)) == "1ns")
    }

    @Test("reads back what it formats")
    func roundTrip() {
        var nanoseconds: Int64 = 1
        while nanoseconds < Int64.max / 7 {
            for value in [nanoseconds, nanoseconds * 3, nanoseconds * 7 + 1] {
                let duration = Duration.nanoseconds(value)
                #expect(DurationLiteral.parse(DurationLiteral.format(duration)) == duration, "\(value)ns")
            }
            nanoseconds *= 5
        }
    }
}
