import RacimoCore

/// A `vrrp_instance` as written, before keepalived's defaults and checks are applied.
struct InstanceDraft {
    var instance: KeepalivedConfiguration.Instance
    var nameWord: ConfigWord
    var order: Int
    var state: (KeepalivedConfiguration.State, ConfigWord)?
    var priority: (Int, ConfigWord)?
    var version: (Int, ConfigWord)?
    var advert: (Duration, ConfigWord)?
    var virtualRouterIDWord: ConfigWord?
    /// Lines written in virtual_ipaddress blocks, valid or not.
    var virtualAddressLines = 0
    var authType: ConfigWord?
    var authPass: ConfigWord?
    var nopreempt: ConfigWord?
    var preemptDelay: ConfigWord?
    var trackScripts: [KeepalivedReader.TrackRef] = []
    /// `unicast_src_ip`, which alone does not make the instance unicast.
    var unicastKeyword: ConfigWord?
    var hasPeerBlock = false
    var interfaceWord: ConfigWord?
    var garpDelay: Duration?
    var garpRepeat: Int?
    var garpRefresh: Duration?
    var garpRefreshRepeat: Int?
    var lowerPriorityNoAdvert: Bool?
    var higherPrioritySendAdvert: Bool?
    var v3ChecksumAsV2 = false
    /// The first address that fixed the family (VIP, peer or source), for messages.
    var familySource: (IPAddress.Family, ConfigWord)?
}

extension KeepalivedReader {
    // MARK: - reading

    mutating func readInstance(_ statement: ConfigStatement) {
        guard let name = blockName(statement) else { return }
        guard let block = requireBlock(statement, context: "") else { return }
        if let existing = instances.first(where: { $0.instance.name == name.text }) {
            // `vrrp_handler()`: "vrrp instance %s already defined".
            diagnostics.append(.error(at: name.location, "vrrp_instance \(name.text) is already defined at \(existing.instance.location)"))
            return
        }
        let context = "vrrp_instance \(name.text)"
        var draft = InstanceDraft(
            instance: .init(name: name.text, location: statement.keyword.location), nameWord: name, order: order)
        for line in block {
            readInstanceLine(line, context: context, into: &draft)
        }
        instances.append(draft)
    }

