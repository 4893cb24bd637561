import RacimoCore

/// Reading keepalived.conf: `vrrp_script` blocks.
extension KeepalivedReader {
    mutating func readScript(_ statement: ConfigStatement) {
        guard let name = blockName(statement) else { return }
        guard let block = requireBlock(statement, context: "") else { return }
        let context = "vrrp_script \(name.text)"
        if let existing = scripts.first(where: { $0.script.name == name.text }) {
            diagnostics.append(.error(at: name.location, "vrrp_script \(name.text) is already defined at \(existing.script.location)"))
            return
        }
        var script = Configuration.Script(name: name.text, location: statement.keyword.location)
        var timeout: Duration?
        for line in block {
            switch line.keyword.text {
            case "script":
                if let parsed = command(line, context: context, allowsUser: false) { script.command = parsed.command }
            case "interval":
                // Milliseconds resolution, at least 0.001 (`vrrp_vscript_interval_handler()`).
                if let interval = seconds(line, context: context, digits: 3, in: 1...4_294_000) { script.interval = interval }
            case "timeout":
                if let value = seconds(line, context: context, digits: 3, in: 1...4_294_000) { timeout = value }
            case "weight":
                readWeight(line, context: context, into: &script)
            case "rise":
                if let rise = integer(line, context: context, in: 1...Int(Int32.max)) { script.rise = rise }
            case "fall":
                if let fall = integer(line, context: context, in: 1...Int(Int32.max)) { script.fall = fall }
            case "user":
                noBlock(line, context: context)
                if let parsed = KeepalivedValues.userAndGroup(line.arguments.prefix(2).map(\.text)) {
                    script.user = parsed.user
                    script.group = parsed.group
                } else {
                    diagnostics.append(.error(at: line.keyword.location, "'user' in \(context) needs a user name"))
                }
            case "init_fail":
                flag(line, context: context)
                script.initFail = true
            default:
                unknown(line, in: KeepalivedKeywords.script, context: context)
            }
        }
        script.timeout = timeout ?? script.interval
        if script.command.isEmpty, !block.contains(where: { $0.keyword.text == "script" }) {
            // keepalived drops the script ("No script set for vrrp_script"), and then every
            // track_script naming it.
            diagnostics.append(.error(at: statement.keyword.location, "vrrp_script \(name.text) has no 'script' command"))
        }
        scripts.append((script, order))
    }

    /// `weight N [reverse]` of a vrrp_script (`vrrp_vscript_weight_handler()`).
    private mutating func readWeight(_ line: ConfigStatement, context: String, into script: inout Configuration.Script) {
        noBlock(line, context: context)
        guard let word = line.arguments.first else {
            diagnostics.append(.error(at: line.keyword.location, "'weight' in \(context) needs a value"))
            return
        }
        if let weight = integer(word, keyword: "weight", context: context, in: -253...253) { script.weight = weight }
        if line.arguments.count >= 2 {
            let option = line.arguments[1]
            if option.text == "reverse" {
                script.reverse = true
            } else {
                diagnostics.append(.error(at: option.location, "unknown weight option '\(option.text)' in \(context)",
                                          suggestion: Suggestion.closest(to: option.text, in: ["reverse"]),
                                          hint: "write 'weight N' or 'weight N reverse'"))
            }
            if line.arguments.count > 2 {
                let extra = line.arguments[2]
                diagnostics.append(.warning(at: extra.location, "unexpected '\(extra.text)' after 'weight' in \(context), ignored"))
            }
        }
    }

    /// The single name after `vrrp_script`, `vrrp_instance` or `vrrp_sync_group`.
    mutating func blockName(_ statement: ConfigStatement) -> ConfigWord? {
        let keyword = statement.keyword
        guard let name = statement.arguments.first else {
            let example = switch keyword.text {
            case "vrrp_script": "chk_web"
            case "vrrp_sync_group": "VG_1"
            default: "VI_1"
            }
            diagnostics.append(.error(at: keyword.location, "\(keyword.text) needs a name",
                                      hint: "e.g. '\(keyword.text) \(example) {'"))
            return nil
        }
        if statement.arguments.count > 1 {
            diagnostics.append(.error(at: statement.arguments[1].location,
                                      "\(keyword.text) takes one name; found '\(statement.arguments[1].text)' after '\(name.text)'"))
            return nil
        }
        return name
    }
}
