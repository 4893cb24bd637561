import ArgumentParser
import Foundation
import Jobs
import JobsIO

/// `racimo q`: condor_q's layouts over the schedd's queue.
struct QCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "q",
        abstract: "List the job queue, as condor_q does (batches by default; -nobatch for one line per job).")

    @OptionGroup var options: ScheddOptions

    @Flag(name: [.customLong("nobatch"), .customLong("nobatch", withSingleDash: true)], help: "One line per job.")
    var noBatch = false

    @Flag(name: [.customLong("hold"), .customLong("hold", withSingleDash: true)], help: "Held jobs with their reasons.")
    var held = false

    @Flag(name: [.customLong("run"), .customLong("run", withSingleDash: true)], help: "Running jobs with their slots.")
    var running = false

    @Option(name: [.customLong("better-analyze"), .customLong("better-analyze", withSingleDash: true)],
            help: "Explain why job ID is idle (or where it runs): each clause of its requirements and how many slots satisfy it.")
    var analyze: String?

    @Argument(help: "Jobs (CLUSTER or CLUSTER.PROC) or owners to list; all when none.")
    var selection: [String] = []

    func run() async throws {
        guard case .queue(let snapshot) = try await options.send(.queue, command: "q") else { throw ExitCode(1) }
        if let analyze {
            guard let id = JobID(analyze), !id.isCluster else {
                printError("racimo q: -better-analyze takes one job, CLUSTER.PROC")
                throw ExitCode(2)
            }
            guard let job = snapshot.jobs.first(where: { $0.id == id }) else {
                printError("racimo q: job \(id) is not in the queue (racimo history lists finished jobs)")
                throw ExitCode(1)
            }
            let nodes = snapshot.nodes.map { node in
                BetterAnalyze.Node(
                    machine: node.machine, free: node.runs.reduce(node.machine.resources) { $0 - $1.resources },
                    runningOwners: node.runs.map(\.owner))
            }
            print("\n-- Schedd: \(snapshot.schedd) : \(snapshot.address)")
            print(BetterAnalyze.report(for: job, nodes: nodes, now: snapshot.now), terminator: "")
            return
        }
        let selected = snapshot.jobs.filter { job in
            selection.isEmpty || selection.contains { word in
                JobID(word).map { $0.covers(job.id) } ?? (word == job.owner)
            }
        }
        if options.json {
            try printJSON(selected)
            return
        }
        let rows = selected.map { $0.queueRow(now: snapshot.now) }
        let all = QueueTotals(snapshot.jobs.map { $0.queueRow(now: snapshot.now) })
        let q = CondorQ(scheddName: snapshot.schedd, scheddAddress: snapshot.address, now: snapshot.now, utcOffset: ScheddOptions.utcOffset)
        let text: String
        if held {
            text = q.hold(rows.filter { $0.status == .held }, allUsers: all)
        } else if running {
            text = q.run(rows.filter { $0.status == .running })
        } else if noBatch {
            text = q.noBatch(rows, allUsers: all)
        } else {
            text = q.batch(rows, allUsers: all)
        }
        print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
    }
}