    private mutating func readInstanceLine(_ line: ConfigStatement, context: String, into draft: inout InstanceDraft) {
        let keyword = line.keyword.text
        switch keyword {
        case "state":
            guard let word = value(line, context: context) else { return }
            guard let state = KeepalivedConfiguration.State(rawValue: word.text) else {
                // keepalived: "unknown state, defaulting to BACKUP".
                diagnostics.append(.error(at: word.location, "'state' in \(context) must be MASTER or BACKUP, found \"\(word.text)\"",
                                          suggestion: Suggestion.closest(to: word.text, in: ["MASTER", "BACKUP"])))
                return
            }
            if state == .backup, let (previous, at) = draft.state, previous == .master {
                // `vrrp_state_handler()`: "state previously set as MASTER - ignoring BACKUP".
                diagnostics.append(.warning(at: word.location,
                                            "'state BACKUP' in \(context) is ignored: state MASTER was set at \(at.location), and keepalived keeps it"))
                return
            }
            draft.state = (state, word)
        case "interface":
            guard let word = value(line, context: context) else { return }
            draft.interfaceWord = word
            guard word.text.utf8.count < 16, !word.text.isEmpty else {
                diagnostics.append(.error(at: word.location, "interface name \"\(word.text)\" in \(context) is longer than 15 characters"))
                return
            }
            draft.instance.interface = word.text
        case "virtual_router_id":
            if let vrid = integer(line, context: context, in: 1...255) { draft.instance.virtualRouterID = vrid }
            draft.virtualRouterIDWord = line.arguments.first ?? line.keyword
        case "priority":
            if let priority = integer(line, context: context, in: 1...255) { draft.priority = (priority, line.arguments[0]) }
        case "advert_int":
            // 0.01 to 255 s, microsecond resolution (`vrrp_adv_handler()`); rounded later.
            if let interval = seconds(line, context: context, digits: 6, in: 10_000...255_000_000) {
                draft.advert = (interval, line.arguments[0])
            }
        case "version":
            if let version = integer(line, context: context, in: 2...3) { draft.version = (version, line.arguments[0]) }
        case "authentication":
            readAuthentication(line, context: context, into: &draft)
        case "virtual_ipaddress":
            guard let block = requireBlock(line, context: context) else {
                draft.virtualAddressLines += 1  // already an error; no "has no virtual_ipaddress"
                return
            }
            noArguments(line, context: context)
            draft.virtualAddressLines += block.count
            for entry in block {
                if let address = virtualAddress(entry, context: context, draft: &draft) {
                    if draft.instance.virtualAddresses.contains(where: { $0.address == address.address }) {
                        // `vip_is_duplicate()` reports it and keeps the first.
                        diagnostics.append(.warning(at: entry.keyword.location,
                                                    "address \(address.address) is listed twice in \(context); the second is ignored, as keepalived does"))
                    } else {
                        draft.instance.virtualAddresses.append(address)
                    }
                }
            }
        case "no_virtual_ipaddress":
            flag(line, context: context)
            draft.instance.noVirtualAddresses = true
        case "track_script":
            draft.trackScripts += readTrackScripts(line, context: context)
        case "track_interface":
            draft.instance.trackInterfaces += readTrackInterfaces(line, context: context)
        case "nopreempt":
            flag(line, context: context)
            draft.instance.preempt = false
            draft.nopreempt = line.keyword
        case "preempt":
            flag(line, context: context)
            draft.instance.preempt = true
            draft.nopreempt = nil
        case "preempt_delay":
            // 0…1000 s (TIMER_MAX_SEC, lib/timer.h), microsecond resolution.
            if let delay = seconds(line, context: context, digits: 6, in: 0...1_000_000_000) {
                draft.instance.preemptDelay = delay
                draft.preemptDelay = line.arguments[0]
            }
        case "unicast_src_ip", "mcast_src_ip":
            guard let word = value(line, context: context) else { return }
            if keyword == "unicast_src_ip" { draft.unicastKeyword = draft.unicastKeyword ?? line.keyword }
            if let address = address(word, what: "'\(keyword)' in \(context)"), checkFamily(address, word, context: context, draft: &draft) {
                draft.instance.sourceAddress = address
            }
        case "unicast_peer":
            guard let block = requireBlock(line, context: context) else { return }
            noArguments(line, context: context)
            draft.hasPeerBlock = true
            for entry in block {
                if let peer = unicastPeer(entry, context: context, draft: &draft) {
                    if draft.instance.unicastPeers.contains(where: { $0.address == peer.address }) {
                        diagnostics.append(.warning(at: entry.keyword.location,
                                                    "unicast_peer \(peer.address) is listed twice in \(context); the second is ignored, as keepalived does"))
                    } else {
                        draft.instance.unicastPeers.append(peer)
                    }
                }
            }
        case "notify_master", "notify_backup", "notify_fault", "notify_stop", "notify":
            readNotify(line, context: context, into: &draft.instance.notify)
        case "dont_track_primary":
            flag(line, context: context)
            draft.instance.dontTrackPrimary = true
        case "garp_master_delay":
            if let seconds = integer(line, context: context, in: 0...4294) { draft.garpDelay = .seconds(seconds) }
        case "garp_master_repeat":
            if let repeats = garpRepeat(line, context: context) { draft.garpRepeat = repeats }
        case "garp_master_refresh":
            if let seconds = integer(line, context: context, in: 0...Int(UInt32.max)) { draft.garpRefresh = .seconds(seconds) }
        case "garp_master_refresh_repeat":
            if let repeats = garpRepeat(line, context: context) { draft.garpRefreshRepeat = repeats }
        case "lower_prio_no_advert":
            if let on = optionalBoolean(line, context: context) { draft.lowerPriorityNoAdvert = on }
        case "higher_prio_send_advert":
            if let on = optionalBoolean(line, context: context) { draft.higherPrioritySendAdvert = on }
        case "v3_checksum_as_v2":
            flag(line, context: context)
            draft.v3ChecksumAsV2 = true
        case "accept":
            // keepalived's default without vrrp_strict, and what Racimo always does.
            flag(line, context: context)
        default:
            unknown(line, in: KeepalivedKeywords.instance, context: context)
        }
    }

    private mutating func readAuthentication(_ line: ConfigStatement, context: String, into draft: inout InstanceDraft) {
        guard let block = requireBlock(line, context: context) else { return }
        noArguments(line, context: context)
        let inner = "authentication of \(context)"
        for entry in block {
            switch entry.keyword.text {
            case "auth_type":
                guard let word = value(entry, context: inner) else { continue }
                switch word.text {
                case "PASS":
                    draft.authType = word
                case "AH":
                    diagnostics.append(.error(at: word.location, "'auth_type AH' in \(context) is not supported by racimo vrrp",
                                              hint: "use auth_type PASS, or no authentication"))
                default:
                    // keepalived: "unknown authentication type", and no authentication.
                    diagnostics.append(.error(at: word.location, "'auth_type' in \(context) must be PASS or AH, found \"\(word.text)\"",
                                              suggestion: Suggestion.closest(to: word.text, in: ["PASS", "AH"])))
                }
            case "auth_pass":
                guard let word = value(entry, context: inner) else { continue }
                draft.authPass = word
                let count = word.text.utf8.count
                if count > 8 {
                    // `vrrp_auth_pass_handler()` truncates; man l.2013: "Only the first eight
                    // (8) characters are used". The password itself is not repeated here.
                    diagnostics.append(.warning(at: word.location,
                                                "'auth_pass' in \(context) has \(count) characters; only the first 8 are used, as in keepalived"))
                }
            default:
                unknown(entry, in: KeepalivedKeywords.authentication, context: inner)
            }
        }
        if draft.authType == nil, draft.authPass != nil, !block.contains(where: { $0.keyword.text == "auth_type" }) {
            diagnostics.append(.error(at: line.keyword.location, "'authentication' in \(context) has no auth_type",
                                      hint: "add 'auth_type PASS'"))
        }
    }

