import Foundation
import LinuxSupport
import RacimoCore
import RacimoTestKit

/// A pool as network-namespace hosts: h1 runs the scheduler role, h2… the execute role (one
/// slot each, as the seed's five single-CPU nodes), all agents of one cluster key. Jobs are
/// submitted on h1 by an unprivileged user (`nobody`), from a folder everyone may write.
final class JobsFarm {
    let hosts: NetnsCluster
    let nodes: [TestNode]
    /// Submit files, programs and the jobs' outputs; mode 0777.
    let folder: String
    private(set) var agents: [Int: Int32] = [:]
    static let user = (uid: 65534, gid: 65534)

    init(executeNodes: Int, cpusPerHost: [String]? = nil) throws {
        hosts = try NetnsCluster(hosts: executeNodes + 1, cpus: cpusPerHost)
        var random = SystemRandomNumberGenerator()
        let key = ClusterKey.generate(using: &random)
        nodes = try (1...(executeNodes + 1)).map { try TestNode(name: "h\($0)", key: key) }
        folder = NSTemporaryDirectory() + "racimo-jobs-\(hosts.name)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        chmod(folder, 0o777)
        for (index, node) in nodes.enumerated() {
            let host = index + 1
            var text = """
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

                """
            if host == 1 {
                text += """
                    [scheduler]
                    listen = "\(hosts.address(of: 1)):9618"
                    database = "queue.db"
                    socket = "\(socket)"
                    node_loss_grace = "3s"
                    filesystem_domain = "cluster"
                    """
            } else {
                text += """
                    [execute]
                    scheduler = "\(hosts.address(of: 1)):9618"
                    cpus = 1
                    memory = 512
                    filesystem_domain = "cluster"
                    """
            }
            try node.configure(raw: text)
        }
    }

    deinit {
        for host in agents.keys { stopAgent(host, signal: SIGKILL) }
        // RACIMO_KEEP_LOGS=DIR keeps every agent's log and the jobs' folder, for a post-mortem.
        if let keep = ProcessInfo.processInfo.environment["RACIMO_KEEP_LOGS"] {
            let target = "\(keep)/\(hosts.name)"
            try? FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
            for node in nodes { try? FileManager.default.copyItem(atPath: node.logPath, toPath: "\(target)/\(node.name).log") }
            try? FileManager.default.copyItem(atPath: folder, toPath: "\(target)/jobs")
        }
        // Jobs of agents killed with -9 are left in their cgroups: end them, then the folders.
        for host in executeHosts { MemoryCgroup.reapStale(under: "racimo", prefix: "h\(host)") }
        MemoryCgroup.removeParents("racimo")
        hosts.down()
        try? FileManager.default.removeItem(atPath: folder)
    }

    var socket: String { nodes[0].folder + "/schedd.sock" }
    var executeHosts: [Int] { Array(2...hosts.hostCount) }

    func log(_ host: Int) -> String { nodes[host - 1].log }

    /// Starts the agent of `host` and waits for its role to be up.
    func startAgent(_ host: Int) throws {
        let node = nodes[host - 1]
        agents[host] = try hosts.spawn(on: host, [RacimoBinary.path, "agent", "-c", node.configPath], log: node.logPath)
        let ready = host == 1 ? "schedd listening" : "execute node offering slots"
        guard pollUntil(timeout: .seconds(20), { node.log.contains(ready) }) else {
            throw FarmError("h\(host)'s agent did not start:\n\(node.log)")
        }
    }

    func startAll() throws {
        try startAgent(1)
        for host in executeHosts { try startAgent(host) }
        guard pollUntil(timeout: .seconds(20), { self.log(1).components(separatedBy: "execute node joined").count - 1 >= self.executeHosts.count })
        else { throw FarmError("not every execute node joined:\n\(log(1))") }
    }

    func stopAgent(_ host: Int, signal: Int32 = SIGTERM) {
        guard let pid = agents.removeValue(forKey: host) else { return }
        hosts.kill(pid: pid, signal: signal)
        _ = hosts.waitForExit(pid: pid, timeout: .seconds(10))
    }

    /// Writes a file in the farm's folder, readable (and, for programs, runnable) by all.
    @discardableResult
    func write(_ text: String, to name: String, mode: Int = 0o644) throws -> String {
        let path = "\(folder)/\(name)"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        return path
    }

    /// Runs `racimo ARGS` on h1 as `nobody`, in the farm's folder.
    func racimo(_ arguments: [String], asRoot: Bool = false, timeout: Duration = .seconds(60)) throws -> (status: Int32, stdout: String, stderr: String) {
        let command = [RacimoBinary.path] + arguments + ["--socket", socket]
        let user = asRoot ? [] : ["setpriv", "--reuid=\(Self.user.uid)", "--regid=\(Self.user.gid)", "--clear-groups"]
        let quoted = (user + command).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        return try hosts.run(on: 1, ["sh", "-c", "cd '\(folder)' && exec \(quoted)"], timeout: timeout)
    }

    /// `racimo q --json` as decoded objects.
    func queue() throws -> [[String: Any]] {
        let result = try racimo(["q", "--json"])
        guard result.status == 0, let data = result.stdout.data(using: .utf8),
              let jobs = try JSONSerialization.jsonObject(with: data) as? [[String: Any]]
        else { throw FarmError("racimo q failed: \(result.stderr)") }
        return jobs
    }
}
