import Foundation
import Jobs
import Logging
import NIOCore

/// The scheduler role (HTCondor's schedd and negotiator in one): the durable queue, the
/// execute nodes connected to it, and the `JobQueue` state machine between them.
///
/// Everything runs on one serial queue (`engine`): events from startd connections, client
/// requests and the clock are handed to the state machine one at a time, and its actions are
/// carried out in order, each `.persist` written and synced before what follows it.
public final class Schedd: @unchecked Sendable {
    public struct Settings: Sendable {
        /// This schedd's name and address, for `racimo q`'s header and the event log.
        public var name: String
        public var address: String
        /// Whether root may queue jobs (off: "jobs run as the submitting user, never silently as root").
        public var allowRootJobs: Bool
        /// How long a node whose connection dropped may take to come back before its jobs run
        /// elsewhere. Membership's verdict of "dead" does not wait for it.
        public var nodeLossGrace: Double
        /// How long runs found in the database after a restart wait for their node.
        public var reconnectGrace: Int64
        /// The `FileSystemDomain` of jobs submitted here (HTCondor's FILESYSTEM_DOMAIN): they
        /// run on execute nodes of the same domain, which share their files.
        public var fileSystemDomain: String

        public init(name: String, address: String, allowRootJobs: Bool = false, nodeLossGrace: Double = 10, reconnectGrace: Int64 = 20,
                    fileSystemDomain: String = "racimo") {
            self.name = name
            self.address = address
            self.allowRootJobs = allowRootJobs
            self.nodeLossGrace = nodeLossGrace
            self.reconnectGrace = reconnectGrace
            self.fileSystemDomain = fileSystemDomain
        }
    }

    public let settings: Settings
    let engine = DispatchQueue(label: "racimo.schedd")
    let store: any JobStore
    let security: JobChannelSecurity
    let eventLog: UserLogWriter
    let logger: Logger
    // Confined to `engine`.
    var queue: JobQueue
    var connections: [String: Channel] = [:]
    var pendingLoss: [String: DispatchWorkItem] = [:]
    private var ticker: DispatchSourceTimer?

    public init(store: any JobStore, policy: any MatchPolicy, settings: Settings, security: JobChannelSecurity,
                eventLog: UserLogWriter, logger: Logger) throws {
        self.store = store
        self.settings = settings
        self.security = security
        self.eventLog = eventLog
        self.logger = logger
        queue = JobQueue(policy: policy, reconnectGrace: settings.reconnectGrace)
        let (jobs, _) = try store.load()
        queue.recover(jobs, now: Self.now())
        logger.info("queue loaded", metadata: [
            "jobs": "\(jobs.count)", "idle": "\(queue.idleCount)", "running": "\(queue.runningCount)",
        ])
    }

    static func now() -> Int64 { Int64(Date().timeIntervalSince1970) }

    /// Starts the one-second housekeeping tick (reconnect deadlines).
    public func start() {
        engine.async { [self] in
            let timer = DispatchSource.makeTimerSource(queue: engine)
            timer.schedule(deadline: .now() + 1, repeating: 1)
            timer.setEventHandler { [self] in apply { $0.tick(now: $1) } }
            timer.resume()
            ticker = timer
        }
    }

    public func stop() {
        engine.sync {
            ticker?.cancel()
            for channel in connections.values { channel.close(promise: nil) }
        }
    }

    /// Runs `event` on the state machine and carries out its actions. MUST be called on `engine`.
    func apply(_ event: (inout JobQueue, Int64) -> [JobQueue.Action]) {
        dispatchPrecondition(condition: .onQueue(engine))
        perform(event(&queue, Self.now()))
    }

    /// Carries out actions in order. A write that fails leaves the durable queue behind the
    /// one in memory, and nothing that depends on it may happen: the schedd stops, and its
    /// restart reloads what is on disk (HTCondor's schedd does the same on a failed commit).
    func perform(_ actions: [JobQueue.Action]) {
        for action in actions {
            switch action {
            case .persist(let records):
                do {
                    try store.save(records)
                } catch {
                    logger.critical("cannot write the job queue; stopping so that a restart reloads it", metadata: ["error": "\(error)"])
                    exit(1)
                }
            case .start(let job, let node):
                send(.start(job), to: node)
            case .kill(let run, let node):
                send(.kill(run), to: node)
            case .log(let job, let entry):
                eventLog.append(entry, for: job, now: Self.now(), host: settings.address)
            }
        }
    }

    func send(_ message: JobMessage, to node: String) {
        guard let channel = connections[node] else { return }
        do {
            channel.writeAndFlush(try security.seal(message), promise: nil)
        } catch {
            logger.error("cannot encode a jobs message", metadata: ["error": "\(error)"])
        }
    }
}