    /// `ADDR[/PREFIX] [dev IF] [brd ADDR|+|-] [label L] [scope S] [no_track] ...`
    /// (`alloc_ipaddress()` in vrrp_ipaddress.c).
    private mutating func virtualAddress(_ entry: ConfigStatement, context: String, draft: inout InstanceDraft)
        -> KeepalivedConfiguration.VirtualAddress?
    {
        noBlock(entry, context: "virtual_ipaddress of \(context)")
        let word = entry.keyword
        let (addressText, prefixText) = splitPrefix(word.text)
        guard let address = IPAddress(parsing: addressText) else {
            diagnostics.append(.error(at: word.location, "\"\(word.text)\" in virtual_ipaddress of \(context) is not an IP address"))
            return nil
        }
        var prefix = address.family.bitCount
        if let prefixText {
            guard let value = KeepalivedValues.integer(prefixText), (0...address.family.bitCount).contains(value) else {
                diagnostics.append(.error(at: word.location,
                                          "prefix length of \(addressText) in \(context) must be from 0 to \(address.family.bitCount), found \"\(prefixText)\""))
                return nil
            }
            prefix = value
        }
        guard checkFamily(address, word, context: context, draft: &draft) else { return nil }
        var vip = KeepalivedConfiguration.VirtualAddress(address: address, prefixLength: prefix, location: word.location)
        let what = "address \(addressText) in \(context)"
        let options = ["dev", "brd", "broadcast", "label", "scope", "no_track"]
        let ignoredWithValue = ["peer", "preferred_lft"]
        let ignored = ["home", "-nodad", "mngtmpaddr", "noprefixroute", "autojoin"]
        var broadcastWord: ConfigWord?
        var index = 0
        let args = entry.arguments
        while index < args.count {
            let option = args[index]
            let needsValue = options.prefix(5).contains(option.text) || ignoredWithValue.contains(option.text)
            if needsValue, index + 1 >= args.count {
                // keepalived drops the whole address ("No %s parameter specified").
                diagnostics.append(.error(at: option.location, "'\(option.text)' of \(what) needs a value"))
                return nil
            }
            switch option.text {
            case "dev":
                if vip.device != nil {
                    diagnostics.append(.error(at: option.location, "'dev' is given twice for \(what)"))
                    return nil
                }
                vip.device = args[index + 1].text
                index += 2
            case "brd", "broadcast":
                guard address.family == .v4 else {
                    diagnostics.append(.error(at: option.location, "an IPv6 address has no broadcast address (\(what))"))
                    return nil
                }
                broadcastWord = args[index + 1]
                index += 2
            case "label":
                let label = args[index + 1]
                guard label.text.utf8.count < 16 else {
                    diagnostics.append(.error(at: label.location, "label \"\(label.text)\" of \(what) is longer than 15 characters"))
                    return nil
                }
                vip.label = label.text
                index += 2
            case "scope":
                let scope = args[index + 1]
                let names = ["global", "nowhere", "host", "link", "site"]
                guard names.contains(scope.text) || (KeepalivedValues.integer(scope.text).map { (0...255).contains($0) } ?? false) else {
                    diagnostics.append(.error(at: scope.location, "scope of \(what) must be host, link, global, site, nowhere or 0 to 255, found \"\(scope.text)\"",
                                              suggestion: Suggestion.closest(to: scope.text, in: names)))
                    return nil
                }
                vip.scope = scope.text
                index += 2
            case "no_track":
                vip.track = false
                index += 1
            case "use_vmac":
                diagnostics.append(.error(at: option.location, "'use_vmac' of \(what) is not supported by racimo vrrp",
                                          hint: "racimo vrrp keeps the interface's own MAC address and moves the addresses with gratuitous ARP; remove it"))
                return nil
            case _ where ignoredWithValue.contains(option.text):
                diagnostics.append(.warning(at: option.location, "'\(option.text) \(args[index + 1].text)' of \(what) is not supported by racimo vrrp and is ignored"))
                index += 2
            case _ where ignored.contains(option.text):
                diagnostics.append(.warning(at: option.location, "'\(option.text)' of \(what) is not supported by racimo vrrp and is ignored"))
                index += 1
            default:
                // keepalived: "Unknown configuration entry '%s' for ip address - ignoring".
                if let suggestion = Suggestion.closest(to: option.text, in: options + ignoredWithValue + ignored + ["use_vmac"]) {
                    diagnostics.append(.error(at: option.location, "unknown option '\(option.text)' for \(what)", suggestion: suggestion))
                    return nil
                }
                diagnostics.append(.warning(at: option.location, "unknown option '\(option.text)' for \(what), ignored",
                                            hint: "keepalived ignores it too"))
                index += 1
            }
        }
        if let broadcastWord {
            switch broadcastWord.text {
            case "+", "-":
                // `alloc_ipaddress()`: the highest (+) or lowest (-) address of the prefix,
                // only for prefixes up to /30.
                guard prefix <= 30, let value = address.ipv4Value else {
                    diagnostics.append(.error(at: broadcastWord.location, "'brd \(broadcastWord.text)' needs a prefix of /30 or shorter (\(what))"))
                    return nil
                }
                let hostMask: UInt32 = prefix == 0 ? .max : (UInt32.max >> UInt32(prefix))
                vip.broadcast = IPAddress(ipv4: broadcastWord.text == "+" ? value | hostMask : value & ~hostMask)
            default:
                guard let broadcast = IPAddress(parsing: broadcastWord.text), broadcast.family == .v4 else {
                    diagnostics.append(.error(at: broadcastWord.location, "broadcast \"\(broadcastWord.text)\" of \(what) is not an IPv4 address"))
                    return nil
                }
                vip.broadcast = broadcast
            }
        }
        return vip
    }

