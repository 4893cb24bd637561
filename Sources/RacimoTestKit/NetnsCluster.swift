import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Several Racimo hosts on one Linux machine, for integration tests and benchmarks.
///
/// A thin Swift face on `scripts/netns/hosts` (run `scripts/netns/hosts help`): host *i*
/// (1-based) is a network namespace `NAME-hI` plus a UTS namespace whose hostname is `hI`,
/// optionally confined to cgroups (cpuset CPUs, memory limit); all hosts of a cluster hang
/// off a bridge `NAME-br`. Host *i* has `10.213.X.i/16` on its `eth0`; the bridge in the
/// root namespace has `10.213.X.254`, so the test process reaches every host directly.
/// With `links:` above 1, each host has more links, like a Heartbeat director on two
/// networks: link *k* is `ethK` on bridge `NAME-bK`, subnet `10.213.(X+64k).0/24` (see
/// ``address(of:link:)`` and ``setLink(_:of:up:)``).
///
/// Needs root (see ``isRoot``); tests should skip when it is false.
///
/// ```swift
/// let cluster = try NetnsCluster(hosts: 3)
/// defer { cluster.down() }
/// let result = try cluster.run(on: 1, ["ping", "-c1", "-W1", cluster.address(of: 2)])
/// let pid = try cluster.spawn(on: 2, ["racimo", "agent"], log: "/tmp/h2.log")
/// cluster.kill(pid: pid, signal: SIGTERM)
/// let status = cluster.waitForExit(pid: pid, timeout: .seconds(5))
/// ```
///
/// Exit statuses of spawned processes: ``spawn(on:_:log:)`` goes through `hosts spawn`,
/// which starts the command under a small supervisor shell that `wait`s for it and writes
/// its exit status to `/run/racimo-netns/NAME/status/PID`. The PID returned is the
/// command's own (the script only `exec`s on the way in), so ``kill(pid:signal:)`` hits
/// the command itself, and ``waitForExit(pid:timeout:)`` polls for that status file.
/// This works whoever started the process (a shell script, another test), and the test
/// process never has to reap children that Foundation's `Process` does not know about.
///
/// The class is `@unchecked Sendable`: its stored properties are constants, and the only
/// mutable state (whether ``down()`` has succeeded) sits behind a `Mutex`.
public final class NetnsCluster: @unchecked Sendable {
    /// True when the process runs as root (`geteuid() == 0`), which every cluster needs.
    public static var isRoot: Bool { geteuid() == 0 }

    /// Where the script keeps a cluster's state: `STATE_ROOT/NAME`.
    public static let stateRoot = "/run/racimo-netns"

    /// The cluster's name: the prefix of its namespaces (`NAME-hI`), veths and bridges.
    public let name: String

    /// The third address byte of link 0: hosts are `10.213.subnet.i` (link *k*: see
    /// ``subnet(ofLink:)``).
    public let subnet: Int

    /// The number of hosts, h1 through h`hostCount`.
    public let hostCount: Int

    /// The number of links per host, 1 through ``maxLinks``: link 0 (`eth0`) to link
    /// `linkCount - 1`.
    public let linkCount: Int

    /// The absolute path of the `hosts` script this cluster drives.
    public let scriptPath: String

    /// This cluster's state directory (PIDs, exit statuses, UTS namespace files).
    public var stateDirectory: String { "\(Self.stateRoot)/\(name)" }

    /// Set once ``down()`` has succeeded.
    private let isDown = Mutex(false)

