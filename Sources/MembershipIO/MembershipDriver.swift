import LinuxSupport
import Logging
import Membership
import RacimoCore
import Synchronization

/// Carries out the failure detector's actions: sends through the transport it is given, keeps
/// its timers, feeds it this node's readings, logs member changes. Decides nothing itself
/// (DESIGN.md, rule 4).
public final class MembershipDriver: Sendable {
    /// Sends a message to an address; the agent's frame service signs it and picks UDP, or TCP
    /// for push-pull.
    public typealias Transport = @Sendable (MembershipMessage, Endpoint) -> Void

    struct State {
        var detector: FailureDetector
        var timers: [FailureDetector.Timer: Instant] = [:]
        var load = LoadTracker()
        var skew: [NodeName: Int64] = [:]
        var skewWarned: [NodeName: Instant] = [:]
        /// What every reading starts from: roles, speed, flags, version.
        var template: NodeInfo
    }

    private let state: Mutex<State>
    private let transport: Mutex<Transport?>
    private let logger: Logger
    private let clock = ContinuousClock()
    private let origin: ContinuousClock.Instant
    let seeds: [Endpoint]

    /// Skew beyond this is logged and flagged in `racimo nodes` (the seeds ran NTP for this).
    public static let skewWarning: Int64 = 500

    public init(detector: FailureDetector, info: NodeInfo, seeds: [Endpoint], logger: Logger) {
        self.state = Mutex(State(detector: detector, template: info))
        self.transport = Mutex(nil)
        self.logger = logger
        self.origin = clock.now
        self.seeds = seeds
    }

    /// Now on the driver's monotonic timeline.
    public var now: Instant { Instant(clock.now - origin) }

    /// Sets where messages go; MUST be called before `start`.
    public func connect(_ transport: @escaping Transport) { self.transport.withLock { $0 = transport } }

    /// Arms the detector's timers and contacts the seeds.
    public func start() {
        let now = self.now
        sample(now: now)
        let actions = step { detector in detector.start(now: now) + detector.join(seeds: seeds, now: now) }
        perform(actions, reply: nil)
    }

    /// A membership message arrived in a verified frame sealed at `sentAt` by the sender's
    /// clock. `reply` delivers messages addressed back to `address` over the same connection
    /// (push-pull over TCP).
    public func received(
        _ message: MembershipMessage, from sender: NodeName, address: Endpoint, sentAt: WallClock,
        reply: ((MembershipMessage) -> Void)? = nil
    ) {
        let now = self.now
        // The frame's timestamp is the sender's clock at sending; on a LAN the transit is far
        // below the 500 ms that matters, so the difference is the skew.
        noteSkew(of: sender, offset: WallClock.millisecondsBetween(sentAt, WallClock(millisecondsSinceEpoch: HostInfo.wallClockMilliseconds())), now: now)
        let actions = step { $0.messageReceived(message, from: sender, address: address, now: now) }
        perform(actions, reply: reply.map { reply in (address, reply) })
    }

    /// Runs the timers and the readings until cancelled, then leaves the cluster.
    public func run() async {
        var nextSample = now
        while !Task.isCancelled {
            let now = self.now
            if now >= nextSample {
                sample(now: now)
                nextSample = now + .milliseconds(500)
            }
            let due = state.withLock { state -> [FailureDetector.Timer] in
                let due = state.timers.filter { $0.value <= now }.sorted { $0.value < $1.value }.map(\.key)
                for timer in due { state.timers[timer] = nil }
                return due
            }
            for timer in due {
                perform(step { $0.timerFired(timer, now: now) }, reply: nil)
            }
            try? await Task.sleep(for: .milliseconds(5))
        }
        let now = self.now
        perform(step { $0.leave(now: now) }, reply: nil)
        logger.info("left the cluster")
    }

    /// The LAN announce to multicast now.
    public var announcement: MembershipMessage { state.withLock { $0.detector.announcement } }

