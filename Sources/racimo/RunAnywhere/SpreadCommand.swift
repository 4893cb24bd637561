import ArgumentParser
import Foundation
import RunAnywhereIO

/// `racimo spread FILE`: mosrun -S. Each line of FILE is a shell command line; each runs
/// through `/bin/sh -c` on the best node at the moment it starts, at most N at a time.
struct SpreadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spread",
        abstract: "Run each line of a file as a command on the best node at that moment (mosrun -S).")

    @Option(name: .customShort("S"), help: "At most this many at a time (default: all).") var limit: Int?
    @Flag(name: .customShort("v"), help: "Say where each runs, on stderr.") var verbose = false
    @OptionGroup var socket: RunSocketOptions
    @Argument(help: "A file of command lines ('-' for standard input); blank lines and # comments are skipped.") var file: String

    func run() throws {
        let text: String
        do {
            text = file == "-" ? String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
                : try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            printError("racimo spread: cannot read \(file): \(error.localizedDescription)")
            throw ExitCode(2)
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        guard !lines.isEmpty else {
            printError("racimo spread: \(file) has no command lines")
            throw ExitCode(2)
        }
        let starts = try lines.map { try ProgramLookup.start(["/bin/sh", "-c", $0], placement: .best, locked: false, command: "spread") }
        let verbose = self.verbose
        let results: [Result<RunExit, RunClient.Failure>]
        do {
            results = try RunClient.spread(starts, socketPath: socket.socket, at: limit ?? starts.count, forwardStdin: false) { started in
                if verbose { printError("racimo spread: \(started.reason.isEmpty ? started.node : started.reason)") }
            }
        } catch {
            printError("\(error)")
            throw ExitCode(1)
        }
        try RunCommand.finish(results, command: "spread")
    }
}
