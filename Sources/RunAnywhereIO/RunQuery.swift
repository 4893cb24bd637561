/// What the monitoring and control commands ask the local agent.
public enum RunQuery: Codable, Sendable, Equatable {
    /// `racimo ps`: processes started here (all of them for root, else the caller's).
    case processes
    /// `racimo killall NAME [-SIG]`: the caller's own processes whose program is NAME.
    case killAll(name: String, signal: Int32)
    /// `racimo ctl WORD [VALUE]`.
    case control(word: String, value: Int?)
    /// `racimo mon --json` and each refresh of `racimo mon`.
    case nodes
    /// `racimo migrate PROCESS NODE|home|balance`: PROCESS is the number `racimo ps` shows.
    case migrate(process: UInt64, to: String)
}

/// The agent's answer to a `RunQuery`.
public enum RunAnswer: Codable, Sendable, Equatable {
    case processes([ProcessEntry])
    case nodes([NodeEntry])
    /// Lines to print (ctl's words, killall's count).
    case text(String)
    case refused(String)
}

/// One process started from this home node, as `racimo ps` lists it.
public struct ProcessEntry: Codable, Sendable, Equatable {
    public var id: UInt64
    public var homePID: Int32
    public var uid: UInt32
    public var user: String
    public var command: String
    public var home: String
    public var node: String
    /// Its pid on `node`.
    public var pid: Int32
    public var migrations: Int
    public var state: String
    public var seconds: Double
    /// Why it stays where it is: a `StayReason` code, or nil.
    public var stays: String?
    public var placement: String
    public var cpuSeconds: Double = 0
    public var residentBytes: Int = 0
    /// How long its last move took, freeze to running again.
    public var lastMoveSeconds: Double?
    /// What happened to its last move, when it did not go as asked.
    public var note: String?
    /// While it moves: the node it is moving to (the policy counts it there already).
    public var movingTo: String?

    public init(id: UInt64, homePID: Int32, uid: UInt32, user: String, command: String, home: String, node: String,
                pid: Int32, migrations: Int, state: String, seconds: Double, stays: String?, placement: String) {
        self.id = id
        self.homePID = homePID
        self.uid = uid
        self.user = user
        self.command = command
        self.home = home
        self.node = node
        self.pid = pid
        self.migrations = migrations
        self.state = state
        self.seconds = seconds
        self.stays = stays
        self.placement = placement
    }
}

/// One node's reading for `racimo mon`.
public struct NodeEntry: Codable, Sendable, Equatable {
    public var name: String
    public var number: Int?
    public var up: Bool
    public var load: Double
    public var cpus: Int
    public var speed: Int
    public var memoryTotal: UInt64
    public var memoryFree: UInt64
    public var utilization: Double
    public var flags: [String]
    /// Processes of other homes running there, as this node knows of them.
    public var guests: Int

    public init(name: String, number: Int?, up: Bool, load: Double, cpus: Int, speed: Int, memoryTotal: UInt64,
                memoryFree: UInt64, utilization: Double, flags: [String], guests: Int) {
        self.name = name
        self.number = number
        self.up = up
        self.load = load
        self.cpus = cpus
        self.speed = speed
        self.memoryTotal = memoryTotal
        self.memoryFree = memoryFree
        self.utilization = utilization
        self.flags = flags
        self.guests = guests
    }
}
