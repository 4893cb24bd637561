import Agent
import ArgumentParser
import RacimoCore

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate a configuration file (and the keys it names) without starting anything.",
        discussion: "Exit status: 0 when the file is usable, 2 with file:line:column diagnostics when it is not.")

    @Option(name: .shortAndLong, help: "The configuration file.")
    var config: String = AgentConfiguration.defaultPath

    @Flag(help: "Check only the file, not the key files it names.")
    var noKeys = false

    func run() throws {
        do {
            let loaded = try ConfigurationLoader.load(path: config, readKeys: !noKeys)
            for warning in loaded.warnings { printError(warning.description) }
            let c = loaded.configuration
            print("\(config): ok (node \(c.nodeName), \(c.seeds.count) seed(s), roles: \(c.roles.map(\.rawValue).joined(separator: ", ")))")
        } catch {
            printError(error.description)
            throw ExitCode(2)
        }
    }
}
