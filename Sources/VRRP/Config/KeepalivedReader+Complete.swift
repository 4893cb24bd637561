import RacimoCore

/// The checks and defaults keepalived applies once the whole file is read:
/// `vrrp_complete_instance()` and `check_vrid_conflicts()` in `keepalived/vrrp/vrrp.c`.
extension KeepalivedReader {
    mutating func complete(mainFile: String) -> Configuration {
        // Sync groups: members may be defined anywhere in the file (keepalived resolves them
        // after reading it), but each instance belongs to one group at most.
        var groupOf: [String: Configuration.SyncGroup] = [:]
        var finalGroups: [Configuration.SyncGroup] = []
        for (group, members, refs, groupOrder) in groups {
            var group = group
            let context = "vrrp_sync_group \(group.name)"
            var valid: [String] = []
            for word in members {
                guard instances.contains(where: { $0.instance.name == word.text }) else {
                    diagnostics.append(.error(at: word.location, "\(context) names vrrp_instance '\(word.text)', which is not defined",
                                              suggestion: Suggestion.closest(to: word.text, in: instances.map(\.instance.name))))
                    continue
                }
                if let other = groupOf[word.text] {
                    diagnostics.append(.error(at: word.location, "vrrp_instance \(word.text) is already in vrrp_sync_group \(other.name)",
                                              hint: "an instance belongs to one sync group at most"))
                    continue
                }
                valid.append(word.text)
                groupOf[word.text] = group
            }
            group.members = valid
            group.trackScripts = resolve(refs, order: groupOrder, owner: context)
            if members.count == 1 {
                // `vrrp_sync_group_end_handler()` et seq.: "has only 1 virtual router(s) -
                // this probably isn't what you want".
                diagnostics.append(.warning(at: group.location, "\(context) has only one member, \(members[0].text)",
                                            hint: "a sync group moves several instances together"))
            }
            for name in valid { groupOf[name] = group }
            finalGroups.append(group)
        }

        var finished: [Configuration.Instance] = []
        for draft in instances {
            finished.append(completeInstance(draft, group: groupOf[draft.instance.name]))
        }
        checkVRIDConflicts(finished)

        var tracked = Set(finished.flatMap { $0.trackScripts.map(\.script) })
        tracked.formUnion(finalGroups.flatMap { $0.trackScripts.map(\.script) })
        tracked.formUnion(instances.flatMap { $0.trackScripts.map(\.name.text) })
        tracked.formUnion(groups.flatMap { $0.scripts.map(\.name.text) })
        for (script, _) in scripts where !tracked.contains(script.name) {
            diagnostics.append(Diagnostic(.note, at: script.location,
                                          "vrrp_script \(script.name) is not tracked by any vrrp_instance or vrrp_sync_group"))
        }

        if finished.isEmpty, !diagnostics.hasErrors {
            diagnostics.append(.error(at: SourceLocation(file: mainFile, line: 1, column: 1),
                                      "no vrrp_instance: there is nothing for racimo vrrp to run",
                                      hint: "keepalived would start and do nothing"))
        }
        return Configuration(globals: globals, scripts: scripts.map(\.script), instances: finished,
                             syncGroups: finalGroups, files: files)
    }

    /// Resolves `track_script` names against the scripts defined before `order`: keepalived
    /// looks them up while reading (`alloc_track_script()` in vrrp_track.c), so a script
    /// defined further down is "not found, ignoring" there, and silently untracked.
    mutating func resolve(_ refs: [TrackRef], order: Int, owner: String) -> [Configuration.TrackedScript] {
        var result: [Configuration.TrackedScript] = []
        for ref in refs {
            guard let (script, scriptOrder) = scripts.first(where: { $0.script.name == ref.name.text }) else {
                diagnostics.append(.error(at: ref.name.location, "track_script '\(ref.name.text)' in \(owner) names no vrrp_script",
                                          suggestion: Suggestion.closest(to: ref.name.text, in: scripts.map(\.script.name))))
                continue
            }
            if scriptOrder > order {
                diagnostics.append(.error(
                    at: ref.name.location,
                    "vrrp_script \(script.name) is defined after \(owner), at \(script.location); keepalived reads the file in one pass and would not track it",
                    hint: "move the vrrp_script block above \(owner)"))
                continue
            }
            result.append(.init(script: script.name, weight: ref.weight ?? script.weight,
                                reverse: ref.reverse ?? script.reverse, location: ref.name.location))
        }
        return result
    }

