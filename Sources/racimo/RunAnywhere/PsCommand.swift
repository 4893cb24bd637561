import ArgumentParser
import Foundation
import RunAnywhere
import RunAnywhereIO

/// `racimo ps`: mosps. The processes started from this node with `racimo run`: where each
/// runs, how often it moved, and why it stays where it is.
struct PsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ps", abstract: "List the processes started here with racimo run: where they run and why (mosps).")

    @OptionGroup var socket: RunSocketOptions
    @Flag(help: "Print JSON instead of a table.") var json = false

    func run() throws {
        guard case .processes(let entries) = try socket.ask(.processes, command: "ps") else { throw ExitCode(1) }
        if json { return try printJSON(entries) }
        print(ProcessListing.render(entries), terminator: "")
    }
}

/// `racimo killall NAME`: moskillall, for the caller's own placed processes.
struct KillallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "killall", abstract: "Signal your processes started with racimo run whose program is NAME (moskillall).")

    @Option(name: .customShort("s"), help: "The signal, by number or name (default TERM).") var signal: String = "TERM"
    @OptionGroup var socket: RunSocketOptions
    @Argument(help: "The program's name.") var name: String

    func run() throws {
        guard let number = SignalNames.number(signal) else {
            printError("racimo killall: '\(signal)' is not a signal (try TERM, INT, KILL or a number)")
            throw ExitCode(2)
        }
        guard case .text(let count) = try socket.ask(.killAll(name: name, signal: number), command: "killall") else { throw ExitCode(1) }
        print("signalled \(count) process\(count == "1" ? "" : "es")")
    }
}

enum SignalNames {
    static let table: [String: Int32] = [
        "HUP": SIGHUP, "INT": SIGINT, "QUIT": SIGQUIT, "KILL": SIGKILL, "USR1": SIGUSR1, "USR2": SIGUSR2,
        "TERM": SIGTERM, "CONT": SIGCONT, "STOP": SIGSTOP, "TSTP": SIGTSTP, "ALRM": SIGALRM, "WINCH": SIGWINCH,
    ]

    static func number(_ word: String) -> Int32? {
        if let number = Int32(word), number > 0, number < 65 { return number }
        let name = word.uppercased()
        return table[name.hasPrefix("SIG") ? String(name.dropFirst(3)) : name]
    }
}

/// The table `racimo ps` prints, and where each process was placed and why.
enum ProcessListing {
    static func render(_ entries: [ProcessEntry]) -> String {
        let rows = entries.map { entry in
            ProcessRow(
                homePID: entry.homePID, user: entry.user, home: NodeName(entry.home), current: NodeName(entry.node),
                migrations: entry.migrations, state: entry.state, cpuSeconds: entry.seconds, command: entry.command,
                stays: entry.stays.flatMap(StayReason.init(code:)))
        }
        var text = ProcessTable.render(rows, local: NodeName(entries.first?.home ?? ""))
        if !entries.isEmpty {
            text += "\nplaced (ID for racimo migrate):\n" + entries.map { entry in
                var line = "  #\(entry.id)  pid \(entry.homePID)  \(entry.placement)"
                if let seconds = entry.lastMoveSeconds { line += String(format: "; last move took %.2f s", seconds) }
                if let note = entry.note { line += "; " + note }
                return line + "\n"
            }.joined()
        }
        return text
    }
}
