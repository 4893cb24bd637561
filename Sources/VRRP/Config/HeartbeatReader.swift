import RacimoCore

extension HeartbeatConfiguration {
    /// Reads the three files of a Heartbeat `ha.d` directory.
    ///
    /// Pure: the caller reads the files. It must also refuse an authkeys that group or others
    /// can access before calling this (`authkeysPermissionProblem(mode:file:)`), as Heartbeat
    /// does; the mode is not part of the text.
    ///
    /// - Returns: the configuration (nil when any error was found) and every diagnostic, in
    ///   file order (ha.cf, haresources, authkeys).
    public static func parse(haCf: HeartbeatFile, haresources: HeartbeatFile, authkeys: HeartbeatFile)
        -> (configuration: HeartbeatConfiguration?, diagnostics: Diagnostics)
    {
        var reader = HeartbeatReader()
        let auth = reader.readAuthkeys(authkeys)
        var configuration = HeartbeatConfiguration(authentication: auth ?? AuthKeys(activeID: 0, keys: []))
        reader.readHaCf(haCf, into: &configuration)
        reader.readHaresources(haresources, into: &configuration)
        let order = [haCf.name, haresources.name, authkeys.name]
        let sorted = reader.diagnostics.all.enumerated().sorted { (a: (offset: Int, element: Diagnostic), b: (offset: Int, element: Diagnostic)) in
            func key(_ d: Diagnostic) -> (Int, Int, Int) {
                guard let l = d.location else { return (Int.max, 0, 0) }
                return (order.firstIndex(of: l.file) ?? Int.max - 1, l.line, l.column)
            }
            let (ka, kb) = (key(a.element), key(b.element))
            return ka != kb ? ka < kb : a.offset < b.offset
        }.map { $0.element }
        let diagnostics = Diagnostics(sorted)
        return (diagnostics.hasErrors || auth == nil ? nil : configuration, diagnostics)
    }

    /// The hook for the file-reading shell: Heartbeat refuses an authkeys that group or others
    /// can read ("Bad permissions on keyfile [%s], 600 recommended.", `parse_authfile()` in
    /// `heartbeat/auth.c`, which tests `S_IRGRP | S_IROTH`). Racimo refuses any group or other
    /// permission bit, as it does for its own key files (`mode & 0o077`), so 0600 and 0400
    /// pass and Heartbeat's 0620 does not. Returns the error to print, or nil when `mode` (the
    /// `st_mode` permission bits) is acceptable.
    public static func authkeysPermissionProblem(mode: UInt32, file: String) -> Diagnostic? {
        guard mode & 0o077 != 0 else { return nil }
        let digits = String(mode & 0o7777, radix: 8)
        let octal = String(repeating: "0", count: max(0, 4 - digits.count)) + digits
        return .error(at: nil,
                      "authkeys file \(file) can be accessed by group or others (mode \(octal)); Heartbeat refuses it and so does racimo",
                      hint: "fix it with: chmod 600 \(file)")
    }
}

struct HeartbeatReader {
    typealias Configuration = HeartbeatConfiguration
    var diagnostics = Diagnostics()

    // MARK: - ha.cf (authkeys: HeartbeatReader+Authkeys.swift)

    /// Directives Heartbeat accepts that change nothing Racimo does (a note each).
    static let noEffect: Set<String> = [
        "hopfudge", "realtime", "rtprio", "debug", "msgfmt", "use_logd", "conn_logd_time", "log_badpack",
        "syslogmsgfmt", "coredumps", "coreroot", "hbgenmethod", "normalpoll", "use_apphbd", "compression",
        "compression_threshold", "traditional_compression", "env", "max_rexmit_delay", "memreserve", "autojoin",
        "uuidfrom", "cluster", "quorum_server", "record_config_changes", "record_pengine_inputs",
        "enable_config_writes", "crm_daemon_dir", "crmd_spawns_pengine", "failfast",
    ]
    /// Heartbeat links Racimo does not read (`lib/plugins/HBcomm`).
    static let otherMedia: Set<String> = ["mcast6", "ucast6", "hbaping", "tipc", "rds", "ping6"]

