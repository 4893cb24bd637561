import Foundation
import LinuxSupport
import RacimoCore
import RunAnywhere

/// `[run]`: this node runs programs anywhere in the cluster (openMosix's and MOSIX's part):
/// `racimo run` here places processes on the best node, and other nodes' processes may run
/// here as guests.
///
/// ```toml
/// [run]
/// listen = "0.0.0.0:9403"            # where other nodes start processes here; the port is
///                                    # the cluster's: every node's run port is the same
/// socket = "/run/racimo/run.sock"    # what racimo run, ps, ctl, mon talk to
/// allow_root = false                 # run other nodes' root processes here?
/// map = "/etc/openmosix.map"         # optional: node numbers for -j lists and racimo mon
/// criu = "/usr/sbin/criu"            # the CRIU to move running processes with
/// images = "/dev/shm/racimo-images"  # where checkpoint images are written (memory is fastest)
/// rebalance = true                   # move running processes when the load changes
/// ```
///
/// An `openmosix.map` is read as openMosix read it: its addresses are also membership seeds
/// (on this node's frame port), and its numbers name nodes in `racimo run -j1,4-6`. This
/// node's name resolving to 127.x in /etc/hosts, the mistake that kept openMosix nodes
/// alone, gets a warning at the offending line.
public struct RunRole: Sendable, Equatable {
    public var listen: Endpoint
    public var socket: String
    public var allowRoot: Bool
    public var map: String?
    /// The map's contents, when there is one.
    public var nodeMap: OpenMosixMap?
    public var criu = "/usr/sbin/criu"
    public var images = "/dev/shm/racimo-images"
    public var rebalance = true

    public static let defaultPort = 9403
    public static let defaultSocket = "/run/racimo/run.sock"

    public init(listen: Endpoint, socket: String, allowRoot: Bool, map: String? = nil) {
        self.listen = listen
        self.socket = socket
        self.allowRoot = allowRoot
        self.map = map
    }

    /// A node's number: from the map when there is one, else omdiscd's rule (the last two
    /// octets of its address).
    public func number(ofAddress address: String) -> Int? {
        if let nodeMap { return nodeMap.number(of: address) }
        let octets = address.split(separator: ".").compactMap { Int($0) }
        return octets.count == 4 ? octets[2] * 256 + octets[3] : nil
    }
}

extension AgentConfiguration {
    /// Reads `[run]`, adding its role.
    static func runRole(_ reader: inout TOMLTableReader, directory: String, roles: inout [Role]) -> RunRole? {
        guard var table = reader.table("run") else { return nil }
        var role = RunRole(
            listen: table.endpoint("listen", defaultPort: RunRole.defaultPort) ?? Endpoint(host: "0.0.0.0", port: RunRole.defaultPort),
            socket: table.string("socket").map { resolve($0.value, in: directory) } ?? RunRole.defaultSocket,
            allowRoot: table.boolean("allow_root") ?? false,
            map: table.string("map").map { resolve($0.value, in: directory) })
        if let criu = table.string("criu") { role.criu = resolve(criu.value, in: directory) }
        if let images = table.string("images") { role.images = resolve(images.value, in: directory) }
        if let rebalance = table.boolean("rebalance") { role.rebalance = rebalance }
        if let path = role.map, let location = table.table.entry("map")?.value.location {
            if let text = try? String(contentsOfFile: path, encoding: .utf8) {
                let (map, diagnostics) = OpenMosixMap.read(text, file: path)
                for diagnostic in diagnostics.all { table.report(diagnostic) }
                role.nodeMap = map
                if let map, let hosts = try? String(contentsOfFile: "/etc/hosts", encoding: .utf8),
                   let mistake = LoopbackNameCheck.check(
                       hostName: HostInfo.hostname(), hostsText: hosts, hostsFile: "/etc/hosts",
                       mapAddresses: map.nodes.map { $0.address }) {
                    table.report(mistake)
                }
            } else {
                table.report(.error(at: location, "cannot read the openmosix.map \(path)"))
            }
        }
        roles.append(.run)
        table.finish()
        reader.absorb(table)
        return role
    }
}
