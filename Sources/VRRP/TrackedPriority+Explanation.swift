extension TrackedPriority {
    /// How the effective priority came about, tracker by tracker, for `racimo vrrp status`.
    public struct Explanation: Hashable, Sendable, CustomStringConvertible {
        /// One tracker's part.
        public struct Line: Hashable, Sendable {
            public var tracker: String
            public var kind: Tracker.Kind
            public var weight: Int
            public var reverse: Bool
            /// "up", "down", "unknown", or "value N" for a track_file.
            public var reading: String
            /// What it adds to the base (0 when it only faults or is ignored).
            public var delta: Int
            public var faults: Bool
            public var ignored: Tracker.Ignored?
        }

        public var base: UInt8
        public var lines: [Line]
        public var total: Int
        public var effective: UInt8

        /// Whether `total` fell outside 1…254 and was clamped.
        public var clamped: Bool { base != 255 && Int(effective) != total }

        /// One line: `base 100; chk (script, weight -20) down: -20; total 80 -> 80`.
        public var description: String {
            var parts = ["base \(base)"]
            for line in lines {
                let weight = "weight \(line.weight)\(line.reverse ? " reverse" : "")"
                let effect: String
                if let ignored = line.ignored {
                    effect = "ignored (\(ignored == .addressOwner ? "address owner" : "sync group"))"
                } else if line.faults {
                    effect = "FAULT"
                } else if line.weight == 0 {
                    effect = "ok"
                } else {
                    effect = line.delta >= 0 ? "+\(line.delta)" : "\(line.delta)"
                }
                parts.append("\(line.tracker) (\(line.kind.rawValue), \(weight)) \(line.reading): \(effect)")
            }
            parts.append(base == 255 ? "owner: 255" : "total \(total)" + (clamped ? ", clamped to \(effective)" : "") + " -> \(effective)")
            return parts.joined(separator: "; ")
        }
    }

    /// Each tracker's reading and contribution, the total and the effective priority.
    public var explanation: Explanation {
        let lines = trackers.map { tracker -> Explanation.Line in
            let reading: String = switch tracker.kind {
            case .file: "value \(tracker.value)"
            default: switch tracker.status {
                case .unknown: "unknown"
                case .up: "up"
                case .down: "down"
            }
            }
            let (delta, faults) = tracker.contribution
            return Explanation.Line(tracker: tracker.name, kind: tracker.kind, weight: tracker.weight,
                                    reverse: tracker.reverse, reading: reading,
                                    delta: base == 255 ? 0 : delta, faults: faults, ignored: tracker.ignored)
        }
        return Explanation(base: base, lines: lines, total: total, effective: effective)
    }
}
