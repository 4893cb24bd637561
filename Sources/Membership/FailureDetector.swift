import RacimoCore

/// SWIM failure detection and dissemination with the Lifeguard refinements, as a pure state
/// machine (Das, Gupta, Motivala, "SWIM", DSN 2002; Dadgar, Phillips, Currey, "Lifeguard",
/// 2018; the shape of HashiCorp memberlist).
///
/// Every protocol period the node probes one member, in a round-robin order reshuffled each
/// pass (SWIM §4.3, time-bounded completeness), over every link the member announced; a member
/// that answers on no link is probed indirectly through `indirectProbes` others, then suspected.
/// Suspicions time out into deaths unless the member refutes them with a higher incarnation.
/// Every message piggybacks the sender's own `alive` claim and load vector, forwarded load
/// vectors of others (openMosix's information window) and queued updates.
///
/// Deviations from the papers, all for partition healing: messages to members believed dead
/// (gossip to the dead) and replies to members believed dead carry that belief, so both sides
/// refute at first contact; a member that refutes its own death asks for a full push-pull.
///
/// The driver MUST call `start(now:)` once, then feed every received message, every expired
/// timer and every local reading, and carry out the returned actions in order.
public struct FailureDetector: Sendable {
    public let myself: NodeName
    public private(set) var addresses: [Endpoint]
    public internal(set) var incarnation: Incarnation = .zero
    public let settings: MembershipSettings

    var members: [NodeName: Member] = [:]
    /// Load vectors apart from `members`: they change on almost every message, and updating
    /// them should not copy a whole member each time.
    var infos: [NodeName: (info: NodeInfo, receivedAt: Instant)] = [:]
    /// Every key of `members`, for O(1) random picks.
    var memberNames: [NodeName] = []
    /// Members whose status is alive or suspect.
    var reachableCount = 0
    /// Members dead or left, for gossip to the dead without scanning every member.
    var downNames: [NodeName] = []
    var random: SeededRandom
    var localInfo: NodeInfo
    var queue = GossipQueue()
    var suspicions: [NodeName: Suspicion] = [:]
    /// Lifeguard's local health multiplier (§IV.A): 0 when healthy, up to `maxLocalHealth`.
    public internal(set) var localHealth = 0
    var nextSequence: UInt32 = 1
    var probeOrder: [NodeName] = []
    var probeIndex = 0
    var probe: ProbeRound?
    var relays: [UInt32: Relay] = [:]
    var seeds: [Endpoint] = []
    var lastHint: [NodeName: Instant] = [:]
    var lastRejoin: Instant?
    /// When a member held dead last came back, or this node was last declared dead: the signs
    /// of a healed partition, which make gossip to the dead go to several members a round.
    var lastRevival: Instant?
    /// Where the last round of gossip to the dead stopped in `downNames`.
    var deadCursor = 0
    /// Set while handling a message that declared this node dead.
    var rejoinRequested = false
    /// Push-pull exchanges still due at one-second intervals after rejoining.
    var rejoinExchanges = 0
    var leaving = false

    public init(myself: NodeName, addresses: [Endpoint], info: NodeInfo, settings: MembershipSettings = .init(), seed: UInt64) {
        self.myself = myself
        self.addresses = addresses
        self.settings = settings
        self.random = SeededRandom(seed: seed)
        self.localInfo = info
    }

    /// Arms the periodic timers, spread at random over one period so that nodes started together
    /// do not probe in lockstep. MUST be called once, before any other event.
    public mutating func start(now: Instant) -> [Action] {
        var actions: [Action] = []
        actions.append(.setTimer(TimerRequest(.probe, at: now + jitter(settings.probeInterval))))
        actions.append(.setTimer(TimerRequest(.gossip, at: now + jitter(settings.gossipInterval))))
        actions.append(.setTimer(TimerRequest(.pushPull, at: now + pushPullInterval)))
        return actions
    }

    /// Contacts the seeds with a full-state push-pull; repeated every push-pull period while
    /// this node knows no live member, so a node started before its seeds still joins.
    public mutating func join(seeds: [Endpoint], now: Instant) -> [Action] {
        var actions: [Action] = []
        self.seeds = seeds.filter { !addresses.contains($0) }
        for seed in self.seeds {
            actions.append(.send(.pushPull(members: snapshot(), isReply: false), to: seed))
        }
        return actions
    }

    /// Replaces this node's load vector; it travels on the next messages. Its sequence is kept
    /// if higher than the last one (the driver seeds it from the wall clock, so a restarted node's
    /// readings are fresher than those it sent before), else made one higher.
    public mutating func updateInfo(_ info: NodeInfo) {
        var info = info
        info.sequence = max(info.sequence, localInfo.sequence + 1)
        localInfo = info
    }

    /// This node's own current load vector, as sent.
    public var info: NodeInfo { localInfo }

    /// What a node multicasts to be found on its LAN (openMosix's omdiscd): its alive claim and
    /// load vector. Whoever hears it adds the node and probes it, which introduces them both.
    public var announcement: MembershipMessage {
        .gossip([.alive(myself, incarnation, addresses: addresses), .info(myself, localInfo)])
    }

    /// Every member this node knows, itself excluded, by name.
    public var knownMembers: [Member] { members.keys.sorted().compactMap(member) }

    /// How many members this node knows (any status).
    public var knownCount: Int { members.count }

    /// A member with its latest load vector.
    public func member(_ name: NodeName) -> Member? {
        guard var member = members[name] else { return nil }
        if let entry = infos[name] {
            member.info = entry.info
            member.infoReceivedAt = entry.receivedAt
        }
        return member
    }

    /// Live members plus this node: the N of SWIM's formulas.
    var clusterSize: Int { reachableCount + 1 }

    /// memberlist's scaling: push-pull grows slower than the cluster beyond 32 nodes.
    var pushPullInterval: Duration {
        let n = Double(clusterSize)
        guard n > 32 else { return settings.pushPullInterval }
        let multiplier = (Logarithm.natural(n) - Logarithm.natural(32)) / Logarithm.ln2
        return settings.pushPullInterval * (1 + multiplier.rounded(.up))
    }

    var retransmitLimit: Int {
        settings.retransmitMultiplier * Int(Logarithm.decimal(Double(clusterSize + 1)).rounded(.up))
    }

    mutating func jitter(_ span: Duration) -> Duration {
        span * Double.random(in: 0..<1, using: &random)
    }

    mutating func takeSequence() -> UInt32 {
        defer { nextSequence &+= 1 }
        return nextSequence
    }
}
