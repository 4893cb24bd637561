/// Why a node was not considered for a process.
public enum SkipReason: Hashable, Sendable {
    case unreachable
    case refusesGuests
    case wouldPage
}

/// Why ``PlacementPolicy/choose(for:among:home:)`` picked its node.
public enum DecisionReason: Hashable, Sendable {
    /// The node had the lowest load per reference CPU after adding the process.
    case leastLoaded(normalizedLoad: Double)
    /// The process is locked to its home (`mosrun -L`).
    case pinned
    /// The home node keeps its own processes home (`lstay`, `stay` or `bring`).
    case homeKeepsLocals
    /// Every node would page or is excluded; the process runs at home anyway.
    case noRoom
}

/// A placement decision with its explanation, so `racimo ps` can say why.
public struct Decision: Hashable, Sendable {
    public struct Skip: Hashable, Sendable {
        public var node: NodeName
        public var reason: SkipReason
        public init(node: NodeName, reason: SkipReason) {
            self.node = node
            self.reason = reason
        }
    }

    public var node: NodeName
    public var reason: DecisionReason
    /// Nodes left out and why, ordered by name.
    public var skipped: [Skip]

    public init(node: NodeName, reason: DecisionReason, skipped: [Skip]) {
        self.node = node
        self.reason = reason
        self.skipped = skipped
    }

    /// One line for people.
    public var explanation: String {
        var text: String
        switch reason {
        case .leastLoaded(let load):
            text = "\(node): least loaded after placement (\(fixed2(load)) per reference CPU)"
        case .pinned: text = "\(node): locked to its home node"
        case .homeKeepsLocals: text = "\(node): home keeps local processes home (lstay)"
        case .noRoom: text = "\(node): no node has room without paging, kept home"
        }
        if !skipped.isEmpty {
            let parts = skipped.map { "\($0.node) \(describe($0.reason))" }
            text += "; skipped " + parts.joined(separator: ", ")
        }
        return text
    }

    private func describe(_ reason: SkipReason) -> String {
        switch reason {
        case .unreachable: return "(unreachable)"
        case .refusesGuests: return "(accepts no guests)"
        case .wouldPage: return "(would page)"
        }
    }
}

/// Formats with two decimals without Foundation; the policy must stay pure.
func fixed2(_ value: Double) -> String {
    guard value.isFinite else { return String(value) }
    let hundredths = Int((abs(value) * 100).rounded())
    let fraction = hundredths % 100
    let sign = value < 0 && hundredths != 0 ? "-" : ""
    return "\(sign)\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
}
