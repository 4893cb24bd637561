import Foundation
import LinuxSupport
import RacimoCore
import RacimoTestKit

/// A run-anywhere cluster as network-namespace hosts: every host plays `run`, each pinned to
/// one CPU (alternating the machine's cores), all of one cluster key. Commands run as
/// `nobody` from a folder every host sees (the shared filesystem placed processes rely on).
final class RunFarm {
    let hosts: NetnsCluster
    let nodes: [TestNode]
    let folder: String
    private(set) var agents: [Int: Int32] = [:]
    static let user = (uid: 65534, gid: 65534)

    /// The CRIU that works on this kernel (scripts/criu/install), for moving processes.
    static let criu = "/usr/local/sbin/racimo-criu"

    init(hosts count: Int, allowRoot: Bool = false, rebalance: Bool = false) throws {
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        hosts = try NetnsCluster(hosts: count, cpus: (0..<count).map { String($0 % cores) })
        var random = SystemRandomNumberGenerator()
        let key = ClusterKey.generate(using: &random)
        nodes = try (1...count).map { try TestNode(name: "h\($0)", key: key) }
        folder = NSTemporaryDirectory() + "racimo-run-\(hosts.name)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        chmod(folder, 0o777)
        for (index, node) in nodes.enumerated() {
            let host = index + 1
            try node.configure(raw: """
                [node]
                name = "h\(host)"
                listen = "\(hosts.address(of: host)):9401"
                seeds = ["\(hosts.address(of: 1)):9401"]

                [cluster]
                key_file = "cluster.key"

                [admin]
                listen = "127.0.0.1:9400"

                [membership]
                hello_interval = "200ms"
                probe_interval = "200ms"
                probe_timeout = "100ms"

                [log]
                level = "debug"

                [run]
                listen = "\(hosts.address(of: host)):9403"
                socket = "\(socket(host))"
                allow_root = \(allowRoot)
                criu = "\(Self.criu)"
                images = "images"
                rebalance = \(rebalance)
                """)
        }
    }

    deinit {
        for host in agents.keys { stopAgent(host, signal: SIGKILL) }
        if let keep = ProcessInfo.processInfo.environment["RACIMO_KEEP_LOGS"] {
            let target = "\(keep)/\(hosts.name)"
            try? FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
            for node in nodes { try? FileManager.default.copyItem(atPath: node.logPath, toPath: "\(target)/\(node.name).log") }
        }
        hosts.down()
        try? FileManager.default.removeItem(atPath: folder)
    }

    func socket(_ host: Int) -> String { nodes[host - 1].folder + "/run.sock" }
    func log(_ host: Int) -> String { nodes[host - 1].log }

    /// Starts every agent and waits until each sees all the others playing `run`.
    func startAll() throws {
        for host in 1...hosts.hostCount { try startAgent(host) }
        for host in 1...hosts.hostCount {
            guard pollUntil(timeout: .seconds(20), {
                ((try? self.mon(from: host)) ?? []).filter { $0["up"] as? Bool == true }.count == self.hosts.hostCount
            }) else { throw FarmError("h\(host) does not see every node:\n\(log(host))") }
        }
    }

    func startAgent(_ host: Int) throws {
        let node = nodes[host - 1]
        agents[host] = try hosts.spawn(on: host, [RacimoBinary.path, "agent", "-c", node.configPath], log: node.logPath)
        guard pollUntil(timeout: .seconds(20), { node.log.contains("run: home socket ready") }) else {
            throw FarmError("h\(host)'s agent did not start:\n\(node.log)")
        }
    }

    func stopAgent(_ host: Int, signal: Int32 = SIGTERM) {
        guard let pid = agents.removeValue(forKey: host) else { return }
        hosts.kill(pid: pid, signal: signal)
        _ = hosts.waitForExit(pid: pid, timeout: .seconds(10))
    }

    @discardableResult
    func write(_ text: String, to name: String, mode: Int = 0o755) throws -> String {
        let path = "\(folder)/\(name)"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        return path
    }

    /// A shell command line running `racimo ARGS` as `nobody` (or root) in the farm's
    /// folder, against host `host`'s agent.
    func commandLine(_ arguments: [String], on host: Int = 1, asRoot: Bool = false) -> String {
        let command = [RacimoBinary.path] + arguments
        let user = asRoot ? [] : ["setpriv", "--reuid=\(Self.user.uid)", "--regid=\(Self.user.gid)", "--clear-groups"]
        let quoted = (user + command).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        return "cd '\(folder)' && RACIMO_RUN_SOCKET='\(socket(host))' exec \(quoted)"
    }

    /// Runs `racimo ARGS` on `host` and waits for it.
    func racimo(_ arguments: [String], on host: Int = 1, asRoot: Bool = false, input: String? = nil,
                timeout: Duration = .seconds(60)) throws -> (status: Int32, stdout: String, stderr: String) {
        var line = commandLine(arguments, on: host, asRoot: asRoot)
        if let input { line += " < '\(try write(input, to: "input-\(UUID().uuidString)", mode: 0o644))'" }
        return try hosts.run(on: host, ["sh", "-c", line], timeout: timeout)
    }

    /// `racimo mon --json` from `host`.
    func mon(from host: Int) throws -> [[String: Any]] {
        let result = try racimo(["mon", "--json"], on: host, timeout: .seconds(10))
        guard result.status == 0, let data = result.stdout.data(using: .utf8),
              let nodes = try JSONSerialization.jsonObject(with: data) as? [[String: Any]]
        else { throw FarmError("racimo mon failed: \(result.stderr)") }
        return nodes
    }

    /// `racimo ps --json` on `host`.
    func ps(on host: Int = 1, asRoot: Bool = true) throws -> [[String: Any]] {
        let result = try racimo(["ps", "--json"], on: host, asRoot: asRoot, timeout: .seconds(10))
        guard result.status == 0, let data = result.stdout.data(using: .utf8),
              let rows = try JSONSerialization.jsonObject(with: data) as? [[String: Any]]
        else { throw FarmError("racimo ps failed: \(result.stderr)") }
        return rows
    }

    /// SHA-256 of `text` in hex, by sha256sum.
    static func sha256(_ text: String) -> String {
        let file = NSTemporaryDirectory() + "racimo-sha-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: file) }
        try? text.write(toFile: file, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [file]
        let pipe = Pipe()
        process.standardOutput = pipe
        try? process.run()
        process.waitUntilExit()
        return String(String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).prefix(64))
    }
}
