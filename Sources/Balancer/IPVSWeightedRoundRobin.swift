/// IPVS `wrr` (`net/netfilter/ipvs/ip_vs_wrr.c`): passes over the list with a falling current
/// weight `cw`, from `mw` (max weight − (gcd − 1)) down by `di` (gcd of the weights) to 1, taking
/// every destination whose weight is `>= cw`. Weights 4, 3, 2 give A A B A B C A B C.
public struct IPVSWeightedRoundRobin: Scheduler {
    public var servers: [Server]
    /// `mark->cl`: last destination chosen, -1 for the list head.
    var cursor = -1
    /// `mark->cw`, `mark->mw`, `mark->di`.
    var currentWeight = 0, maxWeight = 0, step = 1

    public init(servers: [Server]) {
        self.servers = servers
        step = gcdWeight
        maxWeight = maxOfWeights - (step - 1)
        currentWeight = maxWeight
    }

    private var gcdWeight: Int {
        let g = servers.map(\.effectiveWeight).filter { $0 > 0 }.reduce(0) { a, b in
            var (x, y) = (a, b)
            while y != 0 { (x, y) = (y, x % y) }
            return x
        }
        return g == 0 ? 1 : g
    }

    private var maxOfWeights: Int { servers.map(\.effectiveWeight).max() ?? 0 }

    /// `ip_vs_wrr_dest_changed`: back to the head; keep `cw` where it was when still in range,
    /// rounded onto the new grid so the pass in progress is not repeated.
    public mutating func serversChanged() {
        cursor = -1
        step = gcdWeight
        maxWeight = maxOfWeights - (step - 1)
        if currentWeight > maxWeight || currentWeight == 0 {
            currentWeight = maxWeight
        } else if step > 1 {
            currentWeight = (currentWeight / step) * step + 1
        }
    }

    /// `ip_vs_wrr_schedule`, including its stop rule: after a restart, the last pass (cw ≤ di)
    /// ends at the destination the search started from.
    public mutating func pick(for request: RequestContext) -> ServerID? {
        guard maxWeight > 0 else { return nil }
        let last = cursor
        var position = cursor
        var stop: Int?
        var lastPass = false, restarted = false
        while true {
            var i = position + 1
            while i < servers.count {
                if servers[i].effectiveWeight >= currentWeight {
                    cursor = i
                    return servers[i].id
                }
                if i == stop { cursor = i; return nil }
                i += 1
            }
            position = -1
            currentWeight -= step
            if currentWeight <= 0 {
                currentWeight = maxWeight
                if lastPass || last == -1 { cursor = -1; return nil }
                restarted = true
            }
            lastPass = currentWeight <= step
            if lastPass && restarted && last != -1 { stop = last }
        }
    }
}
