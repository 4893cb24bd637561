import Foundation
import RacimoTestKit

/// A director and its real servers as network-namespace hosts: h1 runs `racimo balancer`,
/// the others run whatever servers a test starts, and the last host is usually the client.
final class BalancerFarm {
    let hosts: NetnsCluster
    let folder: String
    private(set) var balancer: Int32?
    private(set) var servers: [String: Int32] = [:]

    init(hosts count: Int) throws {
        hosts = try NetnsCluster(hosts: count)
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("balancer-\(hosts.name)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    deinit {
        hosts.down()
        try? FileManager.default.removeItem(atPath: folder)
    }

    func address(_ host: Int) -> String { hosts.address(of: host) }
    var statusFile: String { "\(folder)/lb.json" }
    var balancerLog: String { (try? String(contentsOfFile: "\(folder)/balancer.log", encoding: .utf8)) ?? "" }

    func write(_ text: String, to name: String, mode: Int = 0o644) throws -> String {
        let path = "\(folder)/\(name)"
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        return path
    }

    /// Starts `racimo balancer -f FILE` on h1 and waits until its status file is there.
    func startBalancer(_ configuration: String) throws {
        balancer = try hosts.spawn(on: 1, [RacimoBinary.path, "balancer", "-f", configuration, "--status-file", statusFile, "--log-level", "debug"],
                                   log: "\(folder)/balancer.log")
        guard pollUntil(timeout: .seconds(10), interval: .milliseconds(50), { FileManager.default.fileExists(atPath: statusFile) })
        else { throw FarmError("racimo balancer did not start:\n\(balancerLog)") }
    }

    func stopBalancer() {
        guard let pid = balancer else { return }
        hosts.kill(pid: pid, signal: SIGTERM)
        _ = hosts.waitForExit(pid: pid, timeout: .seconds(5))
        balancer = nil
    }

    /// Starts a named server process on `host` (its log in the farm's folder).
    func start(_ name: String, on host: Int, _ arguments: [String]) throws {
        servers[name] = try hosts.spawn(on: host, arguments, log: "\(folder)/\(name).log")
    }

    func kill(_ name: String, signal: Int32 = SIGKILL) {
        guard let pid = servers.removeValue(forKey: name) else { return }
        hosts.kill(pid: pid, signal: signal)
        _ = hosts.waitForExit(pid: pid, timeout: .seconds(5))
    }

    /// A static web server on `host`:`port` serving `directory` (Python's http.server: one
    /// request per connection, as the seed's Apache answered curl).
    func startWeb(_ name: String, on host: Int, port: Int = 80, directory: String) throws {
        try start(name, on: host, ["python3", "-m", "http.server", String(port), "--bind", address(host), "--directory", directory])
        guard pollUntil(timeout: .seconds(10), interval: .milliseconds(50), {
            (try? self.hosts.run(on: host, ["curl", "-s", "-o", "/dev/null", "-m", "1", "http://\(self.address(host)):\(port)/"],
                                 timeout: .seconds(5)).status) == 0
        }) else { throw FarmError("web server \(name) did not start") }
    }

    /// `curl -s URL` from `host`: the body, or nil when curl failed.
    func get(_ url: String, from host: Int, extra: [String] = []) -> String? {
        guard let result = try? hosts.run(on: host, ["curl", "-s", "-m", "5"] + extra + [url], timeout: .seconds(10)),
              result.status == 0 else { return nil }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `racimo lb list` against this farm's status file.
    func list(json: Bool = false) -> String {
        let result = try? RacimoBinary.run(["lb", "list", "--status-file", statusFile] + (json ? ["--json"] : []))
        return result?.stdout ?? ""
    }

    /// The `ipvsadm -L -n` row of `address` in `racimo lb list`, split in columns.
    func row(_ address: String) -> [String]? {
        list().split(separator: "\n").first { $0.contains("-> \(address) ") }?.split(separator: " ").map(String.init)
    }

    /// When the balancer first logged every one of `fields` after `notBefore`.
    func logged(_ fields: [String], after notBefore: Date) -> Date? {
        firstLogged(fields, in: balancerLog, notBefore: notBefore)
    }
}

struct FarmError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
