import RacimoCore

extension HeartbeatReader {
    /// haresources as `ipres()` in heartbeat/lib/ResourceManager.in reads it: comments cut at
    /// `#`, lines ending in `\` joined to the next, words separated by blanks, the first word of
    /// each logical line the preferred node (lowercased), the others resources.
    mutating func readHaresources(_ file: HeartbeatFile, into c: inout Configuration) {
        var logical: [ConfigWord] = []
        var continuing = false
        for (offset, raw) in ConfigText.lines(file.text).enumerated() {
            let number = offset + 1
            let end = raw.firstIndex(of: "#") ?? raw.count
            var line = Array(raw[..<end])
            var continues = false
            if line.last == "\\" {
                line.removeLast()
                continues = true
            } else if let last = line.lastIndex(where: { !HeartbeatText.blanks.contains($0) }), line[last] == "\\" {
                // sed's `/\\$/` needs the backslash last: with blanks after it, Heartbeat
                // starts a new resource group on the next line, with its first word as node.
                diagnostics.append(.error(at: SourceLocation(file: file.name, line: number, column: last + 1),
                                          "blanks after '\\' at the end of a haresources line: Heartbeat does not join the next line to it",
                                          hint: "remove the blanks after '\\'"))
                line.removeSubrange(last...)
                continues = true
            }
            let words = HeartbeatText.words(line, number: number, file: file.name, separators: HeartbeatText.blanks)
            if continuing { logical += words } else { logical = words }
            continuing = continues
            if !continues, !logical.isEmpty {
                readGroup(logical, into: &c, haresources: file.name)
                logical = []
            }
        }
        if !logical.isEmpty { readGroup(logical, into: &c, haresources: file.name) }
        if c.resourceGroups.isEmpty, !c.pacemaker {
            diagnostics.append(.error(at: SourceLocation(file: file.name, line: 1, column: 1), "haresources has no resource group",
                                      hint: "write a line 'NODE RESOURCE...', e.g. 'node1 IPaddr2::10.0.0.10/24/eth0'"))
        }
    }

    private mutating func readGroup(_ words: [ConfigWord], into c: inout Configuration, haresources: String) {
        let node = words[0]
        if !c.nodes.isEmpty, !c.nodes.contains(where: { $0.lowercased() == node.text.lowercased() }) {
            diagnostics.append(.error(at: node.location, "node '\(node.text)' of haresources is not a node of ha.cf",
                                      suggestion: Suggestion.closest(to: node.text, in: c.nodes),
                                      hint: "the first word of a haresources line is the node that normally runs the group"))
        }
        var resources: [Configuration.Resource] = []
        for word in words.dropFirst() {
            if let resource = resource(word, haresources: haresources) { resources.append(resource) }
        }
        if words.count == 1 {
            diagnostics.append(.warning(at: node.location, "resource group of \(node.text) has no resources"))
        }
        c.resourceGroups.append(.init(preferredNode: node.text, resources: resources, location: node.location))
    }

    /// One resource word: `Type::arg::arg`, a bare IPv4 address (`IPaddr::` implied, `isip()`
    /// matches `[0-9]*.[0-9]*.[0-9]*.[0-9]*`), or a script name.
    private mutating func resource(_ word: ConfigWord, haresources: String) -> Configuration.Resource? {
        var type = word.text
        var arguments: [String] = []
        if let range = word.text.firstRange(of: "::") {
            type = String(word.text[..<range.lowerBound])
            arguments = word.text[range.upperBound...].split(separator: "::", omittingEmptySubsequences: false).map(String.init)
        } else if Self.looksLikeIP(word.text) {
            type = "IPaddr"
            arguments = [word.text]
        }
        let kind: Configuration.Resource.Kind
        switch type {
        case "IPaddr", "IPaddr2":
            guard arguments.count == 1, let address = address(arguments[0], agent: type, word: word) else {
                if arguments.count != 1 {
                    diagnostics.append(.error(at: word.location, "\(type) takes one argument, ADDRESS[/BITS[/INTERFACE[/BROADCAST]]], found \"\(word.text)\""))
                }
                return nil
            }
            kind = .address(address)
        case "ldirectord":
            let file = arguments.first ?? "ldirectord.cf"
            // ldirectord looks for a relative configuration in /etc/ha.d, the folder of haresources.
            kind = .balancer(configFile: file, path: IncludePath.resolve(file, relativeTo: haresources))
        case "LVSSyncDaemonSwap":
            guard let role = arguments.first, role == "master" || role == "backup" else {
                diagnostics.append(.error(at: word.location, "LVSSyncDaemonSwap needs master or backup, found \"\(word.text)\"",
                                          hint: "e.g. LVSSyncDaemonSwap::master"))
                return nil
            }
            kind = .stateSync(role: role)
        default:
            kind = .command(name: type, arguments: arguments)
        }
        return .init(kind: kind, text: word.text, location: word.location)
    }

    /// `ip[/bits[/interface[:label]][/broadcast]]`: a third field that starts with a digit is
    /// the broadcast address (`resources/heartbeat/IPaddr2.in`). The netmask may also be
    /// written dotted (255.255.255.0).
    private mutating func address(_ text: String, agent: String, word: ConfigWord) -> Configuration.Address? {
        let fields = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard let ip = IPAddress(parsing: fields[0]), ip.family == .v4 else {
            diagnostics.append(.error(at: word.location, "\(agent) address \"\(fields[0])\" is not an IPv4 address",
                                      hint: agent == "IPaddr2" || agent == "IPaddr" ? "IPv6 addresses were IPv6addr resources" : nil))
            return nil
        }
        var address = Configuration.Address(address: ip, agent: agent)
        if fields.count > 1, !fields[1].isEmpty {
            if let bits = Int(fields[1]), (0...32).contains(bits) {
                address.prefixLength = bits
            } else if let mask = IPAddress(parsing: fields[1]), let value = mask.ipv4Value,
                      value == (value.nonzeroBitCount == 0 ? 0 : UInt32.max << UInt32(32 - value.nonzeroBitCount)) {
                address.prefixLength = value.nonzeroBitCount
            } else {
                diagnostics.append(.error(at: word.location, "netmask \"\(fields[1])\" of \(agent) \(fields[0]) must be 0 to 32 bits"))
                return nil
            }
        }
        var rest = Array(fields.dropFirst(2))
        if let third = rest.first, !third.isEmpty, !(third.first?.isASCIIDigit ?? false) {
            let parts = third.split(separator: ":", maxSplits: 1).map(String.init)
            address.interface = parts[0]
            address.label = parts.count > 1 ? parts[1] : nil
            rest.removeFirst()
        }
        if let broadcast = rest.first, !broadcast.isEmpty {
            guard let value = IPAddress(parsing: broadcast), value.family == .v4 else {
                diagnostics.append(.error(at: word.location, "broadcast \"\(broadcast)\" of \(agent) \(fields[0]) is not an IPv4 address"))
                return nil
            }
            address.broadcast = value
            rest.removeFirst()
        }
        if let extra = rest.first {
            diagnostics.append(.warning(at: word.location, "\"\(extra)\" after the broadcast address of \(agent) \(fields[0]) is ignored"))
        }
        return address
    }

    /// `isip()` in ResourceManager: the shell pattern `[0-9]*.[0-9]*.[0-9]*.[0-9]*`.
    static func looksLikeIP(_ text: String) -> Bool {
        guard text.first?.isASCIIDigit ?? false else { return false }
        return text.filter { $0 == "." }.count >= 3
    }
}
