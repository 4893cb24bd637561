/// Where `racimo run` asks for its process to go (mosrun's target options).
public enum PlacementRequest: Codable, Sendable, Equatable {
    /// The best node now, by the placement policy (mosrun's default).
    case best
    /// The home node (`-h`).
    case home
    /// This node, by name or `openmosix.map` number.
    case node(String)
    /// The best of these nodes (`-j1,4-6`), by map number or name.
    case among([String])
}

/// What starts a placed process. The client fills the command, directory, environment and
/// placement; the home agent overwrites identity (from SO_PEERCRED), home and id, so no
/// client can choose whom its process runs as.
public struct RunStart: Codable, Sendable, Equatable {
    /// The program's absolute path first, then its arguments.
    public var argv: [String]
    public var directory: String
    public var environment: [String]
    public var placement: PlacementRequest
    /// May the policy move it later (`-l`, the default) or is it locked (`-L`)?
    public var locked: Bool
    public var uid: UInt32 = 0
    public var gid: UInt32 = 0
    public var groups: [UInt32] = []
    public var user: String = ""
    public var home: String = ""
    /// The `racimo run` process on the home node: its deputy, the pid a user signals.
    public var homePID: Int32 = 0
    /// The home's number for this process (what `racimo ps` and `migrate` name).
    public var id: UInt64 = 0
    /// The accepting node's challenge, echoed.
    public var nonce: [UInt8] = []
    /// A fresh nonce of the home's, which the `started` reply echoes.
    public var homeNonce: [UInt8] = []
    /// Set when this start brings back a checkpointed process instead of a new one.
    public var restore: DumpInfo?
    /// How many times it has moved so far.
    public var migrations = 0

    public init(argv: [String], directory: String, environment: [String], placement: PlacementRequest = .best, locked: Bool = false) {
        self.argv = argv
        self.directory = directory
        self.environment = environment
        self.placement = placement
        self.locked = locked
    }
}

/// The process runs: where, under which pid there, and why that node.
public struct RunStarted: Codable, Sendable, Equatable {
    public var node: String
    public var pid: Int32
    public var id: UInt64
    public var reason: String
    public var nonce: [UInt8]

    public init(node: String, pid: Int32, id: UInt64, reason: String = "", nonce: [UInt8] = []) {
        self.node = node
        self.pid = pid
        self.id = id
        self.reason = reason
        self.nonce = nonce
    }
}

/// How the process ended, as wait4(2) told it on the node that ran it.
public struct RunExit: Codable, Sendable, Equatable {
    public var code: Int32?
    public var signal: Int32?
    /// Set when the process did not end by itself (its node died, the home went away).
    public var reason: String?
    public var cpuSeconds: Double

    public init(code: Int32?, signal: Int32?, reason: String? = nil, cpuSeconds: Double = 0) {
        self.code = code
        self.signal = signal
        self.reason = reason
        self.cpuSeconds = cpuSeconds
    }

    /// The status a shell would report: the code, or 128 + the signal.
    public var shellStatus: Int32 {
        if let code { return code }
        return 128 + (signal ?? 9)
    }
}

/// A running process's state, as the node running it sees it each second.
public struct RunStatus: Codable, Sendable, Equatable {
    /// A `StayReason` code, or nil when nothing keeps it from moving.
    public var stays: String?
    /// CPU time of its process group so far.
    public var cpuSeconds: Double
    /// Resident memory of its process group.
    public var residentBytes: Int

    public init(stays: String?, cpuSeconds: Double, residentBytes: Int) {
        self.stays = stays
        self.cpuSeconds = cpuSeconds
        self.residentBytes = residentBytes
    }
}

/// What a restore needs besides the image: the process's pid (CRIU restores it), the
/// inodes of the pipes it had (to put the new node's pipes in their place), and the
/// standard input it had not read yet, which went down with the old pipe.
public struct DumpInfo: Codable, Sendable, Equatable {
    /// The name under which `resend` travels with the image files.
    public static let unreadInputFile = "racimo-unread-stdin"

    public var pid: Int32
    public var pipes: [UInt64]
    public var resend: [UInt8]
    public var cpuSeconds: Double
    /// Seconds the process was frozen before the image was complete.
    public var dumpSeconds: Double
    /// The home had closed its standard input: the new node closes it after `resend`.
    public var stdinClosed = false
    /// The move's image id (`MoveOrder.image`): the image waits under it on the target, and
    /// on the node it left, until a start with this info asks for it.
    public var image = ""
    /// The image reached the target; if not, `pushProblem` says why, and the process is
    /// restored where it was.
    public var pushed = false
    public var pushProblem: String?

    public init(pid: Int32, pipes: [UInt64], resend: [UInt8], cpuSeconds: Double, dumpSeconds: Double) {
        self.pid = pid
        self.pipes = pipes
        self.resend = resend
        self.cpuSeconds = cpuSeconds
        self.dumpSeconds = dumpSeconds
    }
}
