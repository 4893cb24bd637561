import RacimoCore

extension SubmitReader {
    /// One row of queue item data: values for the statement's variables and the row's index in
    /// the unsliced list (`$(ItemIndex)`, `$(Row)`).
    struct Row {
        var index: Int
        var values: [String]
    }

    /// Expands one `queue` statement into procs appended to `jobs`.
    func queue(
        _ arguments: LocatedText, at location: SourceLocation, state: State, file: String,
        jobs: inout [JobDescription], sink: inout DiagnosticSink, cache: inout ExpressionCache
    ) {
        let statement: QueueStatement
        switch QueueStatement.parse(arguments.text) {
        case .failure(let error):
            sink.append(.error(at: arguments.location(at: error.offset), error.message, hint: error.hint))
            return
        case .success(let parsed): statement = parsed
        }
        var expander = baseExpander(state, file: file)
        var count = 1
        if let written = statement.count {
            let expanded = expander.expand(written)
            guard case .success(let text) = expanded, let n = Int(text.trimmingSubmitSpace()), n >= 0 else {
                sink.append(.error(
                    at: arguments.location(at: statement.countOffset),
                    "queue count '\(written)' is not a non-negative integer"))
                return
            }
            count = n
        }
        guard let rows = rows(statement, arguments: arguments, expander: expander, sink: &sink) else {
            return
        }
        let selected = statement.slice.map { slice in slice.indices(count: rows.count).map { rows[$0] } } ?? rows
        // Overflow-safe: `queue 99999999999999999 in (a, b)` must be an error, not a trap.
        let (product, overflow) = selected.count.multipliedReportingOverflow(by: count)
        let total = overflow ? Int.max : jobs.count.addingReportingOverflow(product).partialValue
        guard !overflow, total >= 0, total <= options.maxJobsPerSubmission else {
            let shown = overflow || total < 0 ? "more than \(Int.max)" : String(total)
            sink.append(.error(
                at: location,
                "this submission would queue \(shown) jobs; at most \(options.maxJobsPerSubmission) are allowed",
                hint: "MAX_JOBS_PER_SUBMISSION; split the submission"))
            jobs.removeAll()
            return
        }
        if sink.hasErrors { return }  // all or nothing: do not build jobs we will throw away
        let variables = statement.variables.map { $0.lowercased() }
        for row in selected {
            for step in 0..<count {
                let procId = jobs.count
                var live: [String: String] = [
                    "cluster": String(options.clusterId), "clusterid": String(options.clusterId),
                    "process": String(procId), "procid": String(procId),
                    "jobid": "\(options.clusterId).\(procId)", "step": String(step),
                    "itemindex": String(row.index), "row": String(row.index),
                ]
                if statement.items != .none {
                    for (name, value) in zip(variables, row.values) { live[name] = value }
                }
                expander.live = live
                expander.seed = procId
                let job = makeJob(
                    procId: procId, state: state, expander: expander, queueLocation: location,
                    sink: &sink, cache: &cache)
                if sink.hasErrors { return }
                jobs.append(job)
            }
        }
    }

    /// The expander for a state: the file's macros plus HTCondor's predefined ones.
    func baseExpander(_ state: State, file: String) -> MacroExpander {
        var macros: [String: String] = [
            "submit_file": file, "submit_time": String(options.now),
            "arch": options.arch, "opsys": options.opSys,
        ]
        for (key, definition) in state.definitions { macros[key] = definition.value.text }
        return MacroExpander(macros: macros, environment: environment.variables)
    }

    private func rows(
        _ statement: QueueStatement, arguments: LocatedText, expander: MacroExpander,
        sink: inout DiagnosticSink
    ) -> [Row]? {
        let width = statement.variables.count
        switch statement.items {
        case .none:
            return [Row(index: 0, values: [])]
        case .list(let items):
            return items.enumerated().map { Row(index: $0.offset, values: [$0.element]) }
        case .lines(let lines):
            return lines.enumerated().map {
                Row(index: $0.offset, values: QueueStatement.splitRow($0.element, into: width))
            }
        case .file(let name):
            let expanded = (try? expander.expand(name).get()) ?? name
            let path = PathResolution.absolute(expanded, base: environment.workingDirectory)
            guard let text = environment.contents(ofFile: path) else {
                sink.append(.error(
                    at: arguments.start, "cannot read queue item file '\(expanded)' (\(path))"))
                return nil
            }
            let lines = text.split(separator: "\n").map { $0.trimmingSubmitSpace() }.filter { !$0.isEmpty }
            return lines.enumerated().map {
                Row(index: $0.offset, values: QueueStatement.splitRow($0.element, into: width))
            }
        case .matching(let directories, let patterns):
            var seen = Set<String>()
            var found: [String] = []
            for pattern in patterns {
                let expanded = (try? expander.expand(pattern).get()) ?? pattern
                for path in environment.matching(expanded, directories: directories)
                where seen.insert(path).inserted {
                    found.append(path)
                }
            }
            return found.enumerated().map { Row(index: $0.offset, values: [$0.element]) }
        }
    }
}
