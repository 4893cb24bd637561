import Foundation
import NIOConcurrencyHelpers

/// The processes whose home is this node: what `racimo ps` lists and `killall` signals.
public final class HomeTable: Sendable {
    struct Row {
        var entry: ProcessEntry
        var started: Date
        var signal: @Sendable (Int32) -> Void
        var lost: @Sendable (String) -> Void
        var migrate: @Sendable (PlacementChoice) -> Void
    }

    private struct State {
        var nextID: UInt64 = 1
        var rows: [UInt64: Row] = [:]
        /// Where and when this home's processes ended, for the last minute.
        var endings: [(node: String, at: Date)] = []
        var changed: (@Sendable () -> Void)?
    }

    private let state = NIOLockedValueBox(State())

    public init() {}

    /// Called (off the lock) whenever a process ends or moves, so the policy can act at once.
    public func onChange(_ body: @escaping @Sendable () -> Void) {
        state.withLockedValue { $0.changed = body }
    }

    /// How much of `node`'s gossiped load, read at `instant`, is this home's processes that
    /// have ended: all of one that ended after the reading, and for one that ended before it
    /// what the reading's decay (`decay` kept per `period` seconds) has not yet taken away.
    public func endedLoad(on node: String, readAt instant: Date, decay: Double = 0.6, period: Double = 0.5) -> Double {
        state.withLockedValue { state in
            state.endings.filter { $0.node == node }.reduce(0) { sum, ending in
                let since = instant.timeIntervalSince(ending.at)
                return sum + (since <= 0 ? 1 : pow(decay, since / period))
            }
        }
    }

    func newID() -> UInt64 {
        state.withLockedValue { state in
            defer { state.nextID += 1 }
            return state.nextID
        }
    }

    func add(_ entry: ProcessEntry, signal: @escaping @Sendable (Int32) -> Void, lost: @escaping @Sendable (String) -> Void,
             migrate: @escaping @Sendable (PlacementChoice) -> Void) {
        state.withLockedValue { $0.rows[entry.id] = Row(entry: entry, started: Date(), signal: signal, lost: lost, migrate: migrate) }
    }

    /// Asks the process `id` to move to `target`; false when there is no such process.
    @discardableResult
    public func migrate(_ id: UInt64, to target: PlacementChoice) -> Bool {
        // Counted on the target from now on, so that the next round does not send another
        // process after it to a node it would then crowd.
        let move = state.withLockedValue { state -> (@Sendable (PlacementChoice) -> Void)? in
            state.rows[id]?.entry.movingTo = target.node
            return state.rows[id]?.migrate
        }
        guard let move else { return false }
        move(target)
        return true
    }

    func update(_ id: UInt64, _ change: (inout ProcessEntry) -> Void) {
        state.withLockedValue { state in
            if var row = state.rows[id] {
                change(&row.entry)
                state.rows[id] = row
            }
        }
    }

    func remove(_ id: UInt64) {
        let changed = state.withLockedValue { state -> (@Sendable () -> Void)? in
            guard let row = state.rows.removeValue(forKey: id) else { return nil }
            return Self.recordEnding(on: row.entry.node, in: &state)
        }
        changed?()
    }

    /// The process `id` left `node`: its load there fades as an ended one's does.
    func departed(_ id: UInt64, from node: String) {
        let changed = state.withLockedValue { Self.recordEnding(on: node, in: &$0) }
        changed?()
    }

    /// Notes that a process's load left `node` now (kept a minute), and returns the policy's
    /// callback to run off the lock.
    private static func recordEnding(on node: String, in state: inout State) -> (@Sendable () -> Void)? {
        let now = Date()
        state.endings.removeAll { now.timeIntervalSince($0.at) > 60 }
        state.endings.append((node, now))
        return state.changed
    }

    /// Every row, with its running time filled in, ordered by id.
    public func entries(now: Date = Date()) -> [ProcessEntry] {
        state.withLockedValue { state in
            state.rows.values.sorted { $0.entry.id < $1.entry.id }.map { row in
                var entry = row.entry
                entry.seconds = now.timeIntervalSince(row.started)
                return entry
            }
        }
    }

    /// How many of this home's processes run on each node, counting those not yet started.
    public func placedCount() -> [String: Int] {
        state.withLockedValue { state in
            state.rows.values.reduce(into: [:]) { counts, row in counts[row.entry.movingTo ?? row.entry.node, default: 0] += 1 }
        }
    }

    /// Signals the rows `matching` chooses; returns how many.
    func signal(_ number: Int32, matching: (ProcessEntry) -> Bool) -> Int {
        let chosen = state.withLockedValue { state in state.rows.values.filter { matching($0.entry) }.map(\.signal) }
        for signal in chosen { signal(number) }
        return chosen.count
    }

    /// Tells every process running on `node` that the node is gone; returns how many.
    func lose(on node: String, reason: String) -> Int {
        let chosen = state.withLockedValue { state in state.rows.values.filter { $0.entry.node == node }.map(\.lost) }
        for lost in chosen { lost(reason) }
        return chosen.count
    }
}
