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

}
