import RacimoCore

/// Reading keepalived.conf: `track_script`, `track_interface` and the `notify*` lines of instances and sync groups.
extension KeepalivedReader {
    /// One line of a `track_script` block, resolved once every script is known.
    struct TrackRef {
        var name: ConfigWord
        var weight: Int?
        var reverse: Bool?
    }

    mutating func readTrackScripts(_ statement: ConfigStatement, context: String) -> [TrackRef] {
        guard let block = requireBlock(statement, context: context) else { return [] }
        noArguments(statement, context: context)
        var refs: [TrackRef] = []
        for line in block {
            noBlock(line, context: "track_script of \(context)")
            var ref = TrackRef(name: line.keyword)
            if refs.contains(where: { $0.name.text == line.keyword.text }) {
                diagnostics.append(.warning(at: line.keyword.location,
                                            "track_script '\(line.keyword.text)' is listed twice in \(context); the second is ignored, as keepalived does"))
                continue
            }
            if let (weight, reverse) = trackOptions(line, what: "track_script '\(line.keyword.text)' in \(context)", allowsNoreverse: true) {
                ref.weight = weight
                ref.reverse = reverse
            } else if !line.arguments.isEmpty {
                continue
            }
            refs.append(ref)
        }
        return refs
    }

    mutating func readTrackInterfaces(_ statement: ConfigStatement, context: String) -> [Configuration.TrackedInterface] {
        guard let block = requireBlock(statement, context: context) else { return [] }
        noArguments(statement, context: context)
        var tracked: [Configuration.TrackedInterface] = []
        for line in block {
            noBlock(line, context: "track_interface of \(context)")
            if tracked.contains(where: { $0.interface == line.keyword.text }) {
                diagnostics.append(.warning(at: line.keyword.location,
                                            "track_interface '\(line.keyword.text)' is listed twice in \(context); the second is ignored, as keepalived does"))
                continue
            }
            var entry = Configuration.TrackedInterface(interface: line.keyword.text, location: line.keyword.location)
            if let (weight, reverse) = trackOptions(line, what: "track_interface '\(line.keyword.text)' in \(context)", allowsNoreverse: false) {
                entry.weight = weight ?? 0
                entry.reverse = reverse ?? false
            } else if !line.arguments.isEmpty {
                continue
            }
            tracked.append(entry)
        }
        return tracked
    }

    /// `[weight N [reverse]]` after a tracked name (`alloc_track_script()`, `alloc_track_if()`
    /// in vrrp_track.c). nil with an error when malformed (keepalived drops the tracker then,
    /// which would silently stop tracking); (nil, nil) when there are no options.
    private mutating func trackOptions(_ line: ConfigStatement, what: String, allowsNoreverse: Bool) -> (Int?, Bool?)? {
        let args = line.arguments
        guard let option = args.first else { return (nil, nil) }
        guard option.text == "weight" else {
            diagnostics.append(.error(at: option.location, "unknown option '\(option.text)' for \(what)",
                                      suggestion: Suggestion.closest(to: option.text, in: ["weight"]),
                                      hint: "write 'NAME weight N'"))
            return nil
        }
        guard args.count >= 2 else {
            diagnostics.append(.error(at: option.location, "'weight' for \(what) needs a value"))
            return nil
        }
        guard let weight = integer(args[1], keyword: "weight", context: what, in: -253...253) else { return nil }
        var reverse: Bool?
        if args.count >= 3 {
            let word = args[2]
            let options = allowsNoreverse ? ["reverse", "noreverse"] : ["reverse"]
            if options.contains(word.text) {
                reverse = word.text == "reverse"
            } else {
                diagnostics.append(.error(at: word.location, "unknown weight option '\(word.text)' for \(what)",
                                          suggestion: Suggestion.closest(to: word.text, in: options)))
                return nil
            }
            if args.count > 3 {
                diagnostics.append(.warning(at: args[3].location, "unexpected '\(args[3].text)' for \(what), ignored"))
            }
        }
        return (weight, reverse)
    }

    /// `notify*` keywords shared by instances and sync groups.
    mutating func readNotify(_ statement: ConfigStatement, context: String, into notify: inout Configuration.NotifyScripts) {
        guard let parsed = command(statement, context: context, allowsUser: true) else { return }
        let script = Configuration.NotifyScript(command: parsed.command, user: parsed.user, group: parsed.group,
                                                location: statement.keyword.location)
        let keyword = statement.keyword.text
        let path: WritableKeyPath<Configuration.NotifyScripts, Configuration.NotifyScript?> = switch keyword {
        case "notify_master": \.master
        case "notify_backup": \.backup
        case "notify_fault": \.fault
        case "notify_stop": \.stop
        default: \.any
        }
        if let existing = notify[keyPath: path] {
            // `vrrp_notify_*_handler()`: "script already specified - ignoring".
            diagnostics.append(.warning(at: statement.keyword.location,
                                        "'\(keyword)' in \(context) is already set at \(existing.location); this one is ignored, as keepalived does"))
            return
        }
        notify[keyPath: path] = script
    }
}
