import Foundation
import Testing
@testable import Jobs

/// Runs `scripts/condor/classad_eval.py` (HTCondor's own classad2 library)
/// on `lines` and returns one canonical result per line.
func runClassAdCondorEvaluator(_ lines: [String], my: String, target: String, extraArguments: [String] = []) throws -> [String] {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    let script = root.appendingPathComponent("scripts/condor/classad_eval.py")
    let input = FileManager.default.temporaryDirectory.appendingPathComponent("classad-diff-\(UUID().uuidString).txt")
    try (lines.joined(separator: "\n") + "\n").write(to: input, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: input) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", script.path, "--my", my, "--target", target] + extraArguments
    process.standardInput = try FileHandle(forReadingFrom: input)
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw ClassAdCondorUnavailable(message: "python3/classad2 failed (status \(process.terminationStatus)): \(errors) — run `pip install htcondor==25.14.1`")
    }
    return String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
}

struct ClassAdCondorUnavailable: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// Our result for one line, rendered like the Python script.
func classAdOurResult(_ text: String, my: ClassAd, target: ClassAd) -> String {
    guard let expr = try? ClassAdExpression(parsing: text) else { return "parse-error" }
    let context = ClassAdEvaluation(my: my, target: target, now: 0)
    return ClassAdCanonical.render(context.evaluate(expr))
}

@Suite("Differential against HTCondor classad2")
struct ClassAdDifferentialTests {
    @Test("10,000 random expressions evaluate as classad2 does")
    func randomExpressions() throws {
        // DIFF_SEED / DIFF_COUNT explore other samples; the defaults are fixed.
        let env = ProcessInfo.processInfo.environment
        var generator = ClassAdExpressionGenerator(seed: UInt64(env["DIFF_SEED"] ?? "") ?? 20_251_124)
        let lines = (0..<(Int(env["DIFF_COUNT"] ?? "") ?? 10_000)).map { _ in generator.expression(depth: 4) }
        try compare(lines)
    }

