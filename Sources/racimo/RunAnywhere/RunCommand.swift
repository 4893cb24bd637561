import ArgumentParser
import Foundation
import LinuxSupport
import RunAnywhere
import RunAnywhereIO

/// `racimo run`: mosrun. Starts a program on the best node of the cluster (or at home, on a
/// named node, or the best of a list) while this process stands in for it at home: its
/// standard streams, signals and exit status are the program's.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a program on the best node of the cluster, with its input, output and signals here (mosrun).",
        discussion: """
            racimo run [-h | -j LIST | --node NODE] [-L | -l] [--spread N] [-v] PROGRAM [ARGUMENTS...]
              -h          run at home (this node)
              -j 1,4-6    run on the best of these nodes (openmosix.map numbers, names, or the last
                          two octets of their address)
              --node N    run on that node (name, or number as in -j)
              -L          locked: never move it later;  -l: may move (the default)
              --spread N  start N copies, each on the best node at that moment
            The program's path must be the same on every node; its current directory and
            environment go with it, and it runs as you. Use --help for help (-h means home).
            """,
        helpNames: [.long])

    @Flag(name: .customShort("h"), help: "Run at home.") var home = false
    @Option(name: .customShort("j", allowingJoined: true), help: "Run on the best node of this list, e.g. 1,4-6.") var list: String?
    @Option(name: .customLong("node"), help: "Run on this node (name or number).") var node: String?
    @Flag(name: .customShort("L"), help: "Locked: the process never moves after it starts.") var locked = false
    @Flag(name: .customShort("l"), help: "The process may move later (the default).") var movable = false
    @Option(name: .customLong("spread"), help: "Start this many copies, each on the best node at that moment.") var copies: Int = 1
    @Flag(name: .customShort("v"), help: "Say where the process runs, on stderr.") var verbose = false
    @OptionGroup var socket: RunSocketOptions
    @Argument(parsing: .captureForPassthrough, help: "The program and its arguments.") var words: [String] = []

    func run() throws {
        // The program's words are passed through untouched, so --help arrives here.
        if words.first == "--help" {
            print(Self.helpMessage())
            return
        }
        let placement: PlacementRequest
        switch (home, list, node) {
        case (true, nil, nil): placement = .home
        case (false, let list?, nil):
            switch NodeListSpec.parse(list) {
            case .success(let numbers): placement = .among(numbers.map(String.init))
            case .failure(let problem):
                printError("racimo run: -j\(list): \(problem.message)")
                throw ExitCode(2)
            }
        case (false, nil, let node?): placement = .node(node)
        case (false, nil, nil): placement = .best
        default:
            printError("racimo run: give one of -h, -j LIST and --node")
            throw ExitCode(2)
        }
        guard copies >= 1 else {
            printError("racimo run: --spread needs a count of 1 or more")
            throw ExitCode(2)
        }
        var command = words
        if command.first == "--" { command.removeFirst() }
        let start = try ProgramLookup.start(command, placement: placement, locked: locked, command: "run")
        let verbose = self.verbose
        let results: [Result<RunExit, RunClient.Failure>]
        do {
            results = try RunClient.spread(
                Array(repeating: start, count: copies), socketPath: socket.socket, at: copies, forwardStdin: copies == 1
            ) { started in
                if verbose { printError("racimo run: \(started.reason.isEmpty ? started.node : started.reason) (pid \(started.pid) there)") }
            }
        } catch {
            printError("\(error)")
            throw ExitCode(1)
        }
        try Self.finish(results, command: "run")
    }

    /// Exits as the process did: with its code, or by its signal; for several, the first
    /// failure's status.
    static func finish(_ results: [Result<RunExit, RunClient.Failure>], command: String) throws {
        var status: Int32 = 0
        var signal: Int32?
        for result in results {
            switch result {
            case .success(let exit):
                if let reason = exit.reason { printError("racimo \(command): \(reason)") }
                if status == 0 && exit.shellStatus != 0 {
                    status = exit.shellStatus
                    signal = exit.reason == nil ? exit.signal : nil
                }
            case .failure(let failure):
                printError(failure.description.hasPrefix("racimo") ? failure.description : "racimo \(command): \(failure)")
                if status == 0 { status = 1 }
            }
        }
        if let signal, results.count == 1 { StandardStreams.die(by: signal) }
        if status != 0 { throw ExitCode(status) }
    }
}
