import RacimoCore

extension KeepalivedConfiguration {
    /// One file found for an `include`: its name (as it should appear in messages) and text.
    public typealias IncludedFile = (name: String, text: String)

    /// Finds the files an `include` names. Called with the pattern as written and the name of
    /// the file that contains the `include`; returns the matching files in the order keepalived
    /// reads them (`glob(3)` order: each `{a,b}` alternative in turn, the matches of each
    /// sorted by name). `IncludePath` has the path and wildcard
    /// rules. Returning no file means nothing matched (or nothing could be read).
    public typealias IncludeResolver = (_ pattern: String, _ relativeTo: String) -> [IncludedFile]

    /// Reads the VRRP part of a keepalived.conf.
    ///
    /// - Parameters:
    ///   - text: the file's contents; the reader does no I/O.
    ///   - file: the name for messages and for resolving relative `include`s.
    ///   - include: finds included files; by default nothing is found.
    /// - Returns: the configuration (nil when any error was found) and every diagnostic,
    ///   sorted by file (in the order read) then position.
    public static func parse(
        _ text: String, file: String, include: IncludeResolver = { _, _ in [] }
    ) -> (configuration: KeepalivedConfiguration?, diagnostics: Diagnostics) {
        let (configuration, files, found) = withoutActuallyEscaping(include) { resolver in
            var reader = KeepalivedReader(include: resolver)
            let configuration = reader.read(text, file: file)
            return (configuration, reader.files, reader.diagnostics.all)
        }
        var order: [String: Int] = [:]
        for (index, name) in files.enumerated() where order[name] == nil { order[name] = index }
        func key(_ d: Diagnostic) -> (Int, Int, Int) {
            guard let l = d.location else { return (Int.max, 0, 0) }
            return (order[l.file] ?? Int.max - 1, l.line, l.column)
        }
        let sorted = found.enumerated().sorted { (a: (offset: Int, element: Diagnostic), b: (offset: Int, element: Diagnostic)) in
            let (ka, kb) = (key(a.element), key(b.element))
            return ka != kb ? ka < kb : a.offset < b.offset
        }.map { $0.element }
        let diagnostics = Diagnostics(sorted)
        return (diagnostics.hasErrors ? nil : configuration, diagnostics)
    }
}

/// The state of one read of a keepalived.conf and its includes.
struct KeepalivedReader {
    typealias Configuration = KeepalivedConfiguration

    var diagnostics = Diagnostics()
    let include: Configuration.IncludeResolver
    var files: [String] = []

    var globals = Configuration.Globals()
    /// Global GARP settings given explicitly, which `vrrp_min_garp` leaves alone.
    var explicitGlobalGARP: Set<String> = []
    /// Scripts with the position of their block among top-level statements.
    var scripts: [(script: Configuration.Script, order: Int)] = []
    var instances: [InstanceDraft] = []
    var groups: [(group: Configuration.SyncGroup, members: [ConfigWord], scripts: [TrackRef], order: Int)] = []
    var order = 0

    init(include: @escaping Configuration.IncludeResolver) {
        self.include = include
    }

    mutating func read(_ text: String, file: String) -> Configuration {
        files.append(file)
        var statements: [ConfigStatement] = []
        do {
            statements = try BraceConfigLexer.parse(Self.protectIncludes(text), file: file)
        } catch {
            diagnostics.append(contentsOf: error)
            return Configuration(files: files)
        }
        statements = expand(statements, stack: [file])
        for statement in statements {
            order += 1
            readTopLevel(statement)
        }
        return complete(mainFile: file)
    }

    // MARK: - include and preprocessing