    @Test("hand-picked edge cases evaluate as classad2 does")
    func edgeCases() throws {
        let lines = [
            "1 + undefined", "7 / 2", "-7 / 2", "-7 % 3", "7 % -3", "1 / 0", "1.0 / 0", "-1.0 / 0", "0.0 / 0",
            "\"a\" == \"A\"", "\"a\" =?= \"A\"", "false && undefined", "true && undefined", "undefined || true",
            "error || true", "true || error", "1 < \"a\"", "0x10", "010", "08", "1e3", ".5", "1.", "1.e3",
            "9223372036854775807 + 1", "-9223372036854775808 / -1", "-9223372036854775808 % -1", "9223372036854775808",
            "1 << 64", "1 << -1", "-8 >> 1", "-8 >>> 1", "-8 >> 70", "-8 >>> 0", "~5", "!1", "-true", "+\"a\"",
            "true + 1", "true == 1", "1 =?= 1.0", "undefined =?= undefined", "{1} == {1}", "{1,2} =?= {1,2}",
            "1 ++ 2", "1 -2", "1 - -2", "\"a\" \"b\"", "x", "MY.x", "TARGET.x", "other.y", "z", "c1", "TARGET.back",
            "TARGET.t", "MY.tx", "ad.q", "ad[\"Q\"]", "l[2]", "l[3]", "l[-1]", "{1,2}.x", "x.y", "undefined[0]",
            "substr(\"abcdef\", -3, 2)", "substr(\"abcdef\", 1, 0)", "substr(\"abcdef\", 2, -1)", "strcat(1.5, true)",
            "string(1.0/3)", "string(-0.0)", "string(1e-300)", "string(real(\"nan\"))", "toLower(1.5)",
            "int(\" 12abc\")", "int(\"\")", "int(1e30)", "real(\"inf\")", "round(2.5)", "round(-2.5)", "floor(-3.5)",
            "min({3, 1.5})", "max({3, 1.5})", "max({1, true})", "min({})", "max(1, 2)", "member(1, {1.0})",
            "identicalMember(1, {1.0})", "regexp(\"^A\", \"abc\", \"i\")", "regexp(\"(\", \"abc\")",
            "stringListMember(\"b\", \"a, b,c\")", "stringListMember(\"x\", undefined)", "stringListIMember(\"B\", \"a,b\")",
            "foo(1)", "ifThenElse(true, 1)", "ifThenElse(\"a\", 1, 2)", "1 ?: 2 ?: 3", "undefined ?: 3",
            "1 + undefined ?: 2", "true ? 1 : false ? 2 : 3", "1 & 3 == 3", "[a = 1; b = a].b", "[a = 1; b = x].b",
            "size([a = 1; b = 2])", "isClassAd([])", "1e308 * 10", "-1e308 * 10", "(-1e308) * 10",
            "string({1+1, -x, x =?= 1, 0.30000000000000004, [a = -1; b = !x]})", "strcat({l, {y}})", "[a = b; b = a].a",
            "-010", "00", "-0", "strcat(1; 2)", "[a = 1;; b = 2].b", "[;]", "{1,}", "[my = 5].my", "'x'", "[].x", "[].z",
            "toUpper({x ?: 1})", "string(ad)", "stringListMember(undefined, undefined)", "int(\"-\")", "real(\" .5e\")",
            "substr(\"abc\", 4294967297)", "regexp(\"{ 1,0 }\", \"{ 1,0 }\")", "regexp(\"a{2}\", \"xaay\")",
            "regexp(\"a{2,}b}\", \"aab}\")", "regexp(\"[{]\", \"{\")", "([])[\"x\"]", "l[-9223372036854775808]", "l[4294967297]", "0 isnt -9223372036854775808", "x is -1", "false ? : 5 + 1", "true ? : 1 ? 2 : 3", "undefined ?  : 5", "is", "1 is", "8]", "st]cat(1)", "4;", "TARGET..z", "..5", "x . undefined", "[true = 1]", "0xa.5", "-0x1.8", "0x1.8e3", "0x1.8e+3", "0xa", "[;p = 1].p", "[; ;p = 1;;].p", "[p = 1;]", "-0x0", "-0x1F + 1", "string([q = 1; p = 2])", "[\'true\' = 1].\'true\'", "x - -9223372036854775808", "([p = 1])[\"P\"]", "min({true, 1})", "max({2, true})",
        ]
        try compare(lines)
    }

    func compare(_ lines: [String]) throws {
        let my = try ClassAd(parsing: ClassAdDifferentialAds.my)
        let target = try ClassAd(parsing: ClassAdDifferentialAds.target)
        let theirs: [String]
        do {
            theirs = try runClassAdCondorEvaluator(lines, my: ClassAdDifferentialAds.my, target: ClassAdDifferentialAds.target)
        } catch {
            Issue.record("cannot run HTCondor's classad2: \(error). Run `pip install htcondor==25.14.1`.")
            return
        }
        try #require(theirs.count == lines.count, "classad_eval.py printed \(theirs.count) lines for \(lines.count) inputs")
        var mismatches: [String] = []
        var excluded = 0
        for (i, line) in lines.enumerated() {
            let ours = classAdOurResult(line, my: my, target: target)
            if ClassAdCanonical.agree(ours, theirs[i]) { continue }
            if ClassAdCanonical.differsOnlyInAdAttributeOrder(ours, theirs[i]) {
                excluded += 1
            } else {
                mismatches.append("\(line)\n    classad2: \(theirs[i])\n    ours:     \(ours)")
            }
        }
        print("differential: compared \(lines.count) expressions (\(excluded) excluded), \(mismatches.count) mismatches")
        for m in mismatches.prefix(40) { print(m) }
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(lines.count) differ from classad2")
    }
}
