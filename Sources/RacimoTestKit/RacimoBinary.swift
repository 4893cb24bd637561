import Foundation

/// The built `racimo` executable, for tests that run it as a user would.
///
/// `scripts/test` builds it and exports `RACIMO_BIN`; without that variable the debug build
/// in the package's `.build` folder is used.
public enum RacimoBinary {
    public static var path: String {
        if let path = ProcessInfo.processInfo.environment["RACIMO_BIN"], !path.isEmpty { return path }
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while directory.path != "/" {
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
                return directory.appendingPathComponent(".build/debug/racimo").path
            }
            directory.deleteLastPathComponent()
        }
        return "racimo"
    }

    /// Runs `racimo ARGUMENTS` to completion on this host and returns its status and output.
    public static func run(_ arguments: [String], timeout: Duration = .seconds(30)) throws -> (status: Int32, stdout: String, stderr: String) {
        let child = try ChildProcess(path, arguments)
        guard let status = child.waitForExit(timeout: timeout) else {
            child.signal(SIGKILL)
            _ = child.waitForExit(timeout: .seconds(5))
            throw ChildProcess.TimedOut(arguments: arguments)
        }
        return (status, child.stdout, child.stderr)
    }
}

/// A process started by a test, with its output in temporary files (a full pipe can never block
/// it) and its exit status. Killed by `deinit` if still running: tests leave nothing behind.
public final class ChildProcess: @unchecked Sendable {
    public struct TimedOut: Error, CustomStringConvertible {
        public var arguments: [String]
        public var description: String { "timed out: \(arguments.joined(separator: " "))" }
    }

    private let process = Process()
    private let outPath: String
    private let errPath: String

    public var pid: Int32 { process.processIdentifier }

    public init(_ executable: String, _ arguments: [String]) throws {
        let base = NSTemporaryDirectory() + "racimo-child-\(UUID().uuidString)"
        outPath = base + ".out"
        errPath = base + ".err"
        FileManager.default.createFile(atPath: outPath, contents: nil)
        FileManager.default.createFile(atPath: errPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        try process.run()
    }

    deinit {
        if process.isRunning {
            process.interrupt()
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: outPath)
        try? FileManager.default.removeItem(atPath: errPath)
    }

    public var stdout: String { (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "" }
    public var stderr: String { (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "" }
    public var isRunning: Bool { process.isRunning }

    public func signal(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// The exit status (128 + N when killed by signal N), or nil if still running after `timeout`.
    public func waitForExit(timeout: Duration) -> Int32? {
        guard pollUntil(timeout: timeout, interval: .milliseconds(10), { !process.isRunning }) else { return nil }
        return process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
    }
}