    /// keepalived recognises `include FILE` on the raw line, before braces mean anything
    /// (`check_include()` in lib/parser.c), so `include vips/{web,db}.conf` is one file
    /// pattern, not a block. The lexer would split it at the braces; this wraps the pattern of
    /// every include line in double quotes first. The opening quote takes the pattern's first
    /// column, so positions in messages are unchanged. Comments (`#`, `!`) are cut as
    /// keepalived does before it looks for `include`; a pattern containing `"` is left alone.
    static func protectIncludes(_ text: String) -> String {
        var changed = false
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> Substring in
            let scalars = Array(line.unicodeScalars)
            var i = 0
            while i < scalars.count, scalars[i] == " " || scalars[i] == "\t" { i += 1 }
            var wordEnd = i
            while wordEnd < scalars.count, scalars[wordEnd] != " ", scalars[wordEnd] != "\t" { wordEnd += 1 }
            let keyword = String(String.UnicodeScalarView(scalars[i..<wordEnd]))
            guard KeepalivedKeywords.includeKeywords.contains(keyword) else { return line }
            var start = wordEnd
            while start < scalars.count, scalars[start] == " " || scalars[start] == "\t" { start += 1 }
            var end = scalars[start...].firstIndex { $0 == "#" || $0 == "!" } ?? scalars.count
            while end > start, [" ", "\t", "\r"].contains(scalars[end - 1]) { end -= 1 }
            guard end > start, !scalars[start..<end].contains("\"") else { return line }
            changed = true
            var view = String.UnicodeScalarView(scalars[..<start])
            view.append("\"")
            view.append(contentsOf: scalars[start..<end])
            view.append("\"")
            return Substring(String(view))
        }
        return changed ? lines.joined(separator: "\n") : text
    }

    /// Replaces `include` statements, at any depth, with the statements of the files they name,
    /// and drops keepalived's preprocessing lines (`@id`, `$NAME=`, `~SEQ`) with an error.
    mutating func expand(_ statements: [ConfigStatement], stack: [String]) -> [ConfigStatement] {
        var result: [ConfigStatement] = []
        for var statement in statements {
            let word = statement.keyword
            if KeepalivedKeywords.includeKeywords.contains(word.text) {
                result += readInclude(statement, stack: stack)
                continue
            }
            if let problem = preprocessingProblem(word.text) {
                diagnostics.append(.error(at: word.location, problem.message, hint: problem.hint))
                continue
            }
            if let block = statement.block { statement.block = expand(block, stack: stack) }
            result.append(statement)
        }
        return result
    }

    /// keepalived's conditional lines, parameter definitions and sequences (man "CONFIGURATION
    /// PARSER"), which Racimo does not evaluate: skipping them would silently drop or keep
    /// lines meant for one host only.
    private func preprocessingProblem(_ keyword: String) -> (message: String, hint: String)? {
        if keyword.hasPrefix("@") {
            return ("conditional configuration ('\(keyword)') is not supported by racimo vrrp",
                    "write a separate file for each host")
        }
        if keyword.hasPrefix("$") {
            return ("parameter definitions and substitutions ('\(keyword)') are not supported by racimo vrrp",
                    "write the values out in place")
        }
        if keyword.hasPrefix("~SEQ") {
            return ("'~SEQ' sequences are not supported by racimo vrrp", "write each line out")
        }
        return nil
    }

    private mutating func readInclude(_ statement: ConfigStatement, stack: [String]) -> [ConfigStatement] {
        let word = statement.keyword
        let including = word.location.file
        guard !statement.arguments.isEmpty else {
            diagnostics.append(.error(at: word.location, "'\(word.text)' needs a file name"))
            return []
        }
        if statement.block != nil {
            diagnostics.append(.error(at: word.location, "'\(word.text)' takes no block"))
        }
        // keepalived takes the rest of the line as the name (`check_include()`).
        let pattern = statement.arguments.map(\.text).joined(separator: " ")
        let location = statement.arguments[0].location
        let found = include(pattern, including)
        if found.isEmpty {
            let resolved = IncludePath.resolve(pattern, relativeTo: including)
            let strict = word.text == "includew" || word.text == "includea"
            if IncludePath.hasWildcards(pattern) && !strict {
                diagnostics.append(Diagnostic(.note, at: location, "'\(word.text) \(pattern)' matched no file",
                                              hint: "looked for \(resolved)"))
            } else {
                diagnostics.append(.error(at: location, "'\(word.text) \(pattern)' found no file",
                                          hint: "looked for \(resolved)"))
            }
            return []
        }
        var result: [ConfigStatement] = []
        for file in found {
            if stack.contains(file.name) {
                diagnostics.append(.error(at: location, "include loop: \(file.name) is already being read",
                                          hint: "remove this include"))
                continue
            }
            guard stack.count < 32 else {
                diagnostics.append(.error(at: location, "includes are nested more than 32 deep"))
                continue
            }
            if !files.contains(file.name) { files.append(file.name) }
            do {
                let statements = try BraceConfigLexer.parse(Self.protectIncludes(file.text), file: file.name)
                result += expand(statements, stack: stack + [file.name])
            } catch {
                diagnostics.append(contentsOf: error)
            }
        }
        return result
    }

    // MARK: - top level

    mutating func readTopLevel(_ statement: ConfigStatement) {
        switch statement.keyword.text {
        case "global_defs":
            guard let block = requireBlock(statement, context: "") else { return }
            noArguments(statement, context: "")
            readGlobals(block)
        case "vrrp_script":
            readScript(statement)
        case "vrrp_instance":
            readInstance(statement)
        case "vrrp_sync_group":
            readSyncGroup(statement)
        default:
            unknown(statement, in: KeepalivedKeywords.topLevel, context: "")
        }
    }

    /// Reports a keyword this reader does not implement, as `KeywordTreatment` says for
    /// keywords keepalived knows; otherwise as a likely typo (an error when it resembles a
    /// keyword Racimo implements, since ignoring it would silently drop what the user meant,
    /// as keepalived 2.2 does with the seed's `vrp_instance`) or as noise keepalived ignores
    /// too (a warning).
    mutating func unknown(_ statement: ConfigStatement, in table: KeywordTable, context: String) {
        let word = statement.keyword
        let place = context.isEmpty ? "" : " in \(context)"
        if let treatment = table.treatment(of: word.text) {
            switch treatment {
            case .ignored(let hint):
                diagnostics.append(.warning(
                    at: word.location, "'\(word.text)'\(place) is not supported by racimo vrrp and is ignored", hint: hint))
            case .refused(let hint):
                diagnostics.append(.error(
                    at: word.location, "'\(word.text)'\(place) is not supported by racimo vrrp", hint: hint))
            case .otherPart(let hint):
                diagnostics.append(Diagnostic(
                    .note, at: word.location,
                    "'\(word.text)' is not part of VRRP: racimo vrrp reads only the VRRP part of keepalived.conf and ignores it",
                    hint: hint))
            }
            return
        }
        let suggestion = Suggestion.closest(to: word.text, in: table.all)
        if let suggestion, table.supported.contains(suggestion) {
            diagnostics.append(BraceConfigLexer.unknownKeyword(word, known: table.all, context: context))
        } else if let suggestion {
            diagnostics.append(.warning(at: word.location, "unknown keyword '\(word.text)'\(place), ignored",
                                        suggestion: suggestion))
        } else {
            diagnostics.append(.warning(at: word.location, "unknown keyword '\(word.text)'\(place), ignored",
                                        hint: "keepalived ignores it too"))
        }
    }

    // MARK: - statement shapes

    /// The block of a statement that needs one, or nil with an error.
    mutating func requireBlock(_ statement: ConfigStatement, context: String) -> [ConfigStatement]? {
        guard let block = statement.block else {
            diagnostics.append(.error(at: statement.keyword.location,
                                      "'\(statement.keyword.text)'\(Self.place(context)) needs a block { ... }"))
            return nil
        }
        return block
    }

    mutating func noBlock(_ statement: ConfigStatement, context: String) {
        if statement.block != nil {
            diagnostics.append(.error(at: statement.keyword.location,
                                      "'\(statement.keyword.text)'\(Self.place(context)) takes no block"))
        }
    }

    /// Warns about arguments of a statement that takes none (keepalived ignores them).
    mutating func noArguments(_ statement: ConfigStatement, context: String) {
        if let extra = statement.arguments.first {
            diagnostics.append(.warning(at: extra.location,
                                        "'\(statement.keyword.text)'\(Self.place(context)) takes no value; '\(extra.text)' is ignored"))
        }
    }

    /// The one value of a statement, or nil with an error; extra words are warned about.
    mutating func value(_ statement: ConfigStatement, context: String) -> ConfigWord? {
        guard statement.block == nil else {
            noBlock(statement, context: context)
            return nil
        }
        guard let first = statement.arguments.first else {
            diagnostics.append(.error(at: statement.keyword.location,
                                      "'\(statement.keyword.text)'\(Self.place(context)) needs a value"))
            return nil
        }
        if statement.arguments.count > 1 {
            let extra = statement.arguments[1]
            diagnostics.append(.warning(at: extra.location,
                                        "unexpected '\(extra.text)' after '\(statement.keyword.text) \(first.text)'\(Self.place(context)), ignored"))
        }
        return first
    }

    /// A whole number in `range`, or nil with an error.
    mutating func integer(_ statement: ConfigStatement, context: String, in range: ClosedRange<Int>) -> Int? {
        guard let word = value(statement, context: context) else { return nil }
        return integer(word, keyword: statement.keyword.text, context: context, in: range)
    }

    mutating func integer(_ word: ConfigWord, keyword: String, context: String, in range: ClosedRange<Int>) -> Int? {
        guard let number = KeepalivedValues.integer(word.text), range.contains(number) else {
            let bounds = range.upperBound == Int(Int32.max) ? "\(range.lowerBound) or more" : "from \(range.lowerBound) to \(range.upperBound)"
            diagnostics.append(.error(at: word.location,
                                      "'\(keyword)'\(Self.place(context)) must be a whole number \(bounds), found \"\(word.text)\""))
            return nil
        }
        return number
    }

    /// A number of seconds with up to `digits` decimals, within `range` (in 10^-digits s).
    mutating func seconds(_ statement: ConfigStatement, context: String, digits: Int,
                          in range: ClosedRange<Int64>) -> Duration? {
        guard let word = value(statement, context: context) else { return nil }
        let scale = Int64(pow10(digits))
        guard let units = KeepalivedValues.decimal(word.text, digits: digits), range.contains(units) else {
            diagnostics.append(.error(
                at: word.location,
                "'\(statement.keyword.text)'\(Self.place(context)) must be a number of seconds from \(Self.decimalText(range.lowerBound, digits)) to \(Self.decimalText(range.upperBound, digits)) with at most \(digits) decimals, found \"\(word.text)\""))
            return nil
        }
        return .nanoseconds(units * (1_000_000_000 / scale))
    }

    /// A flag that may be followed by a `<BOOL>` (true when absent).
    mutating func optionalBoolean(_ statement: ConfigStatement, context: String) -> Bool? {
        noBlock(statement, context: context)
        guard let word = statement.arguments.first else { return true }
        guard let value = KeepalivedValues.boolean(word.text) else {
            diagnostics.append(.error(at: word.location,
                                      "'\(statement.keyword.text)'\(Self.place(context)) takes on, off, true, false, yes or no, found \"\(word.text)\""))
            return nil
        }
        return value
    }

    /// A flag that takes nothing.
    mutating func flag(_ statement: ConfigStatement, context: String) {
        noBlock(statement, context: context)
        noArguments(statement, context: context)
    }

    /// A `script` or `notify*` line: the command (the first word, split again as keepalived
    /// does) and, when `allowsUser`, the optional `USER [GROUP]` after it.
    mutating func command(_ statement: ConfigStatement, context: String, allowsUser: Bool)
        -> (command: [String], user: String?, group: String?)?
    {
        noBlock(statement, context: context)
        let keyword = statement.keyword.text
        guard let first = statement.arguments.first else {
            diagnostics.append(.error(at: statement.keyword.location, "'\(keyword)'\(Self.place(context)) needs a command"))
            return nil
        }
        // keepalived re-reads the line with single quotes grouping words; the lexer does not,
        // so such a line cannot be read faithfully here.
        if let single = statement.arguments.first(where: { !$0.quoted && $0.text.contains("'") }) {
            diagnostics.append(.error(at: single.location,
                                      "single quotes outside double quotes are not supported in '\(keyword)'",
                                      hint: "put the whole command in double quotes, e.g. \(keyword) \"/usr/local/bin/check 'a b'\""))
            return nil
        }
        // keepalived re-reads the line honouring `\"` inside double quotes; the lexer ends the
        // quoted word there, so the rest of the line would be misread.
        if let escaped = statement.arguments.first(where: { $0.quoted && $0.text.hasSuffix("\\") }) {
            diagnostics.append(.error(at: escaped.location, "escaped double quotes (\\\") in '\(keyword)' are not supported",
                                      hint: "use single quotes inside the double quotes"))
            return nil
        }
        let words: [String]
        do {
            words = try KeepalivedValues.splitCommand(first.text)
        } catch {
            let what = switch error {
            case .unterminatedQuote(let q): "a \(q == "'" ? "single" : "double") quote that is not closed"
            case .trailingBackslash: "a backslash at the end"
            }
            diagnostics.append(.error(at: first.location, "the command of '\(keyword)'\(Self.place(context)) has \(what)"))
            return nil
        }
        guard !words.isEmpty, !words[0].isEmpty else {
            diagnostics.append(.error(at: first.location, "'\(keyword)'\(Self.place(context)) needs a command"))
            return nil
        }
        let rest = statement.arguments.dropFirst()
        if !allowsUser, let extra = rest.first {
            // `set_script_params_array()` uses only the first word: keepalived would run the
            // program without these arguments, and without complaint.
            let all = ([first] + rest).map(\.text).joined(separator: " ")
            diagnostics.append(.error(
                at: extra.location,
                "'\(keyword)'\(Self.place(context)) takes the command as one word: keepalived would run \"\(first.text)\" alone and ignore \"\(rest.map(\.text).joined(separator: " "))\"",
                hint: "quote the whole command: \(keyword) \"\(all)\""))
            return nil
        }
        var user: String?
        var group: String?
        if !rest.isEmpty {
            let texts = rest.prefix(2).map(\.text)
            if let parsed = KeepalivedValues.userAndGroup(texts) {
                (user, group) = parsed
            }
            if rest.count > 2 {
                let extra = rest[rest.startIndex + 2]
                diagnostics.append(.warning(at: extra.location,
                                            "unexpected '\(extra.text)' after the user and group of '\(keyword)'\(Self.place(context)), ignored"))
            }
        }
        return (words, user, group)
    }

    static func place(_ context: String) -> String { context.isEmpty ? "" : " in \(context)" }

    static func decimalText(_ value: Int64, _ digits: Int) -> String {
        let scale = Int64(pow10(digits))
        var text = String(value / scale)
        var fraction = value % scale
        if fraction > 0 {
            var decimals = ""
            var s = scale
            while fraction > 0 {
                s /= 10
                decimals += String(fraction / s)
                fraction %= s
            }
            text += "." + decimals
        }
        return text
    }

    // MARK: - global_defs

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

    // MARK: - vrrp_script

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

    // MARK: - tracking lists (instances and sync groups)

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

    // MARK: - vrrp_sync_group

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

private func pow10(_ n: Int) -> Int {
    var value = 1
    for _ in 0..<n { value *= 10 }
    return value
}