    private mutating func completeInstance(_ draft: InstanceDraft, group: Configuration.SyncGroup?) -> Configuration.Instance {
        var instance = draft.instance
        let context = "vrrp_instance \(instance.name)"
        instance.family = draft.familySource?.0 ?? .v4
        instance.syncGroup = group?.name
        instance.trackScripts = resolve(draft.trackScripts, order: draft.order, owner: context)

        // Version: given, else 3 for IPv6, else vrrp_version.
        if let (version, word) = draft.version {
            if version == 2, instance.family == .v6 {
                diagnostics.append(.error(at: word.location, "'version 2' in \(context) cannot carry IPv6 addresses",
                                          hint: "VRRPv2 is for IPv4 only (RFC 3768); use version 3"))
            }
            instance.version = version
        } else {
            instance.version = instance.family == .v6 ? 3 : globals.vrrpVersion
        }

        // Priority from the state when not given, then the state from the priority.
        if let (priority, _) = draft.priority {
            instance.priority = priority
        } else if let (state, word) = draft.state, state == .master {
            instance.priority = 255
            diagnostics.append(Diagnostic(.note, at: word.location,
                                          "\(context) has state MASTER and no priority, so its priority is 255 (address owner), as in keepalived",
                                          hint: "set 'priority' below 255 to let a backup with a higher priority take over"))
        } else {
            instance.priority = 100
        }
        instance.state = draft.state?.0 ?? (instance.priority == 255 ? .master : .backup)

        // Authentication (v2 only; a password is required).
        if let type = draft.authType {
            if instance.version == 3 {
                diagnostics.append(.warning(at: type.location, "VRRPv3 has no authentication: 'authentication' in \(context) is ignored, as keepalived does"))
            } else if let pass = draft.authPass, !pass.text.isEmpty {
                instance.authPassword = String(decoding: Array(pass.text.utf8.prefix(8)), as: UTF8.self)
            } else {
                diagnostics.append(.error(at: type.location, "'authentication' in \(context) has auth_type PASS but no auth_pass",
                                          hint: "keepalived would send adverts without authentication"))
            }
        }

        // Unicast keywords without peers fall back to multicast (deprecated after 2.2.4).
        if let word = draft.unicastKeyword, !draft.hasPeerBlock {
            diagnostics.append(.warning(at: word.location,
                                        "\(context) has '\(word.text)' but no unicast_peer, so its adverts are multicast, as keepalived does"))
        }
        if draft.interfaceWord == nil, !(draft.hasPeerBlock && draft.unicastKeyword != nil) {
            diagnostics.append(.error(at: draft.nameWord.location, "\(context) has no 'interface'",
                                      hint: "name the interface its adverts go out on, e.g. 'interface eth0'"))
        }
        if draft.virtualRouterIDWord == nil {
            diagnostics.append(.error(at: draft.nameWord.location, "\(context) has no 'virtual_router_id'",
                                      hint: "choose 1 to 255, the same on every router of this instance"))
        }

        // Preemption overrides, in keepalived's order.
        if instance.priority == 255, let word = draft.nopreempt {
            diagnostics.append(.warning(at: word.location, "'nopreempt' in \(context) is ignored: an instance with priority 255 always takes over, as in keepalived"))
            instance.preempt = true
        }
        if instance.state == .master {
            if !instance.preempt, let word = draft.nopreempt {
                diagnostics.append(.warning(at: word.location, "'nopreempt' in \(context) is ignored because its initial state is MASTER, as keepalived does",
                                            hint: "use 'state BACKUP' on every router with nopreempt"))
                instance.preempt = true
            }
            if instance.preemptDelay > .zero, let word = draft.preemptDelay {
                diagnostics.append(.warning(at: word.location, "'preempt_delay' in \(context) is ignored because its initial state is MASTER, as keepalived does"))
                instance.preemptDelay = .zero
            }
        }
        if instance.preemptDelay > .zero, !instance.preempt, let word = draft.preemptDelay {
            diagnostics.append(.warning(at: word.location, "'preempt_delay' in \(context) is ignored with nopreempt, as keepalived does"))
            instance.preemptDelay = .zero
        }

        instance.advertInterval = roundedAdvert(draft, version: instance.version, context: context)

        if draft.virtualAddressLines == 0, !instance.noVirtualAddresses {
            if instance.version == 3 {
                diagnostics.append(.error(at: draft.nameWord.location, "\(context) has no virtual_ipaddress; VRRPv3 needs at least one",
                                          hint: "add one, or 'no_virtual_ipaddress' if that is on purpose"))
            } else {
                diagnostics.append(.warning(at: draft.nameWord.location, "\(context) has no virtual_ipaddress",
                                            hint: "add one, or 'no_virtual_ipaddress' if that is on purpose"))
            }
        }

        // Weighted trackers of sync group members (without sync_group_tracking_weight) and of
        // address owners are dropped (vrrp.c, "ignoring tracked script %s with weights due to").
        let syncWithoutWeights = group.map { !$0.trackingWeight } ?? false
        if syncWithoutWeights || instance.priority == 255 {
            let reason = syncWithoutWeights ? "it is in vrrp_sync_group \(group!.name)" : "its priority is 255"
            let hint = syncWithoutWeights ? "add 'sync_group_tracking_weight' to vrrp_sync_group \(group!.name) to use weights" : nil
            instance.trackInterfaces = instance.trackInterfaces.compactMap { tracked in
                guard tracked.weight != 0 else { return tracked }
                if syncWithoutWeights {
                    diagnostics.append(.warning(at: tracked.location,
                                                "the weight of track_interface \(tracked.interface) in \(context) is ignored because \(reason): the interface going down puts the instance in FAULT, as in keepalived",
                                                hint: hint))
                    var zero = tracked
                    zero.weight = 0
                    return zero
                }
                diagnostics.append(.warning(at: tracked.location,
                                            "track_interface \(tracked.interface) in \(context) is ignored because \(reason), as in keepalived"))
                return nil
            }
            instance.trackScripts = instance.trackScripts.filter { tracked in
                guard tracked.weight != 0 else { return true }
                diagnostics.append(.warning(at: tracked.location,
                                            "track_script \(tracked.script) in \(context) is ignored because \(reason) and the script has weight \(tracked.weight): keepalived does not track it",
                                            hint: syncWithoutWeights
                                                ? "add 'sync_group_tracking_weight' to vrrp_sync_group \(group!.name), or give the script weight 0 so that a failure puts the group in FAULT"
                                                : "give the script weight 0 so that a failure puts the instance in FAULT"))
                return false
            }
        }

        instance.garp = globals.garp
        if let value = draft.garpDelay { instance.garp.masterDelay = value }
        if let value = draft.garpRepeat { instance.garp.masterRepeat = value }
        if let value = draft.garpRefresh { instance.garp.masterRefresh = value }
        if let value = draft.garpRefreshRepeat { instance.garp.masterRefreshRepeat = value }
        instance.lowerPriorityNoAdvert = draft.lowerPriorityNoAdvert ?? globals.lowerPriorityNoAdvert
        instance.higherPrioritySendAdvert = draft.higherPrioritySendAdvert ?? globals.higherPrioritySendAdvert
        instance.v3ChecksumAsV2 = draft.v3ChecksumAsV2 || globals.v3ChecksumAsV2
        return instance
    }

