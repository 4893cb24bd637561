import ArgumentParser
import Foundation
import LinuxSupport

/// `racimo`: one binary for the node agent and every client command.
@main
struct Racimo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "racimo",
        abstract: "A cluster suite for Linux: virtual-IP failover, load balancing, monitoring and batch jobs.",
        discussion: """
            Run 'racimo agent -c racimo.toml' on every node; the other commands talk to the local agent.
            """,
        version: RacimoVersionString.value,
        subcommands: [
            AgentCommand.self, CheckCommand.self, KeygenCommand.self,
            HealthCommand.self, NodesCommand.self, PeersCommand.self, MetricsCommand.self, VRRPCommand.self,
            BalancerCommand.self, LBCommand.self, QCommand.self, StatusCommand.self, RmCommand.self, HoldCommand.self,
            ReleaseCommand.self, HistoryCommand.self, SubmitCommand.self, RunCommand.self, SpreadCommand.self,
            PsCommand.self, MigrateCommand.self, KillallCommand.self, CtlCommand.self, MonCommand.self, VersionCommand.self,
        ]
    )

    /// ArgumentParser exits 64 on usage errors; Racimo's convention (DESIGN.md) is 2 for usage
    /// and configuration errors and 1 for runtime failures, so the entry point maps the codes.
    static func main() async {
        // The startd's last step before a job runs (LinuxSupport's JobExec): handled before
        // any parsing, in a process that does nothing else and replaces itself with the job.
        let words = CommandLine.arguments
        if words.count > 2, words[1] == "job-exec", words[2] == "--restore" {
            guard let plan = RestoreKeeper.parse(Array(words.dropFirst(2))) else {
                FileHandle.standardError.write(Data("racimo job-exec: internal use by the run role\n".utf8))
                Foundation.exit(2)
            }
            RestoreKeeper.run(plan)
        }
        if words.count > 1, words[1] == "job-exec" {
            guard let plan = JobExec.parse(Array(words.dropFirst(2))) else {
                FileHandle.standardError.write(Data("racimo job-exec: internal use by the execute role\n".utf8))
                Foundation.exit(2)
            }
            JobExec.run(plan)
        }
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

enum RacimoVersionString {
    static var value: String { "racimo \(Agent.RacimoVersion.current)" }
}

import Agent
