/// One node as `racimo mon` draws it.
public struct MonitorRow: Hashable, Sendable {
    /// The node's number in the cluster map, when it has one; shown under its bar.
    public var number: Int?
    public var name: NodeName
    /// Normalised load: 1.0 is one reference CPU fully used (mosmon's "load unit").
    public var load: Double
    public var cpus: Int
    /// `mosctl setspeed` scale: 10000 is one reference CPU.
    public var speed: Int
    /// Bytes.
    public var memoryTotal: Int
    /// Bytes.
    public var memoryFree: Int
    /// Fraction of time spent running processes, 0...1 (mosmon's "utilizability").
    public var utilization: Double
    public var flags: NodeFlags
    /// False when the node is down or unreachable.
    public var up: Bool

    public init(number: Int?, name: NodeName, load: Double, cpus: Int = 1, speed: Int = NodeLoad.referenceSpeed,
                memoryTotal: Int, memoryFree: Int, utilization: Double, flags: NodeFlags = [], up: Bool = true) {
        self.number = number
        self.name = name
        self.load = load
        self.cpus = cpus
        self.speed = speed
        self.memoryTotal = memoryTotal
        self.memoryFree = memoryFree
        self.utilization = utilization
        self.flags = flags
        self.up = up
    }

    /// What the chart writes under the bar: the number, or the name for unnumbered nodes.
    var label: String { number.map(String.init) ?? name.rawValue }
}

/// What the chart shows, switched by mosmon's one-letter keys (mosmon(1): `l` load, the
/// default; `s` speed and CPU count; `m` memory; `u` utilizability). mosmon's `r` (raw
/// memory) has no counterpart: Racimo gossips one memory figure.
public enum MonitorView: CaseIterable, Hashable, Sendable {
    case load, speed, memory, utilization

    /// The view mosmon's key selects, or nil for any other key.
    public init?(key: Character) {
        guard let view = MonitorView.allCases.first(where: { $0.key == key }) else { return nil }
        self = view
    }

    /// The key that selects this view.
    public var key: Character {
        switch self {
        case .load: return "l"
        case .speed: return "s"
        case .memory: return "m"
        case .utilization: return "u"
        }
    }

    /// The header's name of the view, with its unit where the numbers need one.
    var title: String {
        switch self {
        case .load: return "load"
        case .speed: return "speed"
        case .memory: return "memory MB"
        case .utilization: return "utilization %"
        }
    }
}
