import Agent
import ArgumentParser

struct AgentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent",
        abstract: "Run the node agent in the foreground.",
        discussion: """
            Logs go to stderr as logfmt. SIGTERM or SIGINT stops the roles in reverse order and exits 0; \
            SIGHUP re-reads the configuration and keeps the running one if the new file has errors.
            """)

    @Option(name: .shortAndLong, help: "The configuration file.")
    var config: String = AgentConfiguration.defaultPath

    func run() async throws {
        do {
            try await AgentRunner.run(configurationPath: config, softwareVersion: RacimoVersion.current)
        } catch let failure as AgentRunner.StartupFailure {
            printError("racimo agent: not starting:\n\(failure)")
            throw ExitCode(failure.exitCode)
        } catch {
            printError("racimo agent: \(error)")
            throw ExitCode(1)
        }
    }
}