    static let directives: [String] = [
        "node", "keepalive", "deadtime", "warntime", "initdead", "udpport", "bcast", "mcast", "ucast",
        "auto_failback", "serial", "baud", "watchdog", "respawn", "apiauth", "ping", "ping_group",
        "logfacility", "logfile", "debugfile", "crm", "pacemaker", "deadping", "nice_failback",
        "stonith", "stonith_host", "udp",
    ] + noEffect.sorted() + otherMedia.sorted()

    mutating func readHaCf(_ file: HeartbeatFile, into c: inout Configuration) {
        var sawAutoFailback = false
        var durations: [String: (Duration, ConfigWord)] = [:]
        var baud: ConfigWord?
        var respawnIpfail: [(Configuration.Respawn, ConfigWord)] = []
        var apiauthIpfail: [ConfigWord] = []
        for line in HeartbeatText.haCf(file.text, file: file.name) {
            let directive = line.words[0]
            let rest = Array(line.words.dropFirst())
            // Option-list directives take each word (commas separate too) as one option.
            let options = rest.flatMap(splitCommas)
            switch directive.text {
            case "node":
                for word in options {
                    if c.nodes.contains(where: { $0.lowercased() == word.text.lowercased() }) {
                        diagnostics.append(.warning(at: word.location, "node \(word.text) is listed twice in ha.cf"))
                    } else {
                        c.nodes.append(word.text)
                    }
                }
            case "keepalive", "deadtime", "warntime", "initdead", "deadping":
                for word in options {
                    // keepalive and warntime must be above zero (`set_keepalive_ms()`, `set_warntime_ms()`).
                    let mustBePositive = directive.text == "keepalive" || directive.text == "warntime"
                    guard let value = HeartbeatDuration.parse(word.text), value > .zero || !mustBePositive else {
                        diagnostics.append(.error(at: word.location, "'\(directive.text)' must be a time, found \"\(word.text)\"",
                                                  hint: "seconds without a unit (10, 1.5), or with ms or us (500ms)"))
                        continue
                    }
                    durations[directive.text] = (value, word)
                }
            case "udpport":
                for word in options {
                    guard let port = Int(word.text), (1...65535).contains(port) else {
                        diagnostics.append(.error(at: word.location, "'udpport' must be a port from 1 to 65535, found \"\(word.text)\""))
                        continue
                    }
                    c.udpPort = port
                }
            case "bcast", "udp":
                if directive.text == "udp" {
                    diagnostics.append(.warning(at: directive.location, "'udp' is an old name of 'bcast'", suggestion: "bcast"))
                }
                for word in options { c.media.append(.broadcast(interface: word.text)) }
            case "mcast":
                readMulticast(directive, rest, into: &c)
            case "ucast":
                guard rest.count >= 2 else {
                    diagnostics.append(.error(at: directive.location, "'ucast' needs an interface and a peer address",
                                              hint: "e.g. ucast eth0 192.168.1.2"))
                    continue
                }
                c.media.append(.unicast(interface: rest[0].text, peer: rest[1].text))
            case "serial":
                for word in options {
                    c.media.append(.serial(device: word.text))
                    diagnostics.append(.warning(
                        at: word.location,
                        "serial link \(word.text) is ignored: Heartbeat also sent heartbeats over this cable, so the nodes still saw each other when the network failed; racimo vrrp has no serial links",
                        hint: "add a second network link instead, e.g. 'ucast eth1 10.0.1.2' on a separate interface"))
                }
            case "baud":
                baud = options.first
            case "auto_failback":
                guard let word = options.first else {
                    diagnostics.append(.error(at: directive.location, "'auto_failback' needs on, off or legacy"))
                    continue
                }
                if word.text.lowercased() == "legacy" {
                    c.autoFailback = .legacy
                } else if let on = Self.boolean(word.text) {
                    c.autoFailback = on ? .on : .off
                } else {
                    diagnostics.append(.error(at: word.location, "'auto_failback' must be on, off or legacy, found \"\(word.text)\"",
                                              suggestion: Suggestion.closest(to: word.text, in: ["on", "off", "legacy"])))
                    continue
                }
                sawAutoFailback = true
            case "nice_failback":
                // `set_nice_failback()`: obsolete; on means auto_failback off, off means legacy.
                guard let word = options.first, let on = Self.boolean(word.text) else {
                    diagnostics.append(.error(at: directive.location, "'nice_failback' needs on or off"))
                    continue
                }
                c.autoFailback = on ? .off : .legacy
                sawAutoFailback = true
                diagnostics.append(.warning(at: directive.location, "'nice_failback' is obsolete; it means 'auto_failback \(on ? "off" : "legacy")'",
                                            suggestion: "auto_failback"))
            case "watchdog":
                c.watchdog = options.first?.text
                diagnostics.append(.warning(
                    at: directive.location,
                    "'watchdog \(c.watchdog ?? "")' is ignored: Heartbeat kept this device fed, so that the kernel rebooted the node if Heartbeat hung",
                    hint: "use systemd's watchdog instead: WatchdogSec= in racimo's unit, RuntimeWatchdogSec= in system.conf"))
            case "respawn":
                guard rest.count >= 2 else {
                    diagnostics.append(.error(at: directive.location, "'respawn' needs a user and a program", hint: "e.g. respawn hacluster /usr/lib/heartbeat/ipfail"))
                    continue
                }
                let entry = Configuration.Respawn(user: rest[0].text, command: rest.dropFirst().map(\.text), location: directive.location)
                c.respawn.append(entry)
                if Self.programName(rest[1].text) == "ipfail" {
                    respawnIpfail.append((entry, directive))
                } else {
                    diagnostics.append(.warning(
                        at: directive.location,
                        "'respawn \(rest[0].text) \(rest[1].text)' is ignored: Heartbeat started \(rest[1].text) as \(rest[0].text) and restarted it whenever it exited; racimo vrrp does not",
                        hint: "run it as a service of its own, with Restart=always"))
                }
            case "apiauth":
                guard let client = rest.first else {
                    diagnostics.append(.error(at: directive.location, "'apiauth' needs a client name"))
                    continue
                }
                var users: [String] = []
                var groups: [String] = []
                for word in rest.dropFirst() {
                    if word.text.hasPrefix("uid=") {
                        users += word.text.dropFirst(4).split(separator: ",").map(String.init)
                    } else if word.text.hasPrefix("gid=") {
                        groups += word.text.dropFirst(4).split(separator: ",").map(String.init)
                    } else {
                        diagnostics.append(.error(at: word.location, "'apiauth' takes uid=USERS and gid=GROUPS, found \"\(word.text)\""))
                    }
                }
                c.apiAuth.append(.init(client: client.text, users: users, groups: groups, location: directive.location))
                if client.text == "ipfail" {
                    apiauthIpfail.append(directive)
                } else {
                    diagnostics.append(.warning(
                        at: directive.location,
                        "'apiauth \(client.text)' is ignored: it let \(client.text) use Heartbeat's client API, which racimo does not have"))
                }
            case "ping":
                c.pingNodes += options.map(\.text)
            case "ping_group":
                guard rest.count >= 2 else {
                    diagnostics.append(.error(at: directive.location, "'ping_group' needs a name and at least one host"))
                    continue
                }
                c.pingGroups.append(.init(name: rest[0].text, hosts: rest.dropFirst().flatMap(splitCommas).map(\.text)))
            case "logfacility", "logfile", "debugfile":
                guard let word = options.first else { continue }
                switch directive.text {
                case "logfacility": c.logFacility = word.text
                case "logfile": c.logFile = word.text
                default: c.debugFile = word.text
                }
                diagnostics.append(Diagnostic(.note, at: directive.location,
                                              "'\(directive.text) \(word.text)' has no effect: racimo logs to standard error, which the journal keeps"))
            case "crm", "pacemaker":
                guard let word = options.first else { continue }
                let value = word.text.lowercased()
                if let on = Self.boolean(value), !on { continue }
                guard ["respawn", "true", "on", "yes", "y", "1", "minimal"].contains(value) else {
                    diagnostics.append(.error(at: word.location, "'\(directive.text)' must be on, off or respawn, found \"\(word.text)\""))
                    continue
                }
                c.pacemaker = true
                diagnostics.append(.error(at: directive.location,
                                          "'\(directive.text) \(word.text)': Heartbeat took the resources from Pacemaker's CIB, not haresources, and racimo cannot read the CIB",
                                          hint: "write the resources to haresources and set '\(directive.text) off'"))
            case "stonith", "stonith_host":
                diagnostics.append(.warning(
                    at: directive.location,
                    "'\(directive.text)' is ignored: Heartbeat powered off a failed node through this device before taking over its resources, and racimo vrrp cannot fence nodes",
                    hint: "without fencing, a node cut off from its peers keeps its addresses; give the nodes a second link"))
            case _ where Self.noEffect.contains(directive.text):
                diagnostics.append(Diagnostic(.note, at: directive.location, "'\(directive.text)' has no effect in racimo vrrp"))
            case _ where Self.otherMedia.contains(directive.text):
                diagnostics.append(.warning(at: directive.location, "link type '\(directive.text)' is not supported by racimo vrrp and is ignored",
                                            hint: "use bcast, mcast or ucast"))
            default:
                // `parse_config()`: "Illegal directive", and Heartbeat does not start.
                diagnostics.append(.error(at: directive.location, "unknown directive '\(directive.text)' in ha.cf",
                                          suggestion: Suggestion.closest(to: directive.text, in: Self.directives)))
            }
        }

        let start = SourceLocation(file: file.name, line: 1, column: 1)
        // Heartbeat's checks and derived defaults (`init_config()` in config.c).
        if let (value, _) = durations["keepalive"] { c.keepalive = value }
        if let (value, _) = durations["deadtime"] { c.deadtime = value }
        c.warntime = durations["warntime"]?.0 ?? c.deadtime / 2
        if let (value, _) = durations["initdead"] {
            c.initdead = value
        } else if c.deadtime > .seconds(10) {
            c.initdead = c.deadtime
        } else {
            c.initdead = c.deadtime < .seconds(6) ? .seconds(12) : c.deadtime * 2
        }
        c.deadping = durations["deadping"]?.0 ?? c.deadtime
        if c.deadtime <= c.keepalive * 2 {
            diagnostics.append(.error(at: durations["deadtime"]?.1.location ?? durations["keepalive"]?.1.location ?? start,
                                      "deadtime (\(DurationLiteral.format(c.deadtime))) must be more than twice keepalive (\(DurationLiteral.format(c.keepalive)))"))
        }
        if c.initdead < c.deadtime {
            diagnostics.append(.error(at: durations["initdead"]?.1.location ?? start,
                                      "initdead (\(DurationLiteral.format(c.initdead))) must not be shorter than deadtime (\(DurationLiteral.format(c.deadtime)))"))
        } else if c.initdead < .seconds(10) {
            diagnostics.append(.warning(at: durations["initdead"]?.1.location ?? start,
                                        "initdead (\(DurationLiteral.format(c.initdead))) may be too short for the network to come up after a boot",
                                        hint: "Heartbeat recommends at least 10s"))
        }
        if c.nodes.isEmpty {
            diagnostics.append(.error(at: start, "ha.cf lists no node", hint: "add 'node NAME' for each machine, NAME as uname -n prints it"))
        }
        if !c.media.contains(where: { $0.interface != nil }) {
            diagnostics.append(.error(at: start, "ha.cf has no network link (bcast, mcast or ucast)",
                                      hint: "racimo vrrp sends its adverts on the interface of such a link"))
        }
        if let baud {
            let serial = c.media.contains { if case .serial = $0 { true } else { false } }
            diagnostics.append(.warning(at: baud.location,
                                        "'baud \(baud.text)' is ignored: it set the speed of Heartbeat's serial links, which racimo vrrp does not have"
                                            + (serial ? "" : " (and this ha.cf has none)")))
        }
        if !sawAutoFailback {
            diagnostics.append(.warning(at: start, "ha.cf does not set auto_failback; Heartbeat's default 'legacy' fails back like 'on'",
                                        hint: "write 'auto_failback on' or 'auto_failback off'"))
        } else if c.autoFailback == .legacy {
            diagnostics.append(.warning(at: start, "'auto_failback legacy' fails back like 'on' in racimo vrrp",
                                        hint: "write 'auto_failback on' or 'auto_failback off'"))
        }
        let pinged = c.pingNodes + c.pingGroups.flatMap(\.hosts)
        for (entry, directive) in respawnIpfail {
            if pinged.isEmpty {
                diagnostics.append(.warning(
                    at: directive.location,
                    "'respawn \(entry.user) \(entry.command[0])' is ignored: Heartbeat ran ipfail to move the resources away from a node that lost sight of its ping nodes, but this ha.cf has no 'ping' or 'ping_group', so ipfail never did anything",
                    hint: "racimo vrrp gives up the addresses when their interface goes down; to also check that a router answers, use a keepalived.conf with a vrrp_script running ping"))
            } else {
                diagnostics.append(.warning(
                    at: directive.location,
                    "'respawn \(entry.user) \(entry.command[0])' is ignored: Heartbeat ran ipfail to move the resources away from a node that lost sight of \(pinged.joined(separator: ", ")); racimo vrrp does not run it",
                    hint: "use a keepalived.conf with a vrrp_script running ping to the same hosts"))
            }
        }
        for directive in apiauthIpfail {
            diagnostics.append(.warning(
                at: directive.location,
                "'apiauth ipfail' is ignored: it let ipfail use Heartbeat's client API, which racimo does not have"
                    + (pinged.isEmpty ? ", and ipfail did nothing without ping nodes" : "")))
        }
    }

