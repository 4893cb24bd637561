import Membership
import RacimoCore

/// A whole cluster of failure detectors on one simulated network, in one process: seeded
/// packet loss and latency, partitions, links taken down, crashes and restarts. Deterministic
/// from its seed (DESIGN.md, "Pure core, thin shell").
public struct MembershipSimulation {
    public struct Node {
        public var detector: FailureDetector
        public var crashed = false
        var timers: [FailureDetector.Timer: Instant] = [:]
        public var sent = 0
        public var sentBytes = 0
    }

    enum Event {
        case deliver(to: Int, message: MembershipMessage, from: Int, address: Endpoint)
        case timer(node: Int, FailureDetector.Timer, Instant)
    }

    public private(set) var nodes: [Node] = []
    public private(set) var now = Instant.zero
    var events = EventQueue<Event>()
    var random: SeededRandom
    var owners: [Endpoint: (node: Int, link: Int)] = [:]
    /// addresses[node][link], made once: building strings per message would dominate a run.
    var addresses: [[Endpoint]] = []
    public let settings: MembershipSettings
    public let links: Int

    /// Probability that any one message is lost.
    public var loss: Double = 0
    /// One-way latency, drawn uniformly from this range.
    public var latency: ClosedRange<Duration> = .microseconds(100)...(.milliseconds(1))
    /// When set, messages between nodes on different sides are dropped.
    public var side: [Int]? = nil
    /// Links (node, link index) that drop everything sent to or from them.
    public var linksDown: Set<[Int]> = []
    /// Estimates a message's size on the wire; counts only when nil.
    public var sizeOf: ((MembershipMessage) -> Int)?
    /// Every member change, as (time, observer, change).
    public private(set) var changes: [(time: Instant, observer: Int, change: MemberChange)] = []
    public var recordChanges = true
    /// Called for each member change as it happens (time, observer, change).
    public var onChange: ((Instant, Int, MemberChange) -> Void)?

    public static func name(_ index: Int) -> NodeName { NodeName("n\(index)")! }
    public func address(_ index: Int, link: Int = 0) -> Endpoint { Endpoint(host: "10.213.\(link).\(index)", port: 9401) }

    /// `count` nodes, each with `links` addresses, all joining through node 0.
    public init(nodes count: Int, links: Int = 1, settings: MembershipSettings = .init(), seed: UInt64) {
        self.random = SeededRandom(seed: seed)
        self.settings = settings
        self.links = links
        for index in 0..<count {
            addresses.append((0..<links).map { address(index, link: $0) })
            for link in 0..<links { owners[address(index, link: link)] = (index, link) }
            nodes.append(Node(detector: makeDetector(index)))
        }
        for index in 0..<count {
            carryOut(nodes[index].detector.start(now: now), by: index)
            if index > 0 { join(index) }
        }
    }

    private mutating func makeDetector(_ index: Int) -> FailureDetector {
        FailureDetector(
            myself: Self.name(index), addresses: addresses[index],
            info: NodeInfo(cpus: 1, softwareVersion: "sim"), settings: settings, seed: random.next())
    }

    public mutating func join(_ index: Int, through seed: Int = 0) {
        carryOut(nodes[index].detector.join(seeds: [address(seed)], now: now), by: index)
    }

    /// Runs every event up to `time`.
    public mutating func run(until time: Instant) {
        while let due = events.nextTime, due <= time {
            let (at, event) = events.next()!
            now = at
            switch event {
            case .deliver(let to, let message, let from, let source):
                guard !nodes[to].crashed else { continue }
                let actions = nodes[to].detector.messageReceived(message, from: Self.name(from), address: source, now: now)
                carryOut(actions, by: to)
            case .timer(let node, let timer, let deadline):
                guard !nodes[node].crashed, nodes[node].timers[timer] == deadline else { continue }
                nodes[node].timers[timer] = nil
                carryOut(nodes[node].detector.timerFired(timer, now: now), by: node)
            }
        }
        now = max(now, time)
    }

    public mutating func run(for duration: Duration) { run(until: now + duration) }

    /// The node stops: no more messages or timers, as after `kill -9`.
    public mutating func crash(_ index: Int) {
        nodes[index].crashed = true
        nodes[index].timers = [:]
    }

    /// A crashed node starts again from nothing (incarnation 0) and joins through `seed`.
    public mutating func restart(_ index: Int, through seed: Int = 0) {
        nodes[index] = Node(detector: makeDetector(index))
        carryOut(nodes[index].detector.start(now: now), by: index)
        join(index, through: seed)
    }

    /// Graceful stop: the node's leave messages go out, then it is gone.
    public mutating func leave(_ index: Int) {
        carryOut(nodes[index].detector.leave(now: now), by: index)
        crash(index)
    }

    private mutating func carryOut(_ actions: [FailureDetector.Action], by index: Int) {
        for action in actions {
            switch action {
            case .send(let message, let destination):
                nodes[index].sent += 1
                if let sizeOf { nodes[index].sentBytes += sizeOf(message) }
                guard let (to, link) = owners[destination] else { continue }
                // A reply leaves over the link it is addressed on.
                let from = addresses[index][link]
                if linksDown.contains([to, link]) || linksDown.contains([index, link]) { continue }
                if let side, side[index] != side[to] { continue }
                if loss > 0, Double.random(in: 0..<1, using: &random) < loss { continue }
                let delay = Duration.nanoseconds(Int64.random(
                    in: latency.lowerBound.nanoseconds...latency.upperBound.nanoseconds, using: &random))
                events.schedule(.deliver(to: to, message: message, from: index, address: from), at: now + delay)
            case .setTimer(let request):
                nodes[index].timers[request.key] = request.deadline
                events.schedule(.timer(node: index, request.key, request.deadline), at: request.deadline)
            case .memberChanged(let change):
                if recordChanges { changes.append((now, index, change)) }
                onChange?(now, index, change)
            }
        }
    }

    /// What `observer` believes about `subject` now.
    public func status(of subject: Int, seenBy observer: Int) -> MemberStatus? {
        nodes[observer].detector.member(Self.name(subject))?.status
    }

    /// Live nodes whose view of `subject` is not `status`.
    public func nodes(notSeeing subject: Int, as status: MemberStatus) -> [Int] {
        nodes.indices.filter { $0 != subject && !nodes[$0].crashed && self.status(of: subject, seenBy: $0) != status }
    }

    public mutating func clearChanges() { changes.removeAll() }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
