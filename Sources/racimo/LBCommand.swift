import ArgumentParser
import Balancer
import BalancerIO
import Foundation

/// `racimo lb`: the running balancer's table.
struct LBCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lb",
        abstract: "Show the load balancer's services and real servers.",
        subcommands: [LBListCommand.self],
        defaultSubcommand: LBListCommand.self)
}

struct LBListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "The services and real servers in 'ipvsadm -L -n' layout, with ActiveConn and InActConn.")

    @Option(help: "The status file of the running 'racimo balancer'.")
    var statusFile: String = BalancerServer.defaultStatusFile

    @Flag(help: "Print JSON (every server, including those ipvsadm would not list).")
    var json = false

    func run() throws {
        let candidates = statusFile == BalancerServer.defaultStatusFile ? [statusFile, "/run/racimo-lb.json"] : [statusFile]
        guard let path = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }),
              let data = FileManager.default.contents(atPath: path)
        else {
            printError("racimo lb list: no table at \(candidates.joined(separator: " or ")): is 'racimo balancer' running (with --status-file)?")
            throw ExitCode(1)
        }
        let status = try JSONDecoder().decode(BalancerStatus.self, from: data)
        let age = Int(Date().timeIntervalSince1970 - status.writtenAt)
        if age > 3 {
            printError("warning: \(path) was last written \(age) s ago by pid \(status.pid): racimo balancer may not be running; this is its last known table")
        }
        if json {
            print(String(decoding: data, as: UTF8.self), terminator: "")
        } else {
            print(IPVSAdmTable.render(status), terminator: "")
        }
    }
}
