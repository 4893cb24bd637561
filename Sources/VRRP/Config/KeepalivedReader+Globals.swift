import RacimoCore

/// Reading keepalived.conf: `global_defs`.
extension KeepalivedReader {
    mutating func readGlobals(_ block: [ConfigStatement]) {
        let context = "global_defs"
        for statement in block {
            let keyword = statement.keyword.text
            switch keyword {
            case "router_id":
                if let word = value(statement, context: context) { globals.routerID = word.text }
            case "script_user":
                noBlock(statement, context: context)
                if let parsed = KeepalivedValues.userAndGroup(statement.arguments.prefix(2).map(\.text)) {
                    globals.scriptUser = parsed.user
                    globals.scriptGroup = parsed.group
                } else {
                    diagnostics.append(.error(at: statement.keyword.location, "'script_user' in global_defs needs a user name"))
                }
            case "enable_script_security":
                flag(statement, context: context)
                globals.enableScriptSecurity = true
            case "vrrp_version":
                if let version = integer(statement, context: context, in: 2...3) { globals.vrrpVersion = version }
            case "vrrp_garp_master_delay":
                // Whole seconds (`vrrp_garp_delay_handler()`, global_parser.c).
                if let seconds = integer(statement, context: context, in: 0...4294) {
                    globals.garp.masterDelay = .seconds(seconds)
                    explicitGlobalGARP.insert(keyword)
                }
            case "vrrp_garp_master_repeat":
                if let repeats = garpRepeat(statement, context: context) {
                    globals.garp.masterRepeat = repeats
                    explicitGlobalGARP.insert(keyword)
                }
            case "vrrp_garp_master_refresh":
                if let seconds = integer(statement, context: context, in: 0...Int(UInt32.max)) {
                    globals.garp.masterRefresh = .seconds(seconds)
                    explicitGlobalGARP.insert(keyword)
                }
            case "vrrp_garp_master_refresh_repeat":
                if let repeats = garpRepeat(statement, context: context) {
                    globals.garp.masterRefreshRepeat = repeats
                    explicitGlobalGARP.insert(keyword)
                }
            case "vrrp_garp_interval":
                if let interval = seconds(statement, context: context, digits: 6, in: 1...4_294_000_000) {
                    globals.garpInterval = interval
                }
            case "vrrp_gna_interval":
                if let interval = seconds(statement, context: context, digits: 6, in: 1...4_294_000_000) {
                    globals.gnaInterval = interval
                }
            case "vrrp_min_garp":
                if let on = optionalBoolean(statement, context: context) { globals.minGARP = on }
            case "v3_checksum_as_v2":
                flag(statement, context: context)
                globals.v3ChecksumAsV2 = true
            case "vrrp_lower_prio_no_advert":
                if let on = optionalBoolean(statement, context: context) { globals.lowerPriorityNoAdvert = on }
            case "vrrp_higher_prio_send_advert":
                if let on = optionalBoolean(statement, context: context) { globals.higherPrioritySendAdvert = on }
            default:
                unknown(statement, in: KeepalivedKeywords.globalDefs, context: context)
            }
        }
        // `vrrp_min_garp_handler()`: one GARP, no repeat, no refresh, no delay, for the
        // settings not given explicitly.
        if globals.minGARP {
            if !explicitGlobalGARP.contains("vrrp_garp_master_repeat") { globals.garp.masterRepeat = 1 }
            if !explicitGlobalGARP.contains("vrrp_garp_master_refresh") { globals.garp.masterRefresh = .zero }
            if !explicitGlobalGARP.contains("vrrp_garp_master_refresh_repeat") { globals.garp.masterRefreshRepeat = 0 }
            if !explicitGlobalGARP.contains("vrrp_garp_master_delay") { globals.garp.masterDelay = .zero }
        }
    }

    /// A GARP repeat count: keepalived turns 0 into 1 with a message (kept for compatibility
    /// with versions before 2.0.7); Racimo does the same and warns.
    mutating func garpRepeat(_ statement: ConfigStatement, context: String) -> Int? {
        guard let repeats = integer(statement, context: context, in: 0...Int(UInt32.max)) else { return nil }
        if repeats == 0 {
            diagnostics.append(.warning(at: statement.arguments[0].location,
                                        "'\(statement.keyword.text)'\(Self.place(context)) must be at least 1; using 1, as keepalived does"))
            return 1
        }
        return repeats
    }
}
