import ArgumentParser
import LinuxSupport
import RacimoCore

struct KeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Write a new random 256-bit cluster key (mode 0600).",
        discussion: "Copy the same file to every node. An existing file is never overwritten unless --force is given.")

    @Option(name: .shortAndLong, help: "Where to write the key.")
    var output: String

    @Flag(help: "Overwrite an existing key file.")
    var force = false

    func run() throws {
        var generator = SystemRandomNumberGenerator()
        let key = ClusterKey.generate(using: &generator)
        do {
            try Files.writeText(key.fileContents, to: output, mode: 0o600, exclusive: !force)
        } catch {
            if error.errno == 17 {  // EEXIST
                printError("racimo: \(output) already exists; it may be your cluster's key (use --force to replace it)")
                throw ExitCode(2)
            }
            printError("racimo: \(error)")
            throw ExitCode(1)
        }
        print("wrote cluster key \(key.id) to \(output) (mode 0600)")
    }
}
