import Agent
import ArgumentParser

struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Print Racimo's version.")

    func run() {
        print("racimo \(RacimoVersion.current)")
    }
}
