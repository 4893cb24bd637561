import Testing
@testable import Membership
import RacimoCore

// The vocabulary of the FailureDetector tests: a few named peers on one LAN (one of them with a
// second link), instants in milliseconds from a manual timeline, and actions projected to what
// a test asserts (message kind, sequence, target, destination), leaving the piggybacked gossip
// to the tests that are about gossip.

/// A member of the simulated cluster as the machine under test sees it.
struct Peer {
    let name: NodeName
    let addresses: [Endpoint]
    var address: Endpoint { addresses[0] }

    init(_ name: String, _ hosts: String...) {
        self.name = NodeName(name)!
        self.addresses = hosts.map { Endpoint(host: $0, port: 7946) }
    }
}

let me = NodeName("me")!
let myAddress = Endpoint(host: "10.0.0.1", port: 7946)
let alpha = Peer("alpha", "10.0.0.2")
let bravo = Peer("bravo", "10.0.0.3")
let charlie = Peer("charlie", "10.0.0.4")
let delta = Peer("delta", "10.0.0.5")
let echo = Peer("echo", "10.0.0.6")
/// A peer on two links (Heartbeat's two media): a LAN and a crossover network.
let twoLinks = Peer("twolinks", "10.0.0.7", "10.1.0.7")

/// The instant `milliseconds` after the origin of the test's timeline.
func at(_ milliseconds: Int64) -> Instant { Instant(.milliseconds(milliseconds)) }

/// The settings every test's timings are computed from, fixed here so that tuning the
/// defaults (for the simulated thousand-node figures) does not move these tests.
let testSettings: MembershipSettings = {
    var settings = MembershipSettings()
    settings.probeInterval = .milliseconds(200)
    settings.probeTimeout = .milliseconds(80)
    settings.suspicionMultiplier = 3
    settings.suspicionMaxMultiplier = 4
    return settings
}()

func makeDetector(settings: MembershipSettings = testSettings, info: NodeInfo = NodeInfo(), seed: UInt64 = 7) -> FailureDetector {
    FailureDetector(myself: me, addresses: [myAddress], info: info, settings: settings, seed: seed)
}

/// An action with the gossip left out: what was sent to whom, which timer, which change.
enum Step: Hashable, CustomStringConvertible {
    case ping(UInt32, target: NodeName, to: Endpoint)
    case ack(UInt32, to: Endpoint)
    case pingRequest(UInt32, target: NodeName, to: Endpoint)
    case nack(UInt32, to: Endpoint)
    case gossip(to: Endpoint)
    case pushPull(reply: Bool, to: Endpoint)
    case timer(FailureDetector.Timer, at: Instant)
    case changed(NodeName, from: MemberStatus?, to: MemberStatus, incarnation: Incarnation, reason: String)

    var description: String {
        switch self {
        case .ping(let s, let t, let e): "ping(\(s), \(t)) -> \(e)"
        case .ack(let s, let e): "ack(\(s)) -> \(e)"
        case .pingRequest(let s, let t, let e): "pingRequest(\(s), \(t)) -> \(e)"
        case .nack(let s, let e): "nack(\(s)) -> \(e)"
        case .gossip(let e): "gossip -> \(e)"
        case .pushPull(let r, let e): "pushPull(reply: \(r)) -> \(e)"
        case .timer(let t, let d): "timer \(t) \(d)"
        case .changed(let n, let f, let t, let i, let r): "\(n): \(f.map(\.description) ?? "new") -> \(t) @\(i) \(r)"
        }
    }
}

extension FailureDetector.Action {
    var step: Step {
        switch self {
        case .send(let message, let to):
            switch message {
            case .ping(let sequence, let target, _): .ping(sequence, target: target, to: to)
            case .ack(let sequence, _): .ack(sequence, to: to)
            case .pingRequest(let sequence, let target, _, _): .pingRequest(sequence, target: target, to: to)
            case .nack(let sequence, _): .nack(sequence, to: to)
            case .gossip: .gossip(to: to)
            case .pushPull(_, let isReply): .pushPull(reply: isReply, to: to)
            }
        case .setTimer(let request):
            .timer(request.key, at: request.deadline)
        case .memberChanged(let change):
            .changed(change.name, from: change.from, to: change.to, incarnation: change.incarnation, reason: change.reason)
        }
    }
}

extension [FailureDetector.Action] {
    var steps: [Step] { map(\.step) }

    /// The messages sent, in order, with their destinations.
    var sent: [(message: MembershipMessage, to: Endpoint)] {
        compactMap { if case .send(let message, let to) = $0 { (message, to) } else { nil } }
    }

    /// Every message sent to `address`.
    func messages(to address: Endpoint) -> [MembershipMessage] {
        sent.filter { $0.to == address }.map(\.message)
    }

    var changes: [MemberChange] {
        compactMap { if case .memberChanged(let change) = $0 { change } else { nil } }
    }

    var timers: [TimerRequest<FailureDetector.Timer>] {
        compactMap { if case .setTimer(let request) = $0 { request } else { nil } }
    }

    /// The names pinged by these actions (a probe pings one name on each of its links).
    var pinged: [NodeName] {
        sent.compactMap { if case .ping(_, let target, _) = $0.message { target } else { nil } }
    }
}

extension FailureDetector {
    /// Makes `peer` known as alive at `incarnation` the way it happens on the wire: a message
    /// from it carrying its own alive claim.
    @discardableResult
    mutating func hear(from peer: Peer, incarnation: Incarnation = .zero, now: Instant = .zero) -> [Action] {
        messageReceived(.gossip([.alive(peer.name, incarnation, addresses: peer.addresses)]), from: peer.name, address: peer.address, now: now)
    }

    /// `sender` gossips `claims` to us.
    @discardableResult
    mutating func gossip(_ claims: Gossip..., from sender: Peer, now: Instant) -> [Action] {
        messageReceived(.gossip(claims), from: sender.name, address: sender.address, now: now)
    }

    /// `peer` pings us (as it probes us), from its first address.
    mutating func pinged(by peer: Peer, sequence: UInt32 = 900, now: Instant) -> [Action] {
        messageReceived(.ping(sequence: sequence, target: me, gossip: []), from: peer.name, address: peer.address, now: now)
    }

    /// The status this node holds about `peer`, nil when it does not know it.
    func status(of peer: Peer) -> MemberStatus? { member(peer.name)?.status }
}

extension MembershipMessage {
    /// Our own alive claim, as every message we send carries it.
    var selfClaim: Gossip? {
        piggyback.first { if case .alive(me, _, _) = $0 { true } else { false } }
    }
}
