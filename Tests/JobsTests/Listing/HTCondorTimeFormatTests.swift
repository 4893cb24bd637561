import Foundation
import Testing
@testable import Jobs

/// The listings' date and duration cells against HTCondor's own `format_date` / `format_time`
/// (called from the htcondor wheel's libcondor_utils by `scripts/condor/format_times.py`).
/// Needs `pip install htcondor==25.14.1`; fails, not skips, without it.
struct HTCondorTimeFormatTests {
    @Test func datesAndDurationsMatchLibCondorUtils() throws {
        let epochs: [Int64] = [0, 1_789_316_700, 1_762_333_380, 1_704_067_199, 1_709_164_800, 2_000_000_000]
        let durations: [Int64] = [0, 7, 59, 3600, 90_061, 86_400 * 999 + 86_399, 86_400 * 1234 + 5]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let python = ProcessInfo.processInfo.environment["RACIMO_PYTHON"] ?? "python3"
        process.arguments = [python, HTCondorReaderTests.script.replacingOccurrences(of: "read_event_log.py", with: "format_times.py")]
            + epochs.map { "date:\($0)" } + durations.map { "duration:\($0)" }
        // HTCondor formats local time; UTC here so the comparison needs no zone arithmetic.
        process.environment = ProcessInfo.processInfo.environment.merging(["TZ": "UTC"]) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "pip install htcondor==25.14.1 (\(errors))")
        let theirs = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        let ours = epochs.map { TextFormat.queueDate($0, utcOffset: 0) } + durations.map { TextFormat.duration($0) }
        #expect(ours == theirs)
    }
}
