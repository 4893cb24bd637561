import Foundation

/// Several links per host, the way Heartbeat directors had two networks.
///
/// Link 0 is `eth0` on bridge `NAME-br`, at `10.213.X.i`. Link *k* (1 through
/// ``NetnsCluster/maxLinks`` − 1) is `ethK` on bridge `NAME-bK`, at `10.213.(X+64k).i/24`;
/// its bridge has `.254` in the root namespace. A cluster therefore takes the third bytes
/// X, X+64, …, and `hosts up` refuses one whose bytes another cluster or interface has.
/// Each /24 is routed on its own interface, and a fallback "unreachable" route inside
/// every host keeps link *k*'s traffic off `eth0` while `ethK` is down, so a downed link
/// fails both ways while the others keep working.
extension NetnsCluster {
    /// The most links a host can have (`hosts up --links` takes 1 through 4).
    public static let maxLinks = 4

    /// The distance between the third address bytes of two consecutive links.
    public static let linkStride = 64

    /// The address of host `host` (1-based) on link `link` (0-based, `ethK` inside the
    /// host): `"10.213.(X+64·link).host"`. Link 0 is `"10.213.X.host"`, as with one link.
    public func address(of host: Int, link: Int = 0) -> String {
        precondition((1...hostCount).contains(host), "no host h\(host) in cluster \(name)")
        precondition((0..<linkCount).contains(link), "no link \(link) in cluster \(name) (0..<\(linkCount))")
        return "10.213.\(subnet(ofLink: link)).\(host)"
    }

    /// The third address byte of link `link`: `subnet + 64·link`.
    public func subnet(ofLink link: Int) -> Int {
        subnet + Self.linkStride * link
    }

    /// The address of link `link`'s bridge in the root namespace, `"10.213.(X+64·link).254"`.
    /// ``bridgeAddress`` is the one of link 0.
    public func bridgeAddress(link: Int) -> String {
        precondition((0..<linkCount).contains(link), "no link \(link) in cluster \(name) (0..<\(linkCount))")
        return "10.213.\(subnet(ofLink: link)).254"
    }

    /// Sets link `link` of host `host` up or down with `hosts link NAME I K up|down`, which
    /// runs `ip link set ethK up|down` inside the host.
    ///
    /// While the link is down, traffic over it to and from the host fails: the host itself
    /// gets "No route to host" (or "Network is unreachable" for link 0), and its peers get no
    /// answer to ARP. Its other links keep working. Bringing it up again also flushes the
    /// cluster's neighbour entries on that link, so a connection made right afterwards does
    /// not fail on an ARP resolution left over from the outage.
    ///
    /// - Throws: ``NetnsClusterError/invalidArgument(_:)`` for a host or link that does not
    ///   exist, ``NetnsClusterError/commandFailed(arguments:status:stderr:)`` if the script
    ///   fails.
    public func setLink(_ link: Int, of host: Int, up: Bool) throws {
        guard (1...hostCount).contains(host) else {
            throw NetnsClusterError.invalidArgument("no host h\(host) in cluster \(name) (1...\(hostCount))")
        }
        guard (0..<linkCount).contains(link) else {
            throw NetnsClusterError.invalidArgument("no link \(link) in cluster \(name) (0..<\(linkCount))")
        }
        let arguments = ["link", name, String(host), String(link), up ? "up" : "down"]
        let result = try ProcessRunner.run(script: scriptPath, arguments, timeout: .seconds(30))
        guard result.status == 0 else {
            throw NetnsClusterError.commandFailed(
                arguments: [scriptPath] + arguments, status: result.status, stderr: result.stderr)
        }
    }

    /// A random subnet byte X in 1...(250 − 64·(links − 1)) such that none of X, X+64, …
    /// (one per link) is used by an interface address (`10.213.Y.*`) or by a cluster in
    /// ``stateRoot`` (its `subnet=` and `links=`). Another run may still take it concurrently;
    /// `hosts up` then refuses it (exit 75) and
    /// ``init(hosts:name:subnet:links:cpus:memory:script:)`` retries.
    public static func freeSubnet(links: Int = 1) -> Int {
        let links = min(max(links, 1), maxLinks)
        var used = Set<Int>()
        if let result = try? ProcessRunner.run(
            executable: "/bin/sh", ["-c", "ip -o -4 addr show 2>/dev/null"], timeout: .seconds(10))
        {
            for word in result.stdout.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
                let parts = word.split(separator: "/")[0].split(separator: ".")
                if parts.count == 4, parts[0] == "10", parts[1] == "213", let y = Int(parts[2]) {
                    used.insert(y)
                }
            }
        }
        if let clusters = try? FileManager.default.contentsOfDirectory(atPath: stateRoot) {
            for cluster in clusters {
                guard let config = try? String(contentsOfFile: "\(stateRoot)/\(cluster)/config", encoding: .utf8)
                else { continue }
                var x: Int?
                var count = 1  // configs from before --links have no links= line
                for line in config.split(separator: "\n") {
                    if line.hasPrefix("subnet=") { x = Int(line.dropFirst("subnet=".count)) }
                    if line.hasPrefix("links="), let n = Int(line.dropFirst("links=".count)) { count = n }
                }
                if let x {
                    for k in 0..<max(count, 1) { used.insert(x + linkStride * k) }
                }
            }
        }
        let highest = 250 - linkStride * (links - 1)
        let free = (1...highest).filter { x in (0..<links).allSatisfy { !used.contains(x + linkStride * $0) } }
        return free.randomElement() ?? Int.random(in: 1...highest)
    }
}

extension NetnsCluster {
    /// Isolates host `host`'s port on the link-0 bridge (`bridge link set … isolated on`):
    /// isolated ports cannot reach one another, yet every link stays up. Isolating two hosts
    /// splits them without a link going down, the way a partition between two switches looks.
    public func setIsolated(_ host: Int, _ isolated: Bool) throws {
        guard (1...hostCount).contains(host) else {
            throw NetnsClusterError.invalidArgument("no host h\(host) in cluster \(name) (1...\(hostCount))")
        }
        let arguments = ["link", "set", "dev", "\(name)-v\(host)", "isolated", isolated ? "on" : "off"]
        let result = try ProcessRunner.run(executable: "/usr/sbin/bridge", arguments, timeout: .seconds(10))
        guard result.status == 0 else {
            throw NetnsClusterError.commandFailed(arguments: ["bridge"] + arguments, status: result.status, stderr: result.stderr)
        }
    }
}