    /// `mcast IF GROUP PORT TTL LOOP` (`mcast_parse()` in lib/plugins/HBcomm/mcast.c): a
    /// class D group, a port above 0, a TTL from 0 to 4 and a loop of 0 or 1.
    private mutating func readMulticast(_ directive: ConfigWord, _ rest: [ConfigWord], into c: inout Configuration) {
        guard rest.count >= 5 else {
            diagnostics.append(.error(at: directive.location, "'mcast' needs an interface, a group, a port, a TTL and a loop flag",
                                      hint: "e.g. mcast eth0 225.0.0.1 694 1 0"))
            return
        }
        guard let group = IPAddress(parsing: rest[1].text), let value = group.ipv4Value, value >> 28 == 0xE else {
            diagnostics.append(.error(at: rest[1].location, "'mcast' group must be an IPv4 multicast address (224.0.0.0 to 239.255.255.255), found \"\(rest[1].text)\""))
            return
        }
        guard let port = Int(rest[2].text), (1...65535).contains(port) else {
            diagnostics.append(.error(at: rest[2].location, "'mcast' port must be from 1 to 65535, found \"\(rest[2].text)\""))
            return
        }
        guard let ttl = Int(rest[3].text), (0...4).contains(ttl) else {
            diagnostics.append(.error(at: rest[3].location, "'mcast' TTL must be from 0 to 4, found \"\(rest[3].text)\""))
            return
        }
        guard let loop = Int(rest[4].text), (0...1).contains(loop) else {
            diagnostics.append(.error(at: rest[4].location, "'mcast' loop must be 0 or 1, found \"\(rest[4].text)\""))
            return
        }
        c.media.append(.multicast(interface: rest[0].text, group: group, port: port, ttl: ttl, loop: loop == 1))
    }

    /// Heartbeat's booleans (doc/ha.cf, "About boolean values"): true, on, yes, y, 1 and
    /// false, off, no, n, 0, in any case.
    static func boolean(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "on", "yes", "y", "1": true
        case "false", "off", "no", "n", "0": false
        default: nil
        }
    }

    static func programName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    /// One ha.cf word split at commas, with the column of each piece.
    func splitCommas(_ word: ConfigWord) -> [ConfigWord] {
        var result: [ConfigWord] = []
        var column = word.location.column
        for piece in word.text.split(separator: ",", omittingEmptySubsequences: false) {
            if !piece.isEmpty {
                var location = word.location
                location.column = column
                result.append(ConfigWord(text: String(piece), location: location))
            }
            column += piece.unicodeScalars.count + 1
        }
        return result
    }
}
