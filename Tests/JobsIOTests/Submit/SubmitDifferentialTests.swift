import Foundation
import Jobs
import Testing

import JobsIO

/// Compares our expansion of every `Fixtures/good/*.sub` with HTCondor's own
/// (`scripts/condor/submit_expand.py`, built on htcondor2 25.14.1), proc by proc.
@Suite("Differential: htcondor2.Submit vs SubmitReader")
struct DifferentialTests {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let goodDirectory = packageRoot.appendingPathComponent("Tests/JobsTests/Submit/Fixtures/good")
    static let script = packageRoot.appendingPathComponent("scripts/condor/submit_expand.py")
    /// Attributes compared (the script prints exactly these, Args or Arguments as HTCondor chooses).
    static let compared = ["ClusterId", "ProcId", "Cmd", "Args", "Arguments", "Environment", "In", "Out", "Err", "Iwd", "UserLog"]
    static let extraEnvironment = ["RACIMO_DIFF_QUOTED": "a b'c", "RACIMO_DIFF_PLAIN": "x"]

    static func run(_ arguments: [String], in directory: URL) -> (status: Int32, out: Data, err: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.merging(extraEnvironment) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do { try process.run() } catch { return (127, Data(), "\(error)") }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, data, String(decoding: errors, as: UTF8.self))
    }

    static func ours(_ file: URL) -> [[String: String]]? {
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return nil }
        let env = SystemSubmitEnvironment(
            workingDirectory: goodDirectory.path,
            variables: ProcessInfo.processInfo.environment.merging(extraEnvironment) { $1 })
        let result = SubmitReader(environment: env, options: SubmitOptions(clusterId: 42))
            .read(text, file: file.lastPathComponent)
        guard let submission = result.submission else {
            Issue.record("\(file.lastPathComponent): \(result.diagnostics)")
            return nil
        }
        return submission.jobs.map { job in
            var row: [String: String] = [:]
            for (name, expression) in job.classAd where compared.contains(name) {
                row[name] = ClassAdLiteral.decodeString(expression) ?? expression
            }
            return row
        }
    }

    static func theirs(_ file: URL) -> [[String: String]]? {
        let (status, out, err) = run(["python3", script.path, file.lastPathComponent, "--cluster", "42"], in: goodDirectory)
        guard status == 0 else {
            Issue.record("\(file.lastPathComponent): submit_expand.py failed (\(status)): \(err)")
            return nil
        }
        guard let list = (try? JSONSerialization.jsonObject(with: out)) as? [[String: Any]] else {
            Issue.record("\(file.lastPathComponent): submit_expand.py printed no JSON list")
            return nil
        }
        return list.map { $0.mapValues { "\($0)" } }
    }

    @Test func htcondor2IsInstalled() {
        let (status, _, err) = Self.run(["python3", "-c", "import htcondor2"], in: Self.goodDirectory)
        #expect(status == 0, "python3 with htcondor2 is required: pip install htcondor==25.14.1 (\(err))")
    }

    @Test func everyGoodFileExpandsLikeHTCondor() throws {
        let (status, _, _) = Self.run(["python3", "-c", "import htcondor2"], in: Self.goodDirectory)
        try #require(status == 0, "python3 with htcondor2 is required: pip install htcondor==25.14.1")
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.goodDirectory.path)
            .filter { $0.hasSuffix(".sub") }.sorted()
        #expect(files.count >= 15)
        var procs = 0, mismatches = 0
        for name in files {
            let file = Self.goodDirectory.appendingPathComponent(name)
            guard let ours = Self.ours(file), let theirs = Self.theirs(file) else { continue }
            #expect(ours.count == theirs.count, "\(name): proc count ours \(ours.count) vs HTCondor \(theirs.count)")
            for (index, (mine, reference)) in zip(ours, theirs).enumerated() {
                procs += 1
                for (key, value) in reference where mine[key] != value {
                    mismatches += 1
                    Issue.record("\(name) proc \(index) \(key): ours \(mine[key] ?? "nil") vs HTCondor \(value)")
                }
                let extra = Set(mine.keys).subtracting(reference.keys)
                #expect(extra.isEmpty, "\(name) proc \(index): attributes only we set: \(extra)")
            }
        }
        print("differential: \(files.count) files, \(procs) procs compared, \(mismatches) mismatches")
    }
}