    /// Changes this node's control flags or speed (`racimo ctl`); peers hear of it with the
    /// next message this node sends. Returns the new reading.
    @discardableResult
    public func updateControl(_ change: (inout ControlFlags, inout Int) -> Void) -> NodeInfo {
        state.withLock { state in
            change(&state.template.flags, &state.template.speed)
            var info = state.detector.info
            info.flags = state.template.flags
            info.speed = state.template.speed
            info.sequence += 1
            state.detector.updateInfo(info)
            return state.detector.info
        }
    }

    /// This node's view: itself, then every member, with clock skews.
    public func view() -> MembershipView {
        state.withLock { state in
            MembershipView(
                myself: state.detector.myself, addresses: state.detector.addresses, incarnation: state.detector.incarnation,
                info: state.detector.info, members: state.detector.knownMembers, skew: state.skew, now: now,
                localHealth: state.detector.localHealth)
        }
    }

    private func sample(now: Instant) {
        // Readings: the run-queue and memory of this node (its cgroup when confined).
        let reading = NodeReadings.read()
        state.withLock { state in
            let (load, utilization) = state.load.reading(
                runnable: reading.runnable, cpuSeconds: reading.cpuSeconds, cpus: reading.cpus, at: now)
            var info = state.template
            info.sequence = UInt64(max(0, HostInfo.wallClockMilliseconds()))
            info.loadAverage = reading.loadAverage
            info.runQueueLoad = load
            info.cpus = reading.cpus
            info.memoryTotal = reading.memoryTotal
            info.memoryFree = reading.memoryFree
            info.cpuUtilization = utilization
            info.wallClock = WallClock(millisecondsSinceEpoch: HostInfo.wallClockMilliseconds())
            state.detector.updateInfo(info)
        }
    }

    private func noteSkew(of peer: NodeName, offset: Int64, now: Instant) {
        let warn = state.withLock { state -> Bool in
            state.skew[peer] = offset
            // Bounded by the members known: forget peers that are no longer members.
            if state.skew.count > 2 * max(16, state.detector.knownCount) {
                state.skew = state.skew.filter { state.detector.member($0.key) != nil }
                state.skewWarned = state.skewWarned.filter { state.detector.member($0.key) != nil }
            }
            guard abs(offset) > Self.skewWarning else { return false }
            if let last = state.skewWarned[peer], now - last < .seconds(60) { return false }
            state.skewWarned[peer] = now
            return true
        }
        if warn {
            logger.warning("clock skew over 500ms", metadata: ["peer": "\(peer)", "offset_ms": "\(offset)", "hint": "run NTP (chrony) on every node"])
        }
    }

    /// Runs one event on the detector and records the timers it sets, under one lock: two events
    /// handled at once on different threads cannot then store their timers out of order.
    private func step(_ event: (inout FailureDetector) -> [FailureDetector.Action]) -> [FailureDetector.Action] {
        state.withLock { state in
            let actions = event(&state.detector)
            for case .setTimer(let request) in actions { state.timers[request.key] = request.deadline }
            return actions
        }
    }

    private func perform(_ actions: [FailureDetector.Action], reply: (Endpoint, (MembershipMessage) -> Void)?) {
        let send = transport.withLock { $0 }
        for action in actions {
            switch action {
            case .send(let message, let destination):
                if let reply, reply.0 == destination {
                    reply.1(message)
                } else {
                    send?(message, destination)
                }
            case .setTimer:
                break  // recorded by `step`
            case .memberChanged(let change):
                let level: Logger.Level = change.to == .dead ? .warning : .info
                logger.log(level: level, "member \(change.to)", metadata: [
                    "member": "\(change.name)", "from": "\(change.from.map(\.description) ?? "new")",
                    "incarnation": "\(change.incarnation)", "reason": "\(change.reason)",
                ])
            }
        }
    }
}
