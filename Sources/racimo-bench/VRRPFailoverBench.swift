import Foundation
import NIOCore
import NIOPosix
import RacimoCore
import RacimoTestKit
import Synchronization

/// `racimo-bench vrrp failover|responder|probe …`: how long a client goes without an answer
/// from the VIP when the master's daemon is killed -9 or stopped, for racimo and for Debian's
/// keepalived in the same run (scripts/bench/vrrp-failover.sh).
///
/// Three netns hosts: h1 and h2 are the directors (priority 150 and 100, one VIP), h3 is the
/// client. h1 and h2 each run a UDP responder that answers with its host name; h3 probes
/// VIP:port every 10 ms and logs each answer with its arrival time. A daemon killed -9 cannot
/// take its VIP off h1, so h1 keeps answering until h2's gratuitous ARP reaches h3: the
/// failover time is from the signal to h3's first answer from h2.
struct VRRPFailoverBench {
    enum Implementation: String, CaseIterable {
        case racimo, keepalived
    }

    struct Scenario {
        var name: String
        var version: Int
        var interval: String
        var graceful: Bool
        var advert: Duration { .milliseconds(Int64((Double(interval)! * 1000).rounded())) }

        static let all = [
            Scenario(name: "v3_100ms_kill9", version: 3, interval: "0.1", graceful: false),
            Scenario(name: "v2_1s_kill9", version: 2, interval: "1", graceful: false),
            Scenario(name: "v2_1s_term", version: 2, interval: "1", graceful: true),
        ]
    }

    /// One failover, timed from the signal to h1's daemon.
    struct Sample {
        /// Until h3's first answer from h2.
        var failover: Double
        /// Until h2's first advert as master (heard on the bridge).
        var election: Double?
        /// Until h1's priority-0 advert (graceful stop only).
        var priorityZero: Double?
        /// From h1's last advert to the signal: how far into an interval the master died.
        var phase: Double?
    }

    /// One director's daemon: its PID, and keepalived's VRRP child.
    struct Daemon {
        var pid: Int32
        var child: Int32?
    }

    enum Failure: Error, CustomStringConvertible {
        case notSettled(String)
        case noFailover(String)
        var description: String {
            switch self {
            case .notSettled(let why): "h1 did not settle as master: \(why)"
            case .noFailover(let why): "h2 never answered: \(why)"
            }
        }
    }

    let racimo: String
    let keepalived: String
    let hosts: NetnsCluster
    let folder: String
    let recorder: AdvertRecorder
    let probes: ProbeLog
    let me: String
    var vip: String { "10.213.\(hosts.subnet).200" }
    var verbose = true
    /// Leaves the daemons' logs (appended run after run) in `folder` at the end.
    var keepLogs = false

