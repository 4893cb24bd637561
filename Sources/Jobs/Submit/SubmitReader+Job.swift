import RacimoCore

extension SubmitReader {
    /// Applies every command of `state` to one proc. Problems go to `sink`.
    func makeJob(
        procId: Int, state: State, expander: MacroExpander, queueLocation: SourceLocation,
        sink: inout DiagnosticSink, cache: inout ExpressionCache
    ) -> JobDescription {
        var context = JobContext(
            reader: self, state: state, expander: expander, sink: sink, cache: cache)
        var job = JobDescription(clusterId: options.clusterId, procId: procId)
        context.applyBasics(&job, queueLocation: queueLocation)
        context.applyResources(&job)
        context.applyTransfer(&job)
        context.applyPolicy(&job)
        job.classAd = job.makeClassAd(options: options)
        sink = context.sink
        cache = context.cache
        return job
    }
}

/// The per-proc work of applying commands: expand a value, parse it, report where it is wrong.
struct JobContext {
    let reader: SubmitReader
    let state: SubmitReader.State
    let expander: MacroExpander
    var sink: DiagnosticSink
    var cache: ExpressionCache

    var workingDirectory: String { reader.environment.workingDirectory }

    /// The expanded value of a command, or nil when unset (or when expansion failed, reported).
    mutating func value(_ command: String) -> (text: String, located: LocatedText)? {
        guard let definition = state.definitions[command] else { return nil }
        switch expander.expand(definition.value.text) {
        case .success(let text): return (text, definition.value)
        case .failure(let error):
            sink.append(.error(
                at: definition.value.location(at: error.offset), error.message, hint: error.hint))
            return nil
        }
    }

    mutating func error(_ located: LocatedText, _ error: SubmitParseError, command: String) {
        sink.append(.error(
            at: located.location(at: error.offset), "\(command): \(error.message)", hint: error.hint))
    }

    mutating func integer(_ command: String, range: ClosedRange<Int> = Int.min...Int.max) -> Int? {
        guard let (text, located) = value(command) else { return nil }
        let word = text.trimmingSubmitSpace()
        guard let number = Int(word), range.contains(number) else {
            let what = range.lowerBound > 0 ? "a positive integer"
                : range.lowerBound == 0 ? "a non-negative integer" : "an integer"
            sink.append(.error(
                at: located.start, "\(command) must be \(what), not '\(word)'"))
            return nil
        }
        return number
    }

    mutating func boolean(_ command: String) -> Bool? {
        guard let (text, located) = value(command) else { return nil }
        guard let bool = Self.parseBool(text) else {
            sink.append(.error(at: located.start, "\(command) must be true or false, not '\(text)'"))
            return nil
        }
        return bool
    }

    static func parseBool(_ text: String) -> Bool? {
        switch text.trimmingSubmitSpace().lowercased() {
        case "true", "t", "yes", "y", "1": return true
        case "false", "f", "no", "n", "0": return false
        default: return nil
        }
    }

    /// A ClassAd expression, checked by the injected parser. An error points at the bad
    /// character when the value has no macros (so offsets in the value are offsets in the file).
    mutating func expression(_ command: String) -> String? {
        guard let (text, located) = value(command) else { return nil }
        return checked(text, located: located, what: command)
    }

    mutating func checked(_ text: String, located: LocatedText, what: String) -> String? {
        guard let check = reader.options.expressionCheck else { return text }
        let result: SubmitParseError?
        if let cached = cache.results[text] {
            result = cached
        } else {
            result = check(text).map { SubmitParseError($0.message, offset: $0.offset) }
            cache.results[text] = result
        }
        guard let result else { return text }
        let offset = text == located.text ? result.offset : 0
        sink.append(.error(
            at: located.location(at: offset), "\(what): bad ClassAd expression: \(result.message)"))
        return nil
    }

    /// One of a fixed set of words, case-insensitive; an error suggests the nearest.
    mutating func choice<T>(_ command: String, _ options: [(String, T)]) -> T? {
        guard let (text, located) = value(command) else { return nil }
        let word = text.trimmingSubmitSpace()
        if let match = options.first(where: { $0.0.lowercased() == word.lowercased() }) {
            return match.1
        }
        let names = options.map(\.0)
        sink.append(.error(
            at: located.start,
            "\(command) must be one of \(names.joined(separator: ", ")), not '\(word)'",
            suggestion: Suggestion.closest(to: word, in: names)))
        return nil
    }

    /// A comma (or whitespace) separated file list, with each entry's offset in the value.
    static func fileList(_ text: String) -> [(name: String, offset: Int)] {
        var entries: [(String, Int)] = []
        var offset = 0
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let lead = part.prefix { $0.isSubmitSpace }.count
            let name = part.trimmingSubmitSpace()
            if !name.isEmpty { entries.append((name, offset + lead)) }
            offset += part.count + 1
        }
        return entries
    }
}
