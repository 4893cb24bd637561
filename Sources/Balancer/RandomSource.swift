/// Where randomized schedulers take their draws, so tests can state the draws.
public protocol RandomSource: Sendable {
    /// A number in `0..<upperBound` (`upperBound > 0`).
    mutating func next(below upperBound: Int) -> Int
}

/// The system generator, for production.
public struct SystemRandomSource: RandomSource {
    public init() {}
    public mutating func next(below upperBound: Int) -> Int { Int.random(in: 0..<upperBound) }
}

/// Replays fixed draws in a loop (each taken modulo the bound), for tests and simulations.
public struct ScriptedRandomSource: RandomSource {
    let draws: [Int]
    var position = 0
    public init(_ draws: [Int]) { self.draws = draws.isEmpty ? [0] : draws }
    public mutating func next(below upperBound: Int) -> Int {
        defer { position = (position + 1) % draws.count }
        return draws[position] % upperBound
    }
}
