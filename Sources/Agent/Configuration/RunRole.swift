import RacimoCore

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
/// ```
public struct RunRole: Sendable, Equatable {
    public var listen: Endpoint
    public var socket: String
    public var allowRoot: Bool
    public var map: String?

    public static let defaultPort = 9403
    public static let defaultSocket = "/run/racimo/run.sock"

    public init(listen: Endpoint, socket: String, allowRoot: Bool, map: String? = nil) {
        self.listen = listen
        self.socket = socket
        self.allowRoot = allowRoot
        self.map = map
    }
}

extension AgentConfiguration {
    /// Reads `[run]`, adding its role.
    static func runRole(_ reader: inout TOMLTableReader, directory: String, roles: inout [Role]) -> RunRole? {
        guard var table = reader.table("run") else { return nil }
        let role = RunRole(
            listen: table.endpoint("listen", defaultPort: RunRole.defaultPort) ?? Endpoint(host: "0.0.0.0", port: RunRole.defaultPort),
            socket: table.string("socket").map { resolve($0.value, in: directory) } ?? RunRole.defaultSocket,
            allowRoot: table.boolean("allow_root") ?? false,
            map: table.string("map").map { resolve($0.value, in: directory) })
        roles.append(.run)
        table.finish()
        reader.absorb(table)
        return role
    }
}
