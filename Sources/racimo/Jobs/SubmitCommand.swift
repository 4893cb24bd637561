import ArgumentParser
import Foundation
import Jobs
import JobsIO
import LinuxSupport
import RacimoCore

/// `racimo submit FILE`: condor_submit. Reads the submit description, expands it into jobs and
/// queues them all or none; `-dry-run` shows the job ads that would be queued.
struct SubmitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Queue the jobs of an HTCondor submit description file.",
        discussion: """
            Errors name the file, line and column, and nothing is queued. Misspelt commands, which \
            condor_submit would silently take as macros, are reported as warnings.
            """)

    @OptionGroup var options: ScheddOptions

    @Flag(name: [.customLong("dry-run"), .customLong("dry-run", withSingleDash: true)],
          help: "Print the job ads that would be queued, one per proc, and queue nothing.")
    var dryRun = false

    @Argument(help: "The submit description file (condor_submit's).")
    var file: String

    func run() async throws {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            printError("racimo submit: cannot read \(file)")
            throw ExitCode(2)
        }
        if dryRun {
            try printDryRun(try read(text, cluster: 1))
            return
        }
        // condor_submit's order: a cluster id first (`$(Cluster)` expands to it), then the file,
        // read once. A file with errors leaves that id unused, as in HTCondor. When the schedd
        // cannot be reached, the file's own errors are still reported first.
        let cluster: Int
        do {
            guard case .cluster(let id) = try await options.send(.newCluster, command: "submit", quietly: true) else { throw ExitCode(1) }
            cluster = id
        } catch let failure as ScheddClient.Failure {
            _ = try read(text, cluster: 1)
            printError("racimo submit: \(failure)")
            throw ExitCode(1)
        }
        let submission = try read(text, cluster: cluster)
        let jobs = submission.jobs.map(\.submittedJob)
        if !options.json { print("Submitting job(s)" + String(repeating: ".", count: jobs.count)) }
        guard case .submitted(_, let count) = try await options.send(.submit(cluster: cluster, jobs: jobs), command: "submit")
        else { throw ExitCode(1) }
        if options.json {
            try printJSON(["cluster": cluster, "jobs": count])
        } else {
            print("\(count) job(s) submitted to cluster \(cluster).")
        }
    }

    /// Reads the file; prints its diagnostics and exits 2 on an error.
    func read(_ text: String, cluster: Int) throws -> Submission {
        let owner = Accounts.account(uid: HostInfo.userID)?.name ?? "\(HostInfo.userID)"
        let reader = SubmitReader(
            environment: SystemSubmitEnvironment(),
            options: SubmitOptions(
                clusterId: cluster, owner: owner, now: Int(Date().timeIntervalSince1970),
                expressionCheck: ClassAdExpression.submitCheck))
        let result = reader.read(text, file: file)
        if !result.diagnostics.all.isEmpty { printError(result.diagnostics.description) }
        guard let submission = result.submission else { throw ExitCode(2) }
        return submission
    }

    func printDryRun(_ submission: Submission) throws {
        if options.json {
            print(DryRunJSON.render(submission), terminator: "")
            return
        }
        for job in submission.jobs {
            for (name, expression) in job.classAd { print("\(name) = \(expression)") }
            print("")
        }
    }
}

extension JobDescription {
    /// What the schedd keeps and the starter needs of this proc.
    var submittedJob: SubmittedJob {
        var spec = JobSpec(
            executable: executable, arguments: arguments,
            environment: environment.map { JobSpec.EnvironmentEntry(name: $0.name, value: $0.value) }, iwd: iwd,
            input: input, output: output, error: error, userLog: log, requestCpus: requestCpus,
            requestMemoryMB: requestMemoryMB, requestDiskKiB: requestDiskKiB ?? 1024, priority: priority,
            checkpointExitCode: checkpointExitCode, transferCheckpointFiles: transferCheckpointFiles ?? [],
            maxRetries: maxRetries, successExitCode: successExitCode ?? 0, batchName: batchName)
        spec.batchName = batchName
        let ad = classAd.map { "\($0.name) = \($0.expression)" }.joined(separator: "\n")
        return SubmittedJob(proc: procId, spec: spec, ad: ad, held: hold)
    }
}