    /// `ADDR [min_ttl N] [max_ttl N]` (`alloc_vrrp_unicast_peer()` in vrrp_data.c).
    private mutating func unicastPeer(_ entry: ConfigStatement, context: String, draft: inout InstanceDraft)
        -> KeepalivedConfiguration.UnicastPeer?
    {
        noBlock(entry, context: "unicast_peer of \(context)")
        guard let address = address(entry.keyword, what: "unicast_peer of \(context)") else { return nil }
        guard checkFamily(address, entry.keyword, context: context, draft: &draft) else { return nil }
        var peer = KeepalivedConfiguration.UnicastPeer(address: address)
        var index = 0
        let args = entry.arguments
        while index < args.count {
            let option = args[index]
            guard option.text == "min_ttl" || option.text == "max_ttl" else {
                diagnostics.append(.error(at: option.location, "unknown option '\(option.text)' for unicast_peer \(address) in \(context)",
                                          suggestion: Suggestion.closest(to: option.text, in: ["min_ttl", "max_ttl"])))
                return nil
            }
            guard index + 1 < args.count else {
                diagnostics.append(.error(at: option.location, "'\(option.text)' of unicast_peer \(address) in \(context) needs a value"))
                return nil
            }
            guard let ttl = integer(args[index + 1], keyword: option.text, context: "unicast_peer \(address) of \(context)", in: 0...255) else {
                return nil
            }
            if option.text == "min_ttl" { peer.minTTL = ttl } else { peer.maxTTL = ttl }
            index += 2
        }
        if peer.minTTL > peer.maxTTL {
            diagnostics.append(.error(at: entry.keyword.location,
                                      "unicast_peer \(address) in \(context) has min_ttl \(peer.minTTL) above max_ttl \(peer.maxTTL), so every advert would be dropped"))
            return nil
        }
        return peer
    }

    private mutating func address(_ word: ConfigWord, what: String) -> IPAddress? {
        guard let address = IPAddress(parsing: word.text) else {
            diagnostics.append(.error(at: word.location, "\"\(word.text)\" in \(what) is not an IP address"))
            return nil
        }
        return address
    }

    /// All VIPs, peers and the source address of an instance must be of one family
    /// (`alloc_vrrp_vip()`, `alloc_vrrp_unicast_peer()`).
    private mutating func checkFamily(_ address: IPAddress, _ word: ConfigWord, context: String, draft: inout InstanceDraft) -> Bool {
        guard let (family, first) = draft.familySource else {
            draft.familySource = (address.family, word)
            return true
        }
        guard family == address.family else {
            diagnostics.append(.error(at: word.location,
                                      "\(address) in \(context) is \(address.family), but \(first.text) at \(first.location) is \(family)",
                                      hint: "an instance's addresses and peers are of one family; use a second vrrp_instance for the other"))
            return false
        }
        return true
    }

    private func splitPrefix(_ text: String) -> (String, String?) {
        guard let slash = text.firstIndex(of: "/") else { return (text, nil) }
        return (String(text[..<slash]), String(text[text.index(after: slash)...]))
    }
}
