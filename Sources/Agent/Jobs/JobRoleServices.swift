import Foundation
import Jobs
import JobsIO
import LinuxSupport
import Logging
import RacimoCore

/// Builds the scheduler and execute roles' parts from the configuration, before anything
/// starts: a queue that cannot be opened stops the agent with exit 1.
enum JobRoleServices {
    struct Scheduler {
        var schedd: Schedd
        var server: ScheddServer
    }

    static func make(configuration: AgentConfiguration, keyRing: KeyRing) throws -> (schedd: Scheduler?, startd: Startd?) {
        let security = JobChannelSecurity(node: configuration.nodeName, keyRing: keyRing)
        var scheduler: Scheduler?
        if let role = configuration.scheduler {
            do {
                let folder = (role.database as NSString).deletingLastPathComponent
                if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
                let store = try SQLiteJobStore(path: role.database)
                let address = configuration.addresses.first.map { "<\($0.host):\(role.listen.port)>" } ?? "<\(role.listen)>"
                let utcOffset = TimeZone.current.secondsFromGMT()
                let eventLog = UserLogWriter { entry, job, now, host in
                    entry.logText(for: job, scheddHost: host, now: now, utcOffset: utcOffset)
                }
                let schedd = try Schedd(
                    store: store, policy: ClassAdMatchPolicy(),
                    settings: Schedd.Settings(
                        name: configuration.nodeName.rawValue, address: address, allowRootJobs: role.allowRootJobs,
                        nodeLossGrace: Double(role.nodeLossGrace.components.seconds)
                            + Double(role.nodeLossGrace.components.attoseconds) / 1e18,
                        fileSystemDomain: role.fileSystemDomain),
                    security: security, eventLog: eventLog, logger: Logger(label: "schedd"))
                scheduler = Scheduler(
                    schedd: schedd, server: ScheddServer(schedd: schedd, listen: role.listen, socketPath: role.socket, logger: Logger(label: "schedd")))
            } catch {
                throw AgentRunner.StartupFailure(description: "scheduler: cannot open the queue \(role.database): \(error)", exitCode: 1)
            }
        }
        var startd: Startd?
        if let role = configuration.execute {
            let reading = NodeReadings.read()
            let name = configuration.nodeName.rawValue
            let machine = MachineAd(
                name: name, address: "<\(configuration.addresses.first.map { "\($0.host):\($0.port)" } ?? "127.0.0.1")>",
                resources: Resources(
                    cpus: role.cpus ?? max(1, reading.cpus), memoryMB: role.memoryMB ?? Int(reading.memoryTotal >> 20),
                    diskKiB: role.diskKiB ?? Self.freeDiskKiB()),
                fileSystemDomain: role.fileSystemDomain, uidDomain: role.uidDomain, start: role.start,
                speed: Double(configuration.speed) / 10000)
            let racimo = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
            // Jobs' cgroups live under racimo/<node>-<agent pid>: unique even when test hosts of
            // two clusters share names, and a later agent can tell (and end) the jobs of one
            // that was killed before it could.
            let reaped = MemoryCgroup.reapStale(under: "racimo", prefix: name)
            if reaped > 0 { Logger(label: "startd").warning("ended jobs left by an earlier agent", metadata: ["processes": "\(reaped)"]) }
            startd = Startd(
                machine: machine, scheduler: role.scheduler, security: security,
                starter: Starter(racimo: racimo, cgroupParent: "racimo/\(name)-\(HostInfo.processID)", allowRoot: role.allowRootJobs),
                logger: Logger(label: "startd"))
        }
        return (scheduler, startd)
    }

    static func freeDiskKiB() -> Int {
        let attributes = try? FileManager.default.attributesOfFileSystem(forPath: NSTemporaryDirectory())
        return ((attributes?[.systemFreeSize] as? NSNumber)?.intValue ?? (10 << 30)) / 1024
    }
}
