import Membership
import RacimoCore

extension AgentConfiguration {
    /// Reads a configuration from the text of `file`. Returns the configuration (nil if any error
    /// was found) and every diagnostic, errors and warnings, in file order.
    /// - Parameters:
    ///   - defaultNodeName: used when `[node] name` is absent (the agent passes the hostname).
    public static func parse(
        _ text: String, file: String, defaultNodeName: String
    ) -> (configuration: AgentConfiguration?, diagnostics: Diagnostics) {
        let root: TOMLTable
        do {
            root = try TOMLReader.parse(text, file: file)
        } catch {
            return (nil, error)
        }
        var reader = TOMLTableReader(root, path: "")
        let directory = Self.directory(of: file)
        let wholeFile = SourceLocation(file: file, line: 1, column: 1)

        var node = reader.table("node") ?? TOMLTableReader(TOMLTable.empty(at: wholeFile), path: "node")
        var name: NodeName?
        if let (text, location) = node.string("name") {
            name = NodeName(text)
            if name == nil {
                node.report(.error(at: location, "node name \"\(text)\" is not valid",
                                   hint: "use 1 to 64 letters, digits, '.', '_' or '-'"))
            }
        } else {
            name = NodeName(defaultNodeName)
            if name == nil {
                node.report(.error(at: wholeFile, "the hostname \"\(defaultNodeName)\" is not a valid node name",
                                   hint: "set [node] name"))
            }
        }
        let listenGiven = node.endpoint("listen", defaultPort: defaultFramePort)
        let listen = listenGiven ?? Endpoint(host: "0.0.0.0", port: defaultFramePort)
        let seeds = node.endpointArray("seeds", defaultPort: defaultFramePort) ?? []
        let wildcard = listen.host == "0.0.0.0" || listen.host == "::"
        var addresses = node.endpointArray("addresses", defaultPort: listen.port) ?? []
        if addresses.isEmpty {
            // Only when the listen address itself is fine: a bad one has its own error already.
            let listenIsBad = listenGiven == nil && node.table["listen"] != nil
            if wildcard, !listenIsBad, node.table["addresses"] == nil, node.table["listen"] != nil || !seeds.isEmpty {
                node.report(.error(
                    at: node.table.entry("listen")?.keyLocation ?? node.table.location,
                    "listening on \(listen) needs [node] addresses: the addresses other nodes reach this one at",
                    hint: "e.g. addresses = [\"10.213.0.1\", \"10.213.64.1\"], one per link"))
            }
            addresses = [listen]
        }
        // An IPv4 socket cannot send to an IPv6 seed (or the reverse); NIO would close it.
        if case .array(let values)? = node.table["seeds"]?.kind {
            for (seed, value) in zip(seeds, values) where seed.family != nil && listen.family != nil && seed.family != listen.family {
                node.report(.error(at: value.location, "seed \(seed) is IPv\(seed.family!) but 'listen' (\(listen)) is IPv\(listen.family!)",
                                   hint: "listen on an address of the seeds' family, e.g. \"[::]:9401\" for IPv6"))
            }
        }
        node.finish()
        reader.absorb(node)

        var cluster = reader.table("cluster") ?? TOMLTableReader(TOMLTable.empty(at: wholeFile), path: "cluster")
        let keyFile = cluster.string("key_file").map { resolve($0.value, in: directory) } ?? "/etc/racimo/cluster.key"
        let nextKeyFile = cluster.string("next_key_file").map { resolve($0.value, in: directory) }
        let freshness = cluster.duration("frame_freshness", minimum: .seconds(1)) ?? FrameVerifier.defaultFreshness
        cluster.finish()
        reader.absorb(cluster)

        var admin = reader.table("admin") ?? TOMLTableReader(TOMLTable.empty(at: wholeFile), path: "admin")
        let adminListen = admin.endpoint("listen", defaultPort: defaultAdminPort)
            ?? Endpoint(host: "127.0.0.1", port: defaultAdminPort)
        let tokenFile = admin.string("token_file").map { resolve($0.value, in: directory) }
            ?? resolve("admin.token", in: Self.directory(of: keyFile))
        admin.finish()
        reader.absorb(admin)

        var log = reader.table("log") ?? TOMLTableReader(TOMLTable.empty(at: wholeFile), path: "log")
        var level = LogLevel.info
        if let (text, location) = log.string("level") {
            if let parsed = LogLevel(rawValue: text) {
                level = parsed
            } else {
                log.report(.error(at: location, "unknown log level \"\(text)\"",
                                  suggestion: Suggestion.closest(to: text, in: LogLevel.allCases.map(\.rawValue)),
                                  hint: "levels: \(LogLevel.allCases.map(\.rawValue).joined(separator: ", "))"))
            }
        }
        log.finish()
        reader.absorb(log)

        var membership = reader.table("membership") ?? TOMLTableReader(TOMLTable.empty(at: wholeFile), path: "membership")
        let helloInterval = membership.duration("hello_interval", minimum: .milliseconds(10)) ?? .seconds(1)
        var settings = MembershipSettings()
        if let value = membership.duration("probe_interval", minimum: .milliseconds(10)) { settings.probeInterval = value }
        if let value = membership.duration("probe_timeout", minimum: .milliseconds(1)) { settings.probeTimeout = value }
        if let value = membership.duration("gossip_interval", minimum: .milliseconds(10)) { settings.gossipInterval = value }
        if let value = membership.duration("push_pull_interval", minimum: .seconds(1)) { settings.pushPullInterval = value }
        let speed = Int(membership.integer("speed", in: 1...1_000_000) ?? 10000)
        let discovery = membership.endpoint("discovery", defaultPort: 9402)
        if let discovery, let entry = membership.table.entry("discovery") {
            let first = Int(discovery.host.split(separator: ".").first ?? "") ?? 0
            if discovery.family != 4 || !(224...239).contains(first) {
                membership.report(.error(at: entry.value.location, "'discovery' must be an IPv4 multicast group, e.g. \"239.213.0.1:9402\""))
            }
        }
        if settings.probeTimeout >= settings.probeInterval, let entry = membership.table.entry("probe_timeout") {
            membership.report(.error(at: entry.value.location, "'probe_timeout' must be shorter than 'probe_interval'"))
        }
        membership.finish()
        reader.absorb(membership)

        var roles: [Role] = [.membership]
        // [vrrp]: virtual-IP failover from the vrrp_* part of a keepalived.conf.
        var vrrp: VRRPRole?
        if var table = reader.table("vrrp") {
            let statusFile = table.string("status_file").map { resolve($0.value, in: directory) }
            if let (path, _) = table.string("keepalived_conf") {
                vrrp = VRRPRole(keepalivedFile: resolve(path, in: directory), statusFile: statusFile)
                roles.append(.vrrp)
            } else {
                table.report(.error(at: table.table.location, "[vrrp] needs 'keepalived_conf', the keepalived.conf whose vrrp_* part this node runs"))
            }
            table.finish()
            reader.absorb(table)
        }
        // [balancer]: the services of a haproxy.cfg, ldirectord.cf or keepalived.conf.
        var balancer: BalancerRole?
        if var table = reader.table("balancer") {
            let statusFile = table.string("status_file").map { resolve($0.value, in: directory) }
            var format: String?
            if let (value, location) = table.string("format") {
                if ["haproxy", "ldirectord", "keepalived"].contains(value) {
                    format = value
                } else {
                    table.report(.error(at: location, "unknown balancer format '\(value)'",
                                        suggestion: Suggestion.closest(to: value, in: ["haproxy", "ldirectord", "keepalived"])))
                }
            }
            if let (path, _) = table.string("file") {
                balancer = BalancerRole(file: resolve(path, in: directory), format: format, statusFile: statusFile)
                roles.append(.balancer)
            } else {
                table.report(.error(at: table.table.location, "[balancer] needs 'file', the haproxy.cfg, ldirectord.cf or keepalived.conf whose services this node runs"))
            }
            table.finish()
            reader.absorb(table)
        }
        let (scheduler, execute) = jobRoles(&reader, directory: directory, roles: &roles)
        let run = runRole(&reader, directory: directory, roles: &roles)
        for role in Role.allCases where role != .membership && !role.isAvailable {
            guard reader.value(role.rawValue) != nil, let entry = reader.table.entry(role.rawValue) else { continue }
            reader.report(.warning(
                at: entry.keyLocation, "role '\(role.rawValue)' is not available in this version; the table is ignored",
                hint: "README.md lists what works today"))
        }
        reader.finish()

        let diagnostics = reader.diagnostics
        guard !diagnostics.hasErrors, let name else { return (nil, diagnostics) }
        var configuration = AgentConfiguration(
            file: file, nodeName: name, listen: listen, seeds: seeds, keyFile: keyFile,
            nextKeyFile: nextKeyFile, frameFreshness: freshness, adminListen: adminListen,
            adminTokenFile: tokenFile, logLevel: level, helloInterval: helloInterval, addresses: addresses,
            membership: settings, speed: speed, discovery: discovery, roles: roles.sorted(), vrrp: vrrp, balancer: balancer,
            scheduler: scheduler, execute: execute)
        configuration.run = run
        // The map's other nodes are seeds too, on this node's frame port.
        if let map = run?.nodeMap {
            let own = Set(addresses.map(\.host) + [listen.host])
            for node in map.nodes where !own.contains(node.address) {
                let seed = Endpoint(host: node.address, port: listen.port)
                if !configuration.seeds.contains(seed) { configuration.seeds.append(seed) }
            }
        }
        return (configuration, diagnostics)
    }

    /// The folder part of a path, "." for a bare file name.
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// Paths in a configuration are relative to the file's own folder, as in keepalived's `include`.
    static func resolve(_ path: String, in directory: String) -> String {
        if path.hasPrefix("/") || directory == "." { return path }
        return directory.hasSuffix("/") ? directory + path : directory + "/" + path
    }
}

extension TOMLTable {
    /// A table with no entries, for absent optional sections.
    static func empty(at location: SourceLocation) -> TOMLTable {
        TOMLTable(entries: [], location: location)
    }
}
