import ArgumentParser
import Foundation
import Jobs
import JobsIO

/// `racimo status`: condor_status's slot table over the execute nodes the schedd hears.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "List the execute nodes' slots, as condor_status does, with the totals table.")

    @OptionGroup var options: ScheddOptions

    func run() async throws {
        guard case .queue(let snapshot) = try await options.send(.queue, command: "status") else { throw ExitCode(1) }
        if options.json {
            try printJSON(snapshot.nodes)
            return
        }
        let rows = snapshot.nodes.flatMap { node in
            node.machine.slotRows(claimed: node.runs.map { ($0.slot, $0.resources, $0.since) }, now: snapshot.now)
        }
        guard !rows.isEmpty else {
            print("No execute node has offered slots to this schedd yet.")
            return
        }
        print(CondorStatus.render(rows), terminator: "")
    }
}
