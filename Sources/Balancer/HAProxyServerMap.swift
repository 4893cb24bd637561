/// HAProxy's server map for map-based algorithms (`static-rr`, and `source`/`uri`/`hdr` with the
/// default `hash-type map-based`): `recalc_server_map` in `src/lb_map.c`.
///
/// The map has one slot per unit of (gcd-reduced) weight. Each slot adds every usable server's
/// weight to its score and takes the one with the highest `(score + total) / total`, the first
/// declared on a tie, then takes `total` off the winner. Weights 4, 3, 2 give A B A B C A A B C.
struct HAProxyServerMap: Hashable, Sendable {
    /// Server indices, one per slot.
    var slots: [Int] = []

    /// `candidates` are indices into `servers` (active ones, or the backups when none is
    /// usable); `weights` are the weights to use (static-rr keeps the configured ones).
    init(candidates: [Int], weights: [Int]) {
        guard !candidates.isEmpty else { return }
        // `init_server_map` divides every weight by their gcd to keep the table small.
        let divisor = candidates.map { weights[$0] }.reduce(0) { a, b in
            var (x, y) = (a, b)
            while y != 0 { (x, y) = (y, x % y) }
            return x
        }
        let reduced = Dictionary(uniqueKeysWithValues: candidates.map { ($0, weights[$0] / max(1, divisor)) })
        let total = reduced.values.reduce(0, +)
        guard total > 0 else { return }
        var score = Dictionary(uniqueKeysWithValues: candidates.map { ($0, 0) })
        for _ in 0..<total {
            var best: Int?
            var highest = 0
            for i in candidates {
                score[i]! += reduced[i]!
                let v = (score[i]! + total) / total
                if best == nil || v > highest { highest = v; best = i }
            }
            slots.append(best!)
            score[best!]! -= total
        }
    }
}