    init(racimo: String, keepalived: String, clusterName: String?) throws {
        for binary in [racimo, keepalived] where !FileManager.default.isExecutableFile(atPath: binary) {
            throw NetnsClusterError.invalidArgument("\(binary) is not an executable (build racimo; apt-get install keepalived)")
        }
        self.racimo = racimo
        self.keepalived = keepalived
        me = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        hosts = try NetnsCluster(hosts: 3, name: clusterName)
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("vrrp-bench-\(hosts.name)").path
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            recorder = try AdvertRecorder(interface: "\(hosts.name)-br")
            probes = ProbeLog(path: "\(folder)/probe.log")
        } catch {
            hosts.down()
            throw error
        }
    }

    func address(of host: Int) -> IPAddress { IPAddress(parsing: hosts.address(of: host))! }

    mutating func run(runs: Int, scenarios: [Scenario]) throws {
        defer {
            recorder.stop()
            hosts.down()
            if keepLogs {
                log("logs kept in \(folder)")
            } else {
                try? FileManager.default.removeItem(atPath: folder)
            }
        }
        for host in 1...2 {
            _ = try hosts.spawn(on: host, [me, "vrrp", "responder", "--name", "h\(host)", "--port", "\(VRRPBench.port)"],
                                log: "\(folder)/responder\(host).log")
        }
        _ = try hosts.spawn(on: 3, [me, "vrrp", "probe", "--target", vip, "--port", "\(VRRPBench.port)", "--interval-ms", "10"],
                            log: "\(folder)/probe.log")
        log("cluster \(hosts.name), VIP \(vip), racimo \(racimo), keepalived \(keepalived)")
        for scenario in scenarios {
            var samples: [Implementation: [Sample]] = [:]
            var ratios: [Double] = []
            for round in 0..<runs {
                // A B B A …: each implementation goes first in every other round.
                let order: [Implementation] = round % 2 == 0 ? [.racimo, .keepalived] : [.keepalived, .racimo]
                var thisRound: [Implementation: Double] = [:]
                for implementation in order {
                    let sample = try measure(implementation, scenario, label: "round \(round + 1)")
                    samples[implementation, default: []].append(sample)
                    thisRound[implementation] = sample.failover
                }
                ratios.append(thisRound[.racimo]! / thisRound[.keepalived]!)
            }
            for implementation in Implementation.allCases {
                let list = samples[implementation] ?? []
                let times = list.map(\.failover)
                let prefix = "vrrp_failover_\(scenario.name)_\(implementation.rawValue)"
                print("figure: \(prefix)_p50: \(format(median(times))) s")
                print("figure: \(prefix)_max: \(format(times.max() ?? 0)) s")
                let elections = list.compactMap(\.election)
                print("figure: \(prefix)_backup_master_advert_p50: \(format(median(elections))) s")
                let afterElection = list.compactMap { sample in sample.election.map { sample.failover - $0 } }
                print("figure: \(prefix)_advert_to_answer_p50: \(format(median(afterElection))) s")
                if scenario.graceful {
                    print("figure: \(prefix)_priority0_advert_p50: \(format(median(list.compactMap(\.priorityZero)))) s")
                }
            }
            print("figure: vrrp_failover_\(scenario.name)_ratio_median: \(format(median(ratios)))")
        }
    }

    /// Starts both directors fresh, waits until h1 is master and answers h3, signals h1's
    /// daemon, and waits for h3's first answer from h2. Tries up to three times.
    func measure(_ implementation: Implementation, _ scenario: Scenario, label: String) throws -> Sample {
        var attempt = 0
        while true {
            attempt += 1
            var daemons: [Int: Daemon] = [:]
            defer { stop(daemons) }
            do {
                try prepare()
                let started = ContinuousClock.now
                daemons[1] = try start(implementation, scenario, on: 1, priority: 150)
                daemons[2] = try start(implementation, scenario, on: 2, priority: 100)
                try waitUntilSettled(scenario, since: started)
                // Right after one of h1's adverts: the worst case, a whole Master_Down_Interval
                // to wait. A random point in the interval would add up to one interval of noise
                // (a whole second with advert_int 1) to each run and hide the implementations'
                // own difference.
                let lastAdvert = waitForNextAdvert(from: address(of: 1), timeout: scenario.advert * 3)
                let killedAt = ContinuousClock.now
                let killedUptime = VRRPBench.uptime
                interrupt(daemons[1]!, graceful: scenario.graceful)
                guard let answer = waitForAnswer(from: "h2", after: killedUptime, timeout: .seconds(20)) else {
                    throw Failure.noFailover(logs())
                }
                let election = recorder.firstAdvert(from: address(of: 2), after: killedAt).map { ($0 - killedAt).seconds }
                let zero = recorder.adverts.first { $0.time >= killedAt && $0.source == address(of: 1) && $0.priority == 0 }
                let sample = Sample(
                    failover: answer - killedUptime, election: election,
                    priorityZero: scenario.graceful ? zero.map { ($0.time - killedAt).seconds } : nil,
                    phase: lastAdvert.map { (killedAt - $0).seconds })
                log("\(scenario.name) \(label) \(implementation.rawValue): failover \(format(sample.failover)) s"
                    + ", h2 master advert after \(sample.election.map(format) ?? "-") s"
                    + (sample.priorityZero.map { ", h1 priority 0 after \(format($0)) s" } ?? "")
                    + ", killed \(sample.phase.map(format) ?? "-") s after h1's last advert")
                return sample
            } catch {
                log("\(scenario.name) \(label) \(implementation.rawValue): attempt \(attempt) failed: \(error)")
                if attempt >= 3 { throw error }
            }
        }
    }

    /// No VIP anywhere, no ARP entry for it on the client: each run starts from scratch.
    func prepare() throws {
        for host in 1...2 {
            _ = try hosts.run(on: host, ["ip", "addr", "del", "\(vip)/16", "dev", "eth0"], timeout: .seconds(10))
        }
        _ = try hosts.run(on: 3, ["ip", "neigh", "flush", "to", vip, "dev", "eth0"], timeout: .seconds(10))
    }

    func configuration(_ scenario: Scenario, priority: Int) -> String {
        """
        vrrp_instance VI_1 {
            state BACKUP
            interface eth0
            virtual_router_id 51
            priority \(priority)
            advert_int \(scenario.interval)
            version \(scenario.version)
            virtual_ipaddress {
                \(vip)/16
            }
        }

        """
    }

    func start(_ implementation: Implementation, _ scenario: Scenario, on host: Int, priority: Int) throws -> Daemon {
        let name = "\(implementation.rawValue)-h\(host)"
        let config = "\(folder)/\(name).conf"
        try configuration(scenario, priority: priority).write(toFile: config, atomically: true, encoding: .utf8)
        switch implementation {
        case .racimo:
            let pid = try hosts.spawn(on: host, [racimo, "vrrp", "-f", config, "--status-file", "\(folder)/\(name).json"],
                                      log: "\(folder)/\(name).log")
            return Daemon(pid: pid)
        case .keepalived:
            let pidFile = "\(folder)/\(name).pid"
            let childFile = "\(folder)/\(name)-vrrp.pid"
            try? FileManager.default.removeItem(atPath: pidFile)
            try? FileManager.default.removeItem(atPath: childFile)
            // -R: a VRRP child killed -9 is not respawned (the parent is killed right after it).
            let pid = try hosts.spawn(on: host, [keepalived, "-n", "-l", "-D", "-P", "-R", "-f", config,
                                                 "-p", pidFile, "-r", childFile],
                                      log: "\(folder)/\(name).log")
            var child: Int32?
            _ = pollUntil(timeout: .seconds(10), interval: .milliseconds(10)) {
                child = (try? String(contentsOfFile: childFile, encoding: .utf8))
                    .flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
                return child != nil
            }
            guard child != nil else {
                hosts.kill(pid: pid, signal: SIGKILL)
                throw Failure.notSettled("keepalived on h\(host) wrote no VRRP child PID\n\(logs())")
            }
            return Daemon(pid: pid, child: child)
        }
    }

    /// kill -9 hits the process that runs VRRP (keepalived's VRRP child: killing only its
    /// parent would make the child stop gracefully); graceful stop is SIGTERM to the daemon,
    /// as `systemctl stop` sends it.
    func interrupt(_ daemon: Daemon, graceful: Bool) {
        if graceful {
            hosts.kill(pid: daemon.pid, signal: SIGTERM)
        } else {
            if let child = daemon.child { hosts.kill(pid: child, signal: SIGKILL) }
            hosts.kill(pid: daemon.pid, signal: SIGKILL)
        }
    }

    /// SIGTERM, 5 s, then SIGKILL, for whatever is still running; then the VIP is removed.
    func stop(_ daemons: [Int: Daemon]) {
        for daemon in daemons.values {
            hosts.kill(pid: daemon.pid, signal: SIGTERM)
        }
        for daemon in daemons.values {
            if hosts.waitForExit(pid: daemon.pid, timeout: .seconds(5)) == nil {
                hosts.kill(pid: daemon.pid, signal: SIGKILL)
                _ = hosts.waitForExit(pid: daemon.pid, timeout: .seconds(5))
            }
            if let child = daemon.child {
                if !pollUntil(timeout: .seconds(5), interval: .milliseconds(20), { !isAlive(child) }) {
                    hosts.kill(pid: child, signal: SIGKILL)
                }
            }
        }
    }

    /// Until h1 advertises as master, h2 is quiet (a backup), and h3's last answers came from
    /// h1 (its ARP entry for the VIP points at h1); then one more interval, so h2 has timed its
    /// down timer from h1's adverts for a while.
    func waitUntilSettled(_ scenario: Scenario, since start: ContinuousClock.Instant) throws {
        let advert = scenario.advert
        let (h1, h2) = (address(of: 1), address(of: 2))
        let startUptime = VRRPBench.uptime
        var why = "no advert from h1"
        let settled = pollUntil(timeout: .seconds(30), interval: .milliseconds(20)) {
            let now = ContinuousClock.now
            let heard = recorder.adverts.filter { $0.time >= start && $0.priority > 0 }
            let fromH1 = heard.filter { $0.source == h1 }
            guard fromH1.count >= 3, let last = fromH1.last, now - last.time < advert * 2 else {
                why = "h1 sent \(fromH1.count) adverts"
                return false
            }
            if let lastH2 = heard.last(where: { $0.source == h2 }), now - lastH2.time < advert * 4 {
                why = "h2 advertised recently"
                return false
            }
            let answers = probes.answers(after: startUptime)
            guard answers.count >= 5, answers.suffix(5).allSatisfy({ $0.host == "h1" }),
                  VRRPBench.uptime - answers.last!.time < 0.05
            else {
                why = "h3 gets \(answers.suffix(5).map(\.host)) from the VIP"
                return false
            }
            return true
        }
        guard settled else { throw Failure.notSettled("\(why)\n\(logs())") }
        Thread.sleep(forTimeInterval: advert.seconds)
        if holdsVIP(2) { throw Failure.notSettled("h2 holds the VIP too\n\(logs())") }
    }

    /// Waits until the bridge hears a new advert from `source`; returns its arrival time.
    func waitForNextAdvert(from source: IPAddress, timeout: Duration) -> ContinuousClock.Instant? {
        let before = recorder.adverts.last { $0.source == source }?.time
        var heard: ContinuousClock.Instant?
        _ = pollUntil(timeout: timeout, interval: .milliseconds(1)) {
            heard = recorder.adverts.last { $0.source == source }?.time
            return heard != nil && heard != before
        }
        return heard
    }

    /// The arrival time of h3's first answer from `host` after `uptime`.
    func waitForAnswer(from host: String, after uptime: Double, timeout: Duration) -> Double? {
        var found: Double?
        _ = pollUntil(timeout: timeout, interval: .milliseconds(5)) {
            found = probes.answers(after: uptime).first { $0.host == host }?.time
            return found != nil
        }
        return found
    }

    func holdsVIP(_ host: Int) -> Bool {
        let result = try? hosts.run(on: host, ["ip", "-o", "-4", "addr", "show", "dev", "eth0"], timeout: .seconds(5))
        return result?.stdout.contains(" \(vip)/") ?? false
    }

    /// The daemons' logs of the last run, for a failure message.
    func logs() -> String {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasSuffix(".log") && !$0.hasPrefix("probe") }.sorted().map { name in
            let text = (try? String(contentsOfFile: "\(folder)/\(name)", encoding: .utf8)) ?? ""
            return "--- \(name) (last lines)\n" + text.split(separator: "\n").suffix(15).joined(separator: "\n")
        }.joined(separator: "\n")
    }

    func log(_ text: String) {
        if verbose { FileHandle.standardOutput.write(Data("run: \(text)\n".utf8)) }
    }
}

/// h3's prober log, read as it grows: each answer's arrival time and who sent it.
