/// The name of a cluster node as membership knows it. Ordered by its text so that
/// every tie in the policy is broken the same way on every node.
public struct NodeName: Hashable, Comparable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public static func < (a: NodeName, b: NodeName) -> Bool { a.rawValue < b.rawValue }
    public var description: String { rawValue }
}

/// A node's control flags, the ones openMosix's `mosctl` sets.
///
/// `mosctl expel` and `mosctl bring` "imply block / lstay" (mosctl(1)); the derived
/// properties below apply those implications so callers need not set both.
public struct NodeFlags: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// `mosctl block`: accept no guest processes.
    public static let block = NodeFlags(rawValue: 1 << 0)
    /// `mosctl lstay`: processes started here stay here (no automatic migration away).
    public static let lstay = NodeFlags(rawValue: 1 << 1)
    /// `mosctl stay`: like `lstay` but for every process on the node, guests included.
    public static let stay = NodeFlags(rawValue: 1 << 2)
    /// `mosctl quiet`: the node stops gossiping its load. Its reading is stale, so the
    /// policy sends it no guests (it may still run its own processes).
    public static let quiet = NodeFlags(rawValue: 1 << 3)
    /// `mosctl expel`: send every guest back to its home node (implies `block`).
    public static let expel = NodeFlags(rawValue: 1 << 4)
    /// `mosctl bring`: call this node's own processes home (implies `lstay`).
    public static let bring = NodeFlags(rawValue: 1 << 5)

    /// True unless `block`, `expel` or `quiet` is set.
    public var acceptsGuests: Bool { isDisjoint(with: [.block, .expel, .quiet]) }
    /// True when the node's own processes must not be moved away automatically.
    public var keepsLocalsHome: Bool { !isDisjoint(with: [.lstay, .stay, .bring]) }
}

/// One node's reading as membership gossips it (MOSIX's "window to the world" entry).
///
/// Load is normalised the way MOSIX did (`load × STD_SPD / cpu_speed`), here also divided
/// by the CPU count: `speed` uses openMosix's `mosctl setspeed` scale with
/// ``referenceSpeed`` (10000) meaning one reference CPU, so a node of speed 20000 and
/// 1 CPU has the same capacity as a node of speed 10000 and 2 CPUs.
public struct NodeLoad: Hashable, Sendable {
    /// The speed of the reference CPU (MOSIX `STD_SPD`).
    public static let referenceSpeed = 10_000

    public var name: NodeName
    /// Number of CPUs; values below 1 are treated as 1.
    public var cpus: Int
    /// `mosctl setspeed` value; values below 1 are treated as 1.
    public var speed: Int
    /// Runnable load: processes wanting CPU (a CPU-bound process counts as one).
    public var runnable: Double
    /// Free memory in bytes.
    public var freeMemory: Int
    /// Total memory in bytes.
    public var totalMemory: Int
    public var flags: NodeFlags
    /// False when membership considers the node down or unreachable.
    public var reachable: Bool

    public init(name: NodeName, cpus: Int = 1, speed: Int = NodeLoad.referenceSpeed, runnable: Double = 0,
                freeMemory: Int, totalMemory: Int, flags: NodeFlags = [], reachable: Bool = true) {
        self.name = name
        self.cpus = cpus
        self.speed = speed
        self.runnable = runnable
        self.freeMemory = freeMemory
        self.totalMemory = totalMemory
        self.flags = flags
        self.reachable = reachable
    }

    /// Capacity in reference CPUs: `cpus × speed / 10000`, never zero.
    public var capacity: Double {
        Double(max(cpus, 1)) * Double(max(speed, 1)) / Double(NodeLoad.referenceSpeed)
    }

    /// Load per reference CPU after adding `extra` runnable processes:
    /// `(runnable + extra) / cpus / (speed / 10000)`.
    public func normalizedLoad(adding extra: Double = 0) -> Double {
        max(runnable + extra, 0) / capacity
    }

    /// True when `bytes` more would leave less than `reserve` free: the node would page.
    public func wouldPage(adding bytes: Int, reserve: Int) -> Bool {
        freeMemory < bytes + reserve
    }
}
