import ArgumentParser
import Foundation
import Jobs
import JobsIO

/// `racimo rm|hold|release ID…`: condor_rm, condor_hold, condor_release.
struct RmCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rm", abstract: "Remove jobs (CLUSTER or CLUSTER.PROC).")
    @OptionGroup var options: ScheddOptions
    @Argument(help: "Jobs to remove.") var jobs: [String]
    func run() async throws { try await JobAction.run(.remove, jobs, options) }
}

struct HoldCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "hold", abstract: "Hold jobs: they stop and wait until released.")
    @OptionGroup var options: ScheddOptions
    @Argument(help: "Jobs to hold.") var jobs: [String]
    func run() async throws { try await JobAction.run(.hold, jobs, options) }
}

struct ReleaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "release", abstract: "Release held jobs: they become idle again.")
    @OptionGroup var options: ScheddOptions
    @Argument(help: "Jobs to release.") var jobs: [String]
    func run() async throws { try await JobAction.run(.release, jobs, options) }
}

enum JobAction {
    case remove, hold, release

    var verb: String {
        switch self {
        case .remove: "removal"
        case .hold: "hold"
        case .release: "release"
        }
    }

    var word: String {
        switch self {
        case .remove: "rm"
        case .hold: "hold"
        case .release: "release"
        }
    }

    /// Prints condor_rm's sentences ("Job 42.0 marked for removal", "All jobs in cluster 42
    /// have been marked for removal") and exits 1 when any job could not be acted on.
    static func run(_ action: JobAction, _ words: [String], _ options: ScheddOptions) async throws {
        var ids: [JobID] = []
        for word in words {
            guard let id = JobID(word) else {
                printError("racimo \(action.word): '\(word)' is not a job id (CLUSTER or CLUSTER.PROC)")
                throw ExitCode(2)
            }
            ids.append(id)
        }
        let request: ScheddRequest = switch action {
        case .remove: .remove(ids)
        case .hold: .hold(ids)
        case .release: .release(ids)
        }
        guard case .outcomes(let outcomes) = try await options.send(request, command: action.word) else { throw ExitCode(1) }
        if options.json {
            try printJSON(outcomes)
            return
        }
        var failed = false
        for id in ids where id.isCluster {
            let done = outcomes.contains { if case .done(let job) = $0 { id.covers(job) } else { false } }
            if done { print("All jobs in cluster \(id.cluster) have been marked for \(action.verb)") }
        }
        for outcome in outcomes {
            switch outcome {
            case .done(let job):
                if !ids.contains(where: { $0.isCluster && $0.covers(job) }) { print("Job \(job) marked for \(action.verb)") }
            case .notFound(let job):
                failed = true
                printError("Job \(job) not found")
            case .notPermitted(let job, let owner):
                failed = true
                printError("Job \(job) belongs to \(owner): permission denied")
            case .notApplicable(let job, let status):
                failed = true
                printError("Job \(job) is \(status) and cannot be marked for \(action.verb)")
            }
        }
        if failed { throw ExitCode(1) }
    }
}

/// `racimo history`: finished jobs, newest first, in condor_history's layout.
struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "history", abstract: "List finished jobs, newest first.")
    @OptionGroup var options: ScheddOptions
    @Option(name: [.customLong("limit"), .customLong("limit", withSingleDash: true)], help: "How many jobs at most.")
    var limit = 1000

    func run() async throws {
        guard case .history(let jobs) = try await options.send(.history(limit: limit), command: "history") else { throw ExitCode(1) }
        if options.json {
            try printJSON(jobs)
            return
        }
        let now = Int64(Date().timeIntervalSince1970)
        let text = CondorHistory(utcOffset: ScheddOptions.utcOffset).render(jobs.map { $0.queueRow(now: now) })
        print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
    }
}
