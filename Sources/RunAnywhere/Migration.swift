/// Why a migration was proposed, in the order the policy considers them.
public enum MigrationReason: Hashable, Sendable {
    /// The current node is expelling its guests (`mosctl expel`).
    case expel
    /// The home node calls its processes back (`mosctl bring`).
    case bring
    /// The source node was short of memory (MOSIX memory ushering).
    case memoryUshering
    /// The load per reference CPU drops by `gain`, more than `cost` plus hysteresis.
    case loadBalance(gain: Double, cost: Double)
}

/// One proposed move of a running process.
public struct Migration: Hashable, Sendable {
    public var process: ProcessID
    public var from: NodeName
    public var to: NodeName
    public var reason: MigrationReason

    public init(process: ProcessID, from: NodeName, to: NodeName, reason: MigrationReason) {
        self.process = process
        self.from = from
        self.to = to
        self.reason = reason
    }

    /// One line for people, e.g. for `racimo ps` or a log.
    public var explanation: String {
        let move = "process \(process) \(from) -> \(to)"
        switch reason {
        case .expel: return "\(move): \(from) expels its guests"
        case .bring: return "\(move): home brings its processes back"
        case .memoryUshering: return "\(move): \(from) is short of memory (ushering)"
        case .loadBalance(let gain, let cost):
            return "\(move): load gain \(fixed2(gain)) exceeds cost \(fixed2(cost)) plus hysteresis"
        }
    }
}