    /// Brings up `hosts` hosts by running `hosts up`.
    ///
    /// - Parameters:
    ///   - hosts: how many hosts, 1 through 253.
    ///   - name: the cluster name, `[a-z][a-z0-9]{0,7}` (interface names have 15 characters
    ///     at most). `nil` picks a unique one, `rt` and four random hex digits.
    ///   - subnet: the third address byte of link 0, 0 through 250 − 64·(links − 1). `nil`
    ///     picks a random one that, for all links, no interface and no other cluster uses.
    ///   - links: links per host, 1 through ``maxLinks``; link *k* uses the third byte
    ///     `subnet + 64k`.
    ///   - cpus: cpuset lists (e.g. `["0"]` or `["0-1", "2"]`): one for all hosts, or one per
    ///     host. `nil` leaves CPUs unconfined.
    ///   - memory: a memory limit per host, e.g. `"256M"`. `nil` leaves memory unconfined.
    ///   - script: the path of `scripts/netns/hosts`; `nil` finds it through the environment
    ///     variable `RACIMO_NETNS_HOSTS`, or in the package whose `Package.swift` is found by
    ///     walking up from this source file (or from the current directory).
    /// - Throws: ``NetnsClusterError``: not root, script not found, or `hosts up` failed.
    ///   When `name` or `subnet` was generated and turns out to be taken (a concurrent run),
    ///   a fresh one is tried, up to five times.
    public init(
        hosts: Int,
        name: String? = nil,
        subnet: Int? = nil,
        links: Int = 1,
        cpus: [String]? = nil,
        memory: String? = nil,
        script: String? = nil
    ) throws {
        guard Self.isRoot else { throw NetnsClusterError.notRoot }
        guard (1...253).contains(hosts) else {
            throw NetnsClusterError.invalidArgument("hosts must be 1...253, not \(hosts)")
        }
        guard (1...Self.maxLinks).contains(links) else {
            throw NetnsClusterError.invalidArgument("links must be 1...\(Self.maxLinks), not \(links)")
        }
        if let cpus, cpus.count != 1, cpus.count != hosts {
            throw NetnsClusterError.invalidArgument("cpus needs 1 or \(hosts) lists, not \(cpus.count)")
        }
        let scriptPath = try Self.locateScript(explicit: script)

        var attempt = 0
        while true {
            attempt += 1
            let chosenName = name ?? Self.uniqueName()
            let chosenSubnet = subnet ?? Self.freeSubnet(links: links)
            var arguments = ["up", String(hosts), "--name", chosenName, "--subnet", String(chosenSubnet)]
            if links > 1 { arguments += ["--links", String(links)] }
            if let cpus { arguments += ["--cpus", cpus.joined(separator: "/")] }
            if let memory { arguments += ["--mem", memory] }
            let result = try ProcessRunner.run(script: scriptPath, arguments, timeout: .seconds(120))
            if result.status == 0 {
                self.name = chosenName
                self.subnet = chosenSubnet
                self.hostCount = hosts
                self.linkCount = links
                self.scriptPath = scriptPath
                return
            }
            // 75: name or subnet taken, nothing changed. Retry only what we made up.
            let generated = name == nil || subnet == nil
            if result.status == 75, generated, attempt < 5 { continue }
            throw NetnsClusterError.commandFailed(
                arguments: [scriptPath] + arguments, status: result.status, stderr: result.stderr)
        }
    }

    deinit {
        down()
    }

    /// The bridge's address in the root namespace, `"10.213.X.254"`: where a host reaches the
    /// test process (over link 0; other links: ``bridgeAddress(link:)``).
    public var bridgeAddress: String { "10.213.\(subnet).254" }

    /// The hostname that programs in host `host` see: `"hI"`.
    public func hostname(of host: Int) -> String { "h\(host)" }

    /// Runs `arguments` (program and its arguments, looked up on `PATH`) in host `host` in
    /// the foreground, through `hosts exec`: in the host's network and UTS namespaces and
    /// its cgroups. Output is collected through temporary files, so a chatty program
    /// cannot block on a full pipe.
    ///
    /// - Returns: the exit status (128 + N when killed by signal N) and the output.
    /// - Throws: ``NetnsClusterError/timedOut(arguments:after:)`` after `timeout`, once the
    ///   program has been killed with SIGKILL.
    public func run(
        on host: Int,
        _ arguments: [String],
        timeout: Duration = .seconds(30)
    ) throws -> (status: Int32, stdout: String, stderr: String) {
        try checkHost(host, arguments)
        let result = try ProcessRunner.run(
            script: scriptPath, ["exec", name, String(host), "--"] + arguments, timeout: timeout)
        return (result.status, result.stdout, result.stderr)
    }

    /// Starts `arguments` in host `host` in the background, through `hosts spawn`, with
    /// stdin from `/dev/null` and stdout and stderr appended to `log` (the script's working
    /// directory is the test's, so prefer absolute paths).
    ///
    /// Returns only once the process is inside the host. Its PID is recorded, so ``down()``
    /// stops it if the test does not.
    ///
    /// - Returns: the PID of the command itself (not of a wrapper).
    public func spawn(on host: Int, _ arguments: [String], log: String) throws -> Int32 {
        try checkHost(host, arguments)
        let scriptArguments = ["spawn", name, String(host), "--log", log, "--"] + arguments
        let result = try ProcessRunner.run(script: scriptPath, scriptArguments, timeout: .seconds(30))
        let text = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        guard result.status == 0, let pid = Int32(text), pid > 0 else {
            throw NetnsClusterError.commandFailed(
                arguments: [scriptPath] + scriptArguments, status: result.status, stderr: result.stderr)
        }
        return pid
    }

    /// Sends `signal` (e.g. `SIGTERM`) to process `pid`. A process that is gone already is
    /// not an error.
    public func kill(pid: Int32, signal: Int32) {
        _ = sendSignal(pid, signal)
    }

