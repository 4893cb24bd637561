import ArgumentParser
import Foundation
import RunAnywhereIO

/// How the run-anywhere commands find the local agent: its home socket.
struct RunSocketOptions: ParsableArguments {
    @Option(name: .customLong("socket"), help: "The agent's run socket (default: $RACIMO_RUN_SOCKET or /run/racimo/run.sock).")
    var socket: String = ProcessInfo.processInfo.environment["RACIMO_RUN_SOCKET"] ?? "/run/racimo/run.sock"

    /// Asks the agent; a refusal or an unreachable agent is printed and exits 1.
    func ask(_ query: RunQuery, command: String) throws -> RunAnswer {
        let answer: RunAnswer
        do { answer = try RunClient.ask(query, socketPath: socket) } catch {
            printError("racimo \(command): \(error)")
            throw ExitCode(1)
        }
        if case .refused(let why) = answer {
            printError(why.hasPrefix("racimo") ? why : "racimo \(command): \(why)")
            throw ExitCode(1)
        }
        return answer
    }
}

/// Turning a command line into a start: the program's absolute path (the same path must
/// exist on the node that runs it), the current directory and the whole environment.
enum ProgramLookup {
    static func absolutePath(of program: String) -> String? {
        let files = FileManager.default
        if program.contains("/") {
            let path = program.hasPrefix("/") ? program : files.currentDirectoryPath + "/" + program
            return files.isExecutableFile(atPath: path) ? (path as NSString).standardizingPath : nil
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/\(program)"
            if files.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    static func start(_ words: [String], placement: PlacementRequest, locked: Bool, command: String) throws -> RunStart {
        guard let program = words.first else {
            printError("racimo \(command): no program to run")
            throw ExitCode(2)
        }
        guard let path = absolutePath(of: program) else {
            printError("racimo \(command): \(program): command not found")
            throw ExitCode(127)
        }
        let environment = ProcessInfo.processInfo.environment.map { "\($0.key)=\($0.value)" }.sorted()
        return RunStart(
            argv: [path] + words.dropFirst(), directory: FileManager.default.currentDirectoryPath,
            environment: environment, placement: placement, locked: locked)
    }
}
