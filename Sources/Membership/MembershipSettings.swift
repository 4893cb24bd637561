/// The failure detector's knobs, with defaults tuned for a LAN of up to a few thousand nodes.
///
/// memberlist's LAN defaults (1 s probes, suspicion ×4) detect a crash in tens of seconds at
/// 1,000 nodes; Racimo's defaults aim at under 5 s at 1,000 nodes with 5 % loss and no false
/// deaths, the figures `scripts/bench/membership.sh` measures.
public struct MembershipSettings: Hashable, Sendable {
    /// One probe per this interval (SWIM's protocol period), scaled by the local health multiplier.
    public var probeInterval: Duration = .milliseconds(200)
    /// How long a direct probe waits for its ack before asking others to probe (SWIM §3.1).
    public var probeTimeout: Duration = .milliseconds(80)
    /// How many members are asked to probe indirectly (SWIM's k).
    public var indirectProbes: Int = 3
    /// Lifeguard's suspicion timeout: at least `suspicionMultiplier` × log10(N) probe intervals…
    public var suspicionMultiplier: Double = 3
    /// …and at most this many times that, shrinking as independent suspicions confirm it.
    public var suspicionMaxMultiplier: Double = 4
    /// Each update is piggybacked this many × log10(N+1) times (SWIM's λ).
    public var retransmitMultiplier: Int = 4
    /// A gossip message goes to `gossipFanout` members every `gossipInterval`.
    public var gossipInterval: Duration = .milliseconds(200)
    public var gossipFanout: Int = 3
    /// Members dead for less than this still get gossip, so a healed partition reconnects.
    public var gossipToTheDead: Duration = .seconds(120)
    /// For this long after a member held dead comes back, gossip to the dead goes to
    /// `gossipFanout` members a round instead of one.
    public var healingBoost: Duration = .seconds(10)
    /// Full state is exchanged with one random member this often (memberlist's push-pull).
    public var pushPullInterval: Duration = .seconds(30)
    /// Dead and left members are forgotten after this long.
    public var reapAfter: Duration = .seconds(600)
    /// Most gossip items piggybacked on one message…
    public var maxPiggyback: Int = 48
    /// …and most bytes they may take, so a message stays inside one 1,500-byte Ethernet frame
    /// with the frame header, tag, UDP and IP headers around it. After a partition heals every
    /// member is news at once, and this budget is what spreads it in seconds.
    public var maxPiggybackBytes: Int = 1200
    /// Other members' load vectors forwarded on each message (openMosix's random window).
    public var forwardedInfos: Int = 2
    /// Lifeguard's local health multiplier stops here (probe interval × (1 + LHM)).
    public var maxLocalHealth: Int = 8

    public init() {}
}
