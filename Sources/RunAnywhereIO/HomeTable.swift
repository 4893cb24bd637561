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
    }

    private let state = NIOLockedValueBox(State())

    public init() {}

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
        guard let move = state.withLockedValue({ $0.rows[id]?.migrate }) else { return false }
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
        state.withLockedValue { _ = $0.rows.removeValue(forKey: id) }
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
            state.rows.values.reduce(into: [:]) { counts, row in counts[row.entry.node, default: 0] += 1 }
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