    /// Waits until process `pid`, started by ``spawn(on:_:log:)`` (or `hosts spawn`), has
    /// ended, polling for the status file its supervisor writes.
    ///
    /// - Returns: its exit status (128 + N when killed by signal N, as a shell reports it),
    ///   or `nil` if it was still running after `timeout` (or was not spawned through the
    ///   script, or the cluster is down).
    public func waitForExit(pid: Int32, timeout: Duration) -> Int32? {
        let path = "\(stateDirectory)/status/\(pid)"
        var status: Int32?
        _ = pollUntil(timeout: timeout, interval: .milliseconds(20)) {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return false }
            status = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
            return status != nil
        }
        return status
    }

    /// The cgroup directories host `host` is confined to: on cgroup v1 one per controller
    /// (`…/cpuset/racimo/NAME-hI`, `…/memory/racimo/NAME-hI`), on v2 one
    /// (`/sys/fs/cgroup/racimo/NAME-hI`); empty without `cpus` and `memory`.
    public func cgroupDirectories(of host: Int) -> [String] {
        guard let text = try? String(contentsOfFile: "\(stateDirectory)/cgroups", encoding: .utf8) else {
            return []
        }
        return text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ", maxSplits: 1)
            guard fields.count == 2, Int(fields[0]) == host else { return nil }
            return String(fields[1])
        }
    }

    /// Tears the cluster down with `hosts down`: stops every process of the cluster (recorded
    /// PIDs, whatever is left in its cgroups and namespaces; SIGTERM, then SIGKILL after
    /// 2 s), and deletes namespaces, veths, bridges, cgroups and state.
    ///
    /// Idempotent: once it has succeeded, later calls do nothing; after a failure (reported
    /// on stderr) the next call tries again. Also called from `deinit`.
    public func down() {
        if isDown.withLock({ $0 }) { return }
        let arguments = ["down", "--name", name]
        do {
            let result = try ProcessRunner.run(script: scriptPath, arguments, timeout: .seconds(60))
            if result.status == 0 {
                isDown.withLock { $0 = true }
            } else {
                FileHandle.standardError.write(
                    Data("NetnsCluster: hosts down --name \(name) exited \(result.status): \(result.stderr)\n".utf8))
            }
        } catch {
            FileHandle.standardError.write(Data("NetnsCluster: hosts down --name \(name): \(error)\n".utf8))
        }
    }

    // MARK: - Names and places

    /// A fresh cluster name: `rt` and four random hex digits (6 characters, so `NAME-br`
    /// and `NAME-b3v253` stay well inside the 15-character limit for interface names).
    public static func uniqueName() -> String {
        "rt" + String(format: "%04x", UInt16.random(in: .min ... .max))
    }

    /// Finds `scripts/netns/hosts`: `explicit` if given, else `$RACIMO_NETNS_HOSTS`, else in
    /// the first directory holding a `Package.swift` above this source file, else above the
    /// current directory.
    public static func locateScript(explicit: String? = nil, sourceFile: String = #filePath) throws -> String {
        let fileManager = FileManager.default
        if let explicit {
            guard fileManager.fileExists(atPath: explicit) else { throw NetnsClusterError.scriptNotFound([explicit]) }
            return explicit
        }
        if let fromEnvironment = ProcessInfo.processInfo.environment["RACIMO_NETNS_HOSTS"], !fromEnvironment.isEmpty {
            guard fileManager.fileExists(atPath: fromEnvironment) else {
                throw NetnsClusterError.scriptNotFound([fromEnvironment])
            }
            return fromEnvironment
        }
        var tried: [String] = []
        for start in [URL(fileURLWithPath: sourceFile).deletingLastPathComponent(),
                      URL(fileURLWithPath: fileManager.currentDirectoryPath)]
        {
            var directory = start.standardizedFileURL
            while true {
                if fileManager.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
                    let candidate = directory.appendingPathComponent("scripts/netns/hosts").path
                    if fileManager.fileExists(atPath: candidate) { return candidate }
                    tried.append(candidate)
                    break
                }
                let parent = directory.deletingLastPathComponent()
                if parent.path == directory.path { break }
                directory = parent
            }
        }
        throw NetnsClusterError.scriptNotFound(tried)
    }

    // MARK: - Private

    private func checkHost(_ host: Int, _ arguments: [String]) throws {
        guard (1...hostCount).contains(host) else {
            throw NetnsClusterError.invalidArgument("no host h\(host) in cluster \(name) (1...\(hostCount))")
        }
        guard !arguments.isEmpty else { throw NetnsClusterError.invalidArgument("no command for h\(host)") }
    }
}
