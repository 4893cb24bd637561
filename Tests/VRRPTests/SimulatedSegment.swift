import RacimoCore

@testable import VRRP

/// A multicast segment of VRRP routers on one seeded timeline: adverts arrive after a random
/// latency, timers fire at their deadlines (a replaced or cancelled one never does), and a test
/// can crash, restore, gracefully stop and partition routers between runs.
///
/// It is the driver the machines are written for, minus the sockets: it carries out every
/// action in order and decides nothing.
struct SimulatedSegment {
    struct Node {
        var settings: VirtualRouter.Settings
        var router: VirtualRouter
        var alive = false
        /// Bumped on every crash, so that timers of an earlier life never fire.
        var incarnation = 0
        var armed: [VirtualRouter.Timer: Instant] = [:]
        var side = 0

        var name: String { settings.name }
        var address: IPAddress { settings.primaryAddress }
    }

    struct Transition: Hashable, CustomStringConvertible {
        var at: Instant
        var node: String
        var from: VirtualRouter.State
        var to: VirtualRouter.State
        var reason: VirtualRouter.TransitionReason
        var description: String { "\(at) \(node) \(from)->\(to) \(reason)" }
    }

    struct Delivery {
        var at: Instant
        var from: Int
        var to: Int
        var priority: UInt8
    }

    private enum Event {
        case deliver(Advertisement, from: Int, to: Int)
        case timer(node: Int, incarnation: Int, VirtualRouter.Timer, deadline: Instant)
    }

    private struct Scheduled {
        var time: Instant
        var sequence: Int
        var event: Event
    }

    var nodes: [Node]
    private(set) var now: Instant = .zero
    private var queue: [Scheduled] = []
    private var sequence = 0
    private var random: SeededRandom
    /// One-way latency, in microseconds.
    private let latency: ClosedRange<Int64>

    private(set) var transitions: [Transition] = []
    private(set) var conflicts: [(at: Instant, node: String, conflict: VirtualRouter.Conflict)] = []
    private(set) var deliveries: [Delivery] = []
    /// Periods during which two or more live routers were master.
    private(set) var overlaps: [(start: Instant, end: Instant)] = []
    private var overlapStart: Instant?

    init(_ settings: [VirtualRouter.Settings], seed: UInt64, latencyMicroseconds: ClosedRange<Int64> = 50...500) {
        nodes = settings.map { Node(settings: $0, router: VirtualRouter(settings: $0)) }
        random = SeededRandom(seed: seed)
        latency = latencyMicroseconds
    }

    func index(_ name: String) -> Int { nodes.firstIndex { $0.name == name }! }

    func state(_ name: String) -> VirtualRouter.State {
        let node = nodes[index(name)]
        return node.alive ? node.router.state : .initialize
    }

    var masters: [String] { nodes.filter { $0.alive && $0.router.state == .master }.map(\.name) }

    /// A random instant in [now, now + span), for staggered start-ups.
    mutating func jitter(_ span: Duration) -> Duration {
        let micro = VRRPTiming.microseconds(span)
        return .microseconds(Int64.random(in: 0..<max(micro, 1), using: &random))
    }

    // MARK: what a test does to the routers

    mutating func start(_ name: String) {
        let i = index(name)
        nodes[i].router = VirtualRouter(settings: nodes[i].settings)
        nodes[i].alive = true
        apply(i, nodes[i].router.start(now: now))
    }

    /// The router dies without a word: no priority 0, its addresses vanish with it.
    mutating func crash(_ name: String) {
        let i = index(name)
        nodes[i].alive = false
        nodes[i].incarnation += 1
        nodes[i].armed = [:]
        observeMasters()
    }

    /// `keepalived stop`: priority 0 goes out, then the process is gone.
    mutating func stop(_ name: String) {
        let i = index(name)
        apply(i, nodes[i].router.shutdown(now: now))
        crash(name)
    }

    /// Puts routers on two sides of a cut; adverts cross only between nodes on the same side.
    mutating func partition(_ names: [String]) {
        for name in names { nodes[index(name)].side = 1 }
    }

    mutating func heal() {
        for i in nodes.indices { nodes[i].side = 0 }
    }

    mutating func run(until end: Instant) {
        while let next = queue.first, next.time <= end {
            queue.removeFirst()
            now = next.time
            handle(next.event)
        }
        now = end
    }

    // MARK: the driver

    private mutating func handle(_ event: Event) {
        switch event {
        case .deliver(let advert, let from, let to):
            guard nodes[to].alive else { return }
            deliveries.append(Delivery(at: now, from: from, to: to, priority: advert.priority))
            apply(to, nodes[to].router.receive(advert, from: nodes[from].address, now: now))
        case .timer(let i, let incarnation, let timer, let deadline):
            // A replaced deadline, or one from a previous life, never fires.
            guard nodes[i].alive, nodes[i].incarnation == incarnation, nodes[i].armed[timer] == deadline else { return }
            nodes[i].armed[timer] = nil
            apply(i, nodes[i].router.timerFired(timer, now: now))
        }
    }

    private mutating func apply(_ i: Int, _ actions: [VirtualRouter.Action]) {
        for action in actions {
            switch action {
            case .send(let advert):
                for j in nodes.indices where j != i && nodes[j].alive && nodes[j].side == nodes[i].side {
                    schedule(.deliver(advert, from: i, to: j), at: now + .microseconds(Int64.random(in: latency, using: &random)))
                }
            case .setTimer(let request):
                nodes[i].armed[request.key] = request.deadline
                schedule(.timer(node: i, incarnation: nodes[i].incarnation, request.key, deadline: request.deadline), at: request.deadline)
            case .transition(let from, let to, let reason):
                transitions.append(Transition(at: now, node: nodes[i].name, from: from, to: to, reason: reason))
            case .conflict(let conflict):
                conflicts.append((now, nodes[i].name, conflict))
            case .addAddresses, .removeAddresses, .announceAddresses, .discarded, .warning, .priorityChanged:
                break
            }
        }
        observeMasters()
    }

    private mutating func schedule(_ event: Event, at time: Instant) {
        sequence += 1
        let entry = Scheduled(time: time, sequence: sequence, event: event)
        let position = queue.firstIndex { ($0.time, $0.sequence) > (time, sequence) } ?? queue.endIndex
        queue.insert(entry, at: position)
    }

    private mutating func observeMasters() {
        let count = masters.count
        if count >= 2, overlapStart == nil {
            overlapStart = now
        } else if count < 2, let start = overlapStart {
            overlaps.append((start, now))
            overlapStart = nil
        }
    }

    /// The last advert `to` received from `from` at or before `instant`.
    func lastDelivery(from: String, to: String, before instant: Instant, priorityAbove: UInt8 = 0) -> Instant? {
        let (f, t) = (index(from), index(to))
        return deliveries.last { $0.from == f && $0.to == t && $0.at <= instant && $0.priority > priorityAbove }?.at
    }

    func transitions(of name: String) -> [Transition] { transitions.filter { $0.node == name } }
}
