import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What went wrong driving `scripts/netns/hosts`.
public enum NetnsClusterError: Error, CustomStringConvertible {
    /// The process is not root; the caller should skip.
    case notRoot
    /// The script was not found; the paths tried.
    case scriptNotFound([String])
    /// A host number, host count or list that cannot work.
    case invalidArgument(String)
    /// A script command exited non-zero (`up`, `spawn`, …).
    case commandFailed(arguments: [String], status: Int32, stderr: String)
    /// A command ran longer than its timeout and was killed.
    case timedOut(arguments: [String], after: Duration)
    /// The process could not be started at all.
    case launchFailed(arguments: [String], reason: String)

    public var description: String {
        switch self {
        case .notRoot:
            "needs root"
        case .scriptNotFound(let tried):
            "scripts/netns/hosts not found (tried: \(tried.joined(separator: ", ")); pass script: or set RACIMO_NETNS_HOSTS"
        case .invalidArgument(let why):
            why
        case .commandFailed(let arguments, let status, let stderr):
            "\(arguments.joined(separator: " ")) exited \(status): \(stderr.trimmingCharacters(in: .whitespacesAndNewlines))"
        case .timedOut(let arguments, let after):
            "\(arguments.joined(separator: " ")) did not finish within \(after)"
        case .launchFailed(let arguments, let reason):
            "cannot start \(arguments.joined(separator: " ")): \(reason)"
        }
    }
}

/// Sends a signal; true when it was delivered.
func sendSignal(_ pid: Int32, _ signal: Int32) -> Bool {
    #if canImport(Glibc)
    Glibc.kill(pid, signal) == 0
    #elseif canImport(Musl)
    Musl.kill(pid, signal) == 0
    #else
    Darwin.kill(pid, signal) == 0
    #endif
}

/// Runs a program to completion with a deadline, collecting its output through temporary
/// files (no pipe can fill up, and no grandchild holding a pipe open can stall the read).
enum ProcessRunner {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs the `hosts` script with bash (so a lost executable bit does not matter).
    static func run(script: String, _ arguments: [String], timeout: Duration) throws -> Result {
        let bash = ["/bin/bash", "/usr/bin/bash"].first { FileManager.default.isExecutableFile(atPath: $0) } ?? "/bin/bash"
        return try run(executable: bash, [script] + arguments, timeout: timeout)
    }

    static func run(executable: String, _ arguments: [String], timeout: Duration) throws -> Result {
        let fileManager = FileManager.default
        let base = fileManager.temporaryDirectory.appendingPathComponent("racimo-run-\(UUID().uuidString)")
        let outPath = base.path + ".out"
        let errPath = base.path + ".err"
        defer {
            try? fileManager.removeItem(atPath: outPath)
            try? fileManager.removeItem(atPath: errPath)
        }
        guard fileManager.createFile(atPath: outPath, contents: nil),
              fileManager.createFile(atPath: errPath, contents: nil),
              let out = FileHandle(forWritingAtPath: outPath),
              let err = FileHandle(forWritingAtPath: errPath)
        else {
            throw NetnsClusterError.launchFailed(arguments: [executable] + arguments, reason: "no temporary files")
        }
        defer {
            try? out.close()
            try? err.close()
        }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        do {
            try process.run()
        } catch {
            throw NetnsClusterError.launchFailed(arguments: [executable] + arguments, reason: "\(error)")
        }

        let finished = pollUntil(timeout: timeout, interval: .milliseconds(5)) { !process.isRunning }
        if !finished {
            _ = sendSignal(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw NetnsClusterError.timedOut(arguments: [executable] + arguments, after: timeout)
        }
        process.waitUntilExit()

        let status = process.terminationReason == .uncaughtSignal
            ? 128 + process.terminationStatus
            : process.terminationStatus
        let stdout = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        let stderr = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        return Result(status: status, stdout: stdout, stderr: stderr)
    }
}
