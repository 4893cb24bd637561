import ArgumentParser
import Foundation
import RunAnywhereIO

/// `racimo migrate ID NODE|home|balance`: openMosix's migrate. Moves a process started here
/// with `racimo run` to another node, home, or wherever the policy finds best, while it runs.
struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Move a running process started with racimo run to NODE, home, or the best node (migrate).",
        discussion: "ID is the process's number in racimo ps. The move is checkpoint and restore with CRIU.")

    @OptionGroup var socket: RunSocketOptions
    @Argument(help: "The process's number (racimo ps).") var id: UInt64
    @Argument(help: "A node's name or number, home, or balance.") var target: String
    @Flag(help: "Return at once instead of waiting until it runs on its new node.") var noWait = false

    func run() throws {
        guard case .text(let said) = try socket.ask(.migrate(process: id, to: target), command: "migrate") else { throw ExitCode(1) }
        print(said)
        guard said.hasPrefix("moving"), !noWait else { return }
        // Wait for the move to end: the process shows its new node, or a note why it stayed.
        let deadline = Date().addingTimeInterval(60)
        let before = try entry()?.migrations ?? 0
        while Date() < deadline {
            Thread.sleep(forTimeInterval: 0.1)
            guard let entry = try entry() else { return print("process \(id) has ended") }
            if entry.state == "moving" { continue }
            // A move the target could not take ends with the process restored where it was.
            if entry.migrations > before, let note = entry.note {
                printError("racimo migrate: \(note)")
                throw ExitCode(1)
            }
            if entry.migrations > before {
                return print("process \(id) runs on \(entry.node) (moved in \(String(format: "%.2f", entry.lastMoveSeconds ?? 0)) s)")
            }
            if let note = entry.note {
                printError("racimo migrate: \(note)")
                throw ExitCode(1)
            }
        }
        printError("racimo migrate: process \(id) has not moved after 60 s")
        throw ExitCode(1)
    }

    private func entry() throws -> ProcessEntry? {
        guard case .processes(let all) = try socket.ask(.processes, command: "migrate") else { return nil }
        return all.first { $0.id == id }
    }
}