    /// keepalived's advert interval rounding (vrrp.c, `vrrp_complete_instance()`): VRRPv2
    /// carries whole seconds (rounded half up, at least 1 s); VRRPv3 carries centiseconds in 12
    /// bits (rounded half up to 10 ms, from 10 ms to 40.95 s).
    private mutating func roundedAdvert(_ draft: InstanceDraft, version: Int, context: String) -> Duration {
        guard let (interval, word) = draft.advert else { return .seconds(1) }
        let micros = interval.components.seconds * 1_000_000 + interval.components.attoseconds / 1_000_000_000_000
        var rounded = micros
        var why = ""
        if version == 2 {
            if micros % 1_000_000 != 0 {
                rounded = max(1_000_000, (micros + 500_000) / 1_000_000 * 1_000_000)
                why = "VRRPv2 adverts carry whole seconds"
            }
        } else if micros >= 40_960_000 {
            rounded = 40_950_000
            why = "VRRPv3 adverts carry at most 40.95s"
        } else if micros % 10_000 != 0 {
            rounded = min(40_950_000, max(10_000, (micros + 5_000) / 10_000 * 10_000))
            why = "VRRPv3 adverts carry hundredths of a second"
        }
        let result = Duration.microseconds(rounded)
        if rounded != micros {
            diagnostics.append(.warning(at: word.location,
                                        "'advert_int \(word.text)' in \(context) is rounded to \(DurationLiteral.format(result)): \(why), as keepalived does"))
        }
        return result
    }

    /// Two instances with one VRID on one interface and family would answer each other's
    /// adverts (`check_vrid_conflicts()` in vrrp.c: "duplicate VRID conflict").
    private mutating func checkVRIDConflicts(_ finished: [Configuration.Instance]) {
        for (index, b) in finished.enumerated() {
            guard let bWord = instances[index].virtualRouterIDWord, b.virtualRouterID != 0 else { continue }
            for a in finished[..<index] {
                guard a.virtualRouterID == b.virtualRouterID, a.family == b.family, a.usesUnicast == b.usesUnicast else { continue }
                let conflict: Bool
                if a.usesUnicast {
                    let sameSource = a.sourceAddress != nil && a.sourceAddress == b.sourceAddress
                    let sameInterface = a.interface == nil || b.interface == nil || a.interface == b.interface
                    let sharedPeer = a.unicastPeers.contains { p in b.unicastPeers.contains { $0.address == p.address } }
                    conflict = sameSource && sameInterface && sharedPeer
                } else {
                    conflict = a.interface != nil && a.interface == b.interface
                }
                if conflict {
                    diagnostics.append(.error(
                        at: bWord.location,
                        "virtual_router_id \(b.virtualRouterID) of vrrp_instance \(b.name) is already used by vrrp_instance \(a.name) (at \(a.location)) on \(a.interface ?? "the same peers")",
                        hint: "give each instance on an interface its own virtual_router_id"))
                    break
                }
            }
        }
    }
}
