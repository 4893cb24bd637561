import RacimoCore

/// The classic openMosix set-up mistake: the host's own name resolves to a loopback address.
///
/// openMosix found a node's own number from `gethostname(3)` and the map (setpe(1): "The
/// node's own IP address ... is usually determined by gethostname"). Red Hat and Mandrake
/// installers wrote `127.0.0.1 localhost node1` into `/etc/hosts`, and Debian's writes
/// `127.0.1.1 node1`, so the node looked itself up as loopback, which is not in the map:
/// it never joined, and users asked why mosmon showed only one node (the openMosix
/// HOWTO's "I don't see all my nodes"; `mosctl status` answered "Node #(null) is not
/// configured" in one such report). Racimo binds the same way, so it checks first.
public enum LoopbackNameCheck {
    /// A warning at the `/etc/hosts` line and column of `hostName` when the first line
    /// that names it gives a 127.x.x.x address (127.0.0.1, Debian's 127.0.1.1, ...), or nil.
    ///
    /// The resolver takes the first matching line, so a loopback line after a good one is
    /// harmless and passes. Names compare without case, as the resolver compares them.
    /// `mapAddresses` (the cluster map's addresses) lets the hint name the right address
    /// when a later line already gives one.
    public static func check(hostName: String, hostsText: String, hostsFile: String,
                              mapAddresses: [String]) -> Diagnostic? {
        let wanted = hostName.lowercased()
        var offending: (line: Int, column: Int, address: String)?
        for (number, line) in TextFields.lines(hostsText) {
            let fields = TextFields.split(line)
            guard fields.count >= 2, let name = fields.dropFirst().first(where: { $0.text.lowercased() == wanted }) else { continue }
            let isLoopback = (try? IPv4Text.parse(fields[0].text).get()).map(IPv4Text.isLoopback) ?? false
            if let found = offending {
                // A later line with a cluster address is what the user meant; point at it.
                guard mapAddresses.contains(fields[0].text) else { continue }
                return warning(hostName, found, hostsFile, fix: "move line \(number) ('\(fields[0].text) \(name.text)') above it, or")
            }
            guard isLoopback else { return nil }
            offending = (number, name.column, fields[0].text)
        }
        guard let found = offending else { return nil }
        return warning(hostName, found, hostsFile, fix: nil)
    }

    private static func warning(_ hostName: String, _ found: (line: Int, column: Int, address: String),
                                _ hostsFile: String, fix prefix: String?) -> Diagnostic {
        let installer = found.address == "127.0.1.1" ? " (Debian's installer writes this line)" : ""
        var hint = "put this node's cluster address on a line of its own, '<cluster address> \(hostName)', and keep \(found.address) for localhost only"
        if let prefix { hint = prefix + " " + hint }
        return .warning(
            at: SourceLocation(file: hostsFile, line: found.line, column: found.column),
            "this host's name '\(hostName)' resolves to \(found.address)\(installer), so racimo would bind to loopback "
                + "and this node would never see the others (openMosix users saw only one node in mosmon)",
            hint: hint)
    }
}
