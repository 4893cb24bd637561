import Foundation
import Testing
@testable import Jobs

/// `CivilTime` is our own calendar arithmetic (no Foundation in `Jobs`); check it against
/// Foundation's Gregorian calendar over a spread of instants and offsets.
struct CivilTimeTests {
    @Test func agreesWithFoundationCalendar() throws {
        var generator = SystemRandomNumberGenerator()
        var calendar = Calendar(identifier: .gregorian)
        for round in 0..<2000 {
            let epoch = Int64.random(in: -4_000_000_000...8_000_000_000, using: &generator)
            let offset = [0, 3600, -18_000, 19_800, 45_900, -43_200][round % 6]
            calendar.timeZone = try #require(TimeZone(secondsFromGMT: offset))
            let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second],
                                                from: Date(timeIntervalSince1970: TimeInterval(epoch)))
            let ours = CivilTime(epochSeconds: epoch, utcOffset: offset)
            #expect([ours.year, ours.month, ours.day, ours.hour, ours.minute, ours.second]
                    == [parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second].map { $0 ?? -1 },
                    "epoch \(epoch) offset \(offset)")
        }
    }
}
