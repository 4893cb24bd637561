/// The default `condor_status` layout (startd ads): one line per slot, then the totals table.
///
/// Columns follow `startdPFV_Normal` in `src/condor_status.V6/prettyPrint.cpp` for a terminal
/// under 100 columns (which swaps in the 12-wide `ActvtyTime`):
/// Name (-34: left-aligned in 34, never truncated — `FIT` only lets condor_status crop it to a
/// terminal's width, which piped or pure output does not do), OpSys (-10), Arch (-8), State (AUTO), Activity (-8),
/// LoadAv (`%.3f` in 6), Mem (`%6d`), then `ActvtyTime` joined without a space, `D+HH:MM:SS`
/// with days right-aligned in 3. condor_status turns off print-mask truncation
/// (`fixed_width_implies_truncate = false`), so long values push the rest of their line right.
///
/// The totals (`src/condor_status.V6/totals.cpp`, `StartdNormalTotal`) have one row per
/// `Arch/OpSys`, sorted, a blank line, and a `Total` row; the key column is right-aligned and at
/// least 14 wide (condor_status passes `MAX(14, longest key)` when not `-wide`). The columns are
/// `Total Owner Claimed Unclaimed Matched Preempting Drain Backfill BkIdle` — HTCondor 25's
/// order; older manuals show `Backfill  Drain` without BkIdle.
public enum CondorStatus {
    public static func render(_ slots: [SlotRow]) -> String {
        guard !slots.isEmpty else { return "" }
        let stateWidth = slots.reduce(5) { max($0, $1.state.rawValue.count) }
        let columns = [
            TextColumn(heading: "Name", width: -34),
            TextColumn(heading: "OpSys", width: -10),
            TextColumn(heading: "Arch", width: -8),
            TextColumn(heading: "State", width: -stateWidth),
            TextColumn(heading: "Activity", width: -8),
            TextColumn(heading: "LoadAv", width: 6),
            TextColumn(heading: "Mem", width: 6),
            TextColumn(heading: "  ActvtyTime", width: 12, noPrefix: true),
        ]
        var out = TextTable.heading(columns) + "\n\n"
        for slot in slots {
            out += TextTable.line(columns, [
                slot.name, slot.opSys, slot.arch, slot.state.rawValue, slot.activity,
                String(TextFormat.fixed(slot.loadAverage, decimals: 3).prefix(6)), String(slot.memoryMB),
                String(TextFormat.duration(slot.activitySeconds).prefix(12)),
            ]) + "\n"
        }
        return out + "\n" + totals(slots)
    }

    /// Counts per state, as `StartdNormalTotal::update` does.
    public struct Counts: Sendable, Hashable {
        public var total = 0, owner = 0, claimed = 0, unclaimed = 0, matched = 0
        public var preempting = 0, drained = 0, backfill = 0, backfillIdle = 0

        public mutating func add(_ slot: SlotRow) {
            var state = slot.state
            if slot.backfill {
                // Idle backfill slots are counted apart and not in the machine total.
                if state == .unclaimed { backfillIdle += 1; return }
                if state == .claimed { state = .backfill }
            }
            switch state {
            case .owner: owner += 1
            case .unclaimed: unclaimed += 1
            case .claimed: claimed += 1
            case .matched: matched += 1
            case .preempting: preempting += 1
            case .backfill: backfill += 1
            case .drained: drained += 1
            }
            total += 1
        }

        var line: String {
            [(total, 6), (owner, 5), (claimed, 7), (unclaimed, 9), (matched, 7), (preempting, 10),
             (drained, 6), (backfill, 8), (backfillIdle, 6)]
                .map { TextFormat.padded(String($0.0), $0.1) }.joined(separator: " ")
        }
    }

    /// The totals table alone (header, `Arch/OpSys` rows, blank line, `Total`).
    public static func totals(_ slots: [SlotRow]) -> String {
        var byKey: [String: Counts] = [:]
        var all = Counts()
        for slot in slots {
            byKey["\(slot.arch)/\(slot.opSys)", default: Counts()].add(slot)
            all.add(slot)
        }
        let keys = byKey.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        let keyWidth = keys.reduce(14) { max($0, $1.count) }
        let header = [("Total", 6), ("Owner", 5), ("Claimed", 7), ("Unclaimed", 9), ("Matched", 7),
                      ("Preempting", 10), ("Drain", 6), ("Backfill", 8), ("BkIdle", 6)]
            .map { TextFormat.padded($0.0, $0.1) }.joined(separator: " ")
        var out = String(repeating: " ", count: keyWidth) + header + "\n"
        for key in keys { out += TextFormat.padded(key, keyWidth) + byKey[key]!.line + "\n" }
        if !keys.isEmpty { out += "\n" }
        return out + TextFormat.padded("Total", keyWidth) + all.line + "\n"
    }
}
