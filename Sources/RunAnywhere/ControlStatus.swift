/// What `racimo ctl` prints for `status` and the `get…` queries, after openMosix's mosctl.
///
/// mosctl(1) lists `status`, `getload`, `getspeed`, `getmem`, `getfree`, `getutil`; the seed
/// chapter says `status` tells whether the node takes incoming migrations, lets processes
/// leave, blocks them all, is up, and spreads its load. mosctl's exact wording was not
/// found in the sources reachable here (one user transcript shows "Node #(null) is not
/// configured" for a node outside the map), so the sentences are Racimo's own, one fact a
/// line. The `get…` outputs are bare integers, one per line, so scripts can read them.
public enum ControlStatus {
    /// `racimo ctl status` for one node. `number` is nil for a node outside the map.
    public static func status(number: Int?, name: NodeName, flags: NodeFlags, up: Bool,
                              guests: Int, locals: Int) -> String {
        guard let number else {
            return "Node \(name) is not configured: it has no number in the cluster map.\n"
        }
        let node = "Node #\(number) (\(name))"
        guard up else { return "\(node) is down: its status is unknown.\n" }
        var out = "\(node) is up.\nThis node is currently:\n"
        for fact in facts(flags) { out += "  " + fact + "\n" }
        out += "It runs \(count(guests, "guest process", "guest processes")) and "
            + "\(count(locals, "local process", "local processes")).\n"
        return out
    }

    /// One sentence per mosctl switch, in mosctl(1)'s order: stay, lstay, block, quiet.
    public static func facts(_ flags: NodeFlags) -> [String] {
        var facts: [String] = []
        if flags.contains(.stay) {
            facts.append("stay: no process migrates away automatically")
        } else if flags.keepsLocalsHome {
            facts.append(flags.contains(.bring) ? "bring: calling its own processes home, and keeping them here (lstay)"
                                                : "lstay: local processes stay here; guests may move on")
        } else {
            facts.append("letting processes migrate away automatically")
        }
        if flags.contains(.expel) {
            facts.append("expel: sending every guest home, and taking no new ones (block)")
        } else if flags.contains(.block) {
            facts.append("block: taking no guest processes")
        } else {
            facts.append("accepting guest processes")
        }
        facts.append(flags.contains(.quiet) ? "quiet: not telling other nodes its load, so they send it no guests"
                                            : "telling other nodes its load")
        return facts
    }

    private static func count(_ n: Int, _ one: String, _ many: String) -> String {
        "\(n) " + (n == 1 ? one : many)
    }

    /// `getload`: the normalised load in hundredths (100 = one reference CPU fully used),
    /// the integer scale MOSIX-family kernels kept loads in.
    public static func load(_ normalized: Double) -> String { String(Int((max(0, normalized) * 100).rounded())) + "\n" }

    /// `getspeed`: the `setspeed` value (10000 = one reference CPU).
    public static func speed(_ speed: Int) -> String { String(speed) + "\n" }

    /// `getmem`: free and total memory in bytes, on one line (mosctl gave "free logical
    /// memory and total logical memory").
    public static func memory(free: Int, total: Int) -> String { "\(free) \(total)\n" }

    /// `getfree`: free and total physical memory in bytes. Racimo gossips one memory
    /// figure, so this prints what ``memory(free:total:)`` prints.
    public static func freeMemory(free: Int, total: Int) -> String { memory(free: free, total: total) }

    /// `getutil`: utilization as a whole percentage (mosmon's `u` view is in %).
    public static func utilization(_ fraction: Double) -> String {
        String(Int((min(1, max(0, fraction)) * 100).rounded())) + "\n"
    }
}
