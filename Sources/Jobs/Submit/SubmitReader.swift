import RacimoCore

/// Reads a submit description file the way `condor_submit` does and turns it into jobs.
///
/// ```swift
/// let reader = SubmitReader(environment: env, options: SubmitOptions(clusterId: 42, owner: "ana"))
/// let result = reader.read(text, file: "myjob.condor")
/// print(result.diagnostics)            // file:line:column: error|warning: …
/// if let submission = result.submission { … submission.jobs[7].classAd … }
/// ```
/// All or nothing: when any diagnostic is an error, `submission` is nil.
public struct SubmitReader: Sendable {
    public var environment: any SubmitEnvironment
    public var options: SubmitOptions

    public init(environment: any SubmitEnvironment, options: SubmitOptions = SubmitOptions()) {
        self.environment = environment
        self.options = options
    }

    /// A `name = value` line, as the macro table holds it.
    struct Definition: Sendable {
        var name: String
        var nameLocation: SourceLocation
        var value: LocatedText
    }

    /// The macro table at one point of the file: later lines change only later queues.
    struct State: Sendable {
        var definitions: [String: Definition] = [:]
        var customAttributes: [Definition] = []
    }

    /// Reads `text`; `file` is the path as the user named it, used in diagnostics and as
    /// `$(SUBMIT_FILE)`.
    public func read(_ text: String, file: String) -> SubmitResult {
        let (statements, lexDiagnostics) = SubmitLexer.statements(in: text, file: file)
        var sink = DiagnosticSink()
        sink.diagnostics.append(contentsOf: lexDiagnostics)
        var state = State()
        var jobs: [JobDescription] = []
        var sawQueue = false
        var cache = ExpressionCache()
        for statement in statements {
            switch statement {
            case .assignment(let name, let location, let value):
                let key = name.lowercased()
                if SubmitCommands.ignoredSet.contains(key) {
                    sink.append(.warning(
                        at: location, "'\(key)' is accepted but ignored by Racimo"))
                }
                state.definitions[key] = Definition(name: name, nameLocation: location, value: value)
            case .customAttribute(let name, let location, let value):
                let definition = Definition(name: name, nameLocation: location, value: value)
                if let index = state.customAttributes.firstIndex(where: {
                    $0.name.lowercased() == name.lowercased()
                }) {
                    state.customAttributes[index] = definition
                } else {
                    state.customAttributes.append(definition)
                }
            case .queue(let arguments, let location):
                sawQueue = true
                queue(
                    arguments, at: location, state: state, file: file, jobs: &jobs, sink: &sink,
                    cache: &cache)
            }
        }
        if !sawQueue && !sink.hasErrors {
            sink.append(.error(
                at: SourceLocation(file: file, line: 1, column: 1),
                "\"\(file)\" doesn't contain any \"queue\" commands -- no jobs queued",
                hint: "add a line 'queue' (or 'queue N') after the commands"))
        }
        warnAboutMisspellings(statements, sink: &sink)
        if sink.hasErrors { return SubmitResult(diagnostics: sink.diagnostics, submission: nil) }
        return SubmitResult(
            diagnostics: sink.diagnostics,
            submission: Submission(clusterId: options.clusterId, jobs: jobs))
    }

    /// A name that is no command, never used as `$(name)` and close to a command is probably a
    /// typo; HTCondor silently keeps it as a macro, we warn.
    private func warnAboutMisspellings(_ statements: [SubmitStatement], sink: inout DiagnosticSink) {
        var referenced = Set<String>()
        for statement in statements {
            switch statement {
            case .assignment(_, _, let value), .customAttribute(_, _, let value):
                referenced.formUnion(MacroExpander.references(in: value.text))
            case .queue(let arguments, _):
                referenced.formUnion(MacroExpander.references(in: arguments.text))
            }
        }
        for statement in statements {
            guard case .assignment(let name, let location, _) = statement else { continue }
            let key = name.lowercased()
            if SubmitCommands.usedSet.contains(key) || SubmitCommands.ignoredSet.contains(key)
                || SubmitCommands.automatic.contains(key) || referenced.contains(key)
            { continue }
            if let suggestion = Suggestion.closest(to: key, in: SubmitCommands.all) {
                sink.append(.warning(
                    at: location, "unknown command '\(name)'", suggestion: suggestion,
                    hint: "HTCondor would keep it as a macro and ignore it"))
            }
        }
    }
}

/// Diagnostics without repeats: a bad value used by 10,000 procs is reported once.
struct DiagnosticSink: Sendable {
    var diagnostics = Diagnostics()
    private var seen = Set<Diagnostic>()

    var hasErrors: Bool { diagnostics.hasErrors }

    mutating func append(_ diagnostic: Diagnostic) {
        if seen.insert(diagnostic).inserted { diagnostics.append(diagnostic) }
    }
}
