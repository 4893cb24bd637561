import RacimoCore

/// Reading keepalived.conf: `vrrp_sync_group`.
extension KeepalivedReader {
    mutating func readSyncGroup(_ statement: ConfigStatement) {
        guard let name = blockName(statement) else { return }
        guard let block = requireBlock(statement, context: "") else { return }
        let context = "vrrp_sync_group \(name.text)"
        if let existing = groups.first(where: { $0.group.name == name.text }) {
            diagnostics.append(.error(at: name.location, "vrrp_sync_group \(name.text) is already defined at \(existing.group.location)"))
            return
        }
        var group = Configuration.SyncGroup(name: name.text, location: statement.keyword.location)
        var members: [ConfigWord] = []
        var sawGroup = false
        var refs: [TrackRef] = []
        for line in block {
            switch line.keyword.text {
            case "group":
                guard let list = requireBlock(line, context: context) else { continue }
                noArguments(line, context: context)
                if sawGroup {
                    diagnostics.append(.error(at: line.keyword.location, "'group' is given twice in \(context)",
                                              hint: "list every member in one group { ... }"))
                    continue
                }
                sawGroup = true
                // `read_value_block()`: every word of the block is a name.
                for entry in list {
                    for word in [entry.keyword] + entry.arguments {
                        if members.contains(where: { $0.text == word.text }) {
                            diagnostics.append(.warning(at: word.location, "'\(word.text)' is listed twice in \(context)"))
                        } else {
                            members.append(word)
                        }
                    }
                    if entry.block != nil {
                        diagnostics.append(.error(at: entry.keyword.location, "a member of 'group' in \(context) takes no block"))
                    }
                }
            case "notify_master", "notify_backup", "notify_fault", "notify_stop", "notify":
                readNotify(line, context: context, into: &group.notify)
            case "track_script":
                refs += readTrackScripts(line, context: context)
            case "track_interface":
                group.trackInterfaces += readTrackInterfaces(line, context: context)
            case "sync_group_tracking_weight":
                flag(line, context: context)
                group.trackingWeight = true
            case "global_tracking":
                flag(line, context: context)
                diagnostics.append(.warning(at: line.keyword.location, "'global_tracking' in \(context) is deprecated",
                                            suggestion: "sync_group_tracking_weight"))
                group.trackingWeight = true
            default:
                unknown(line, in: KeepalivedKeywords.syncGroup, context: context)
            }
        }
        if !sawGroup || members.isEmpty {
            // `vrrp_sync_group_end_handler()`: "Sync group has no members - removing".
            diagnostics.append(.error(at: statement.keyword.location, "\(context) has no members",
                                      hint: "list its instances in group { VI_1 VI_2 }"))
            return
        }
        groups.append((group, members, refs, order))
    }
}
