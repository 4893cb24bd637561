import RacimoCore

extension JobContext {
    /// universe, executable, arguments, environment, getenv, files, initialdir, notification.
    mutating func applyBasics(_ job: inout JobDescription, queueLocation: SourceLocation) {
        if let (text, located) = value("universe") {
            switch text.trimmingSubmitSpace().lowercased() {
            case "vanilla": break
            case "standard":
                sink.append(.warning(
                    at: located.start,
                    "the standard universe was removed from HTCondor; the job runs as vanilla",
                    hint: "standard-universe checkpointing is replaced by self-checkpointing: "
                        + "set checkpoint_exit_code and transfer_checkpoint_files"))
            case "scheduler", "local", "grid", "java", "vm", "parallel", "docker", "container":
                sink.append(.error(
                    at: located.start,
                    "universe '\(text)' is not supported by Racimo; supported: vanilla (and standard, run as vanilla)"))
            default:
                sink.append(.error(
                    at: located.start,
                    "unknown universe '\(text)'; supported: vanilla (and standard, run as vanilla)",
                    suggestion: Suggestion.closest(to: text, in: [
                        "vanilla", "standard", "scheduler", "local", "grid", "java", "vm",
                        "parallel", "docker", "container",
                    ])))
            }
        }
        if let initialdir = value("initialdir") {
            job.iwd = PathResolution.absolute(initialdir.text.trimmingSubmitSpace(), base: workingDirectory)
        } else {
            job.iwd = PathResolution.absolute(".", base: workingDirectory)
        }
        job.transferExecutable = boolean("transfer_executable") ?? true
        if let (text, located) = value("executable") {
            let written = text.trimmingSubmitSpace()
            // condor_submit resolves the executable against the submit directory, not
            // initialdir (JDL l.2400: initialdir is "not for executable").
            job.executable = PathResolution.absolute(written, base: workingDirectory)
            if written.isEmpty {
                sink.append(.error(at: located.start, "executable is empty"))
            } else if job.transferExecutable, !reader.environment.isExecutable(job.executable) {
                let exists = reader.environment.fileExists(job.executable)
                sink.append(.error(
                    at: located.start,
                    exists ? "executable '\(written)' is not executable (\(job.executable))"
                        : "executable '\(written)' does not exist (\(job.executable))",
                    hint: exists ? "chmod +x it" : "paths are relative to the directory you submit from"))
            }
        } else {
            sink.append(.error(
                at: queueLocation, "no 'executable' command before this queue statement",
                hint: "every job needs 'executable = PROGRAM'"))
        }
        if let (text, located) = value("arguments") {
            switch ArgumentList.parse(text.trimmingSubmitSpace()) {
            case .success(let list):
                job.arguments = list.arguments
                job.argumentsNewSyntax = list.isNewSyntax
            case .failure(let failure):
                let lead = text.prefix { $0.isSubmitSpace }.count
                var failure = failure
                if text != located.text { failure.offset = 0 } else { failure.offset += lead }
                error(located, failure, command: "arguments")
            }
        }
        applyEnvironment(&job)
        for (command, path) in [("input", \JobDescription.inputAsWritten), ("output", \.outputAsWritten), ("error", \.errorAsWritten)] {
            if let text = value(command)?.text.trimmingSubmitSpace(), !text.isEmpty {
                job[keyPath: path] = text
            }
        }
        job.input = job.inputAsWritten.map { PathResolution.absolute($0, base: job.iwd) }
        job.output = job.outputAsWritten.map { PathResolution.absolute($0, base: job.iwd) }
        job.error = job.errorAsWritten.map { PathResolution.absolute($0, base: job.iwd) }
        if let text = value("log")?.text.trimmingSubmitSpace(), !text.isEmpty {
            job.log = PathResolution.absolute(text, base: job.iwd)
        }
        job.notification = choice("notification", [
            ("Never", .never), ("Always", .always), ("Complete", .complete), ("Error", .error),
            ("Start", .start),
        ]) ?? .never
        job.notifyUser = value("notify_user")?.text.trimmingSubmitSpace()
        job.batchName = value("batch_name")?.text.trimmingSubmitSpace()
        job.accountingGroup = value("accounting_group")?.text.trimmingSubmitSpace()
        job.accountingGroupUser = value("accounting_group_user")?.text.trimmingSubmitSpace()
        job.hold = boolean("hold") ?? false
        job.priority = integer("priority") ?? 0
    }

    /// getenv first (the submitter's variables, sorted by name), then `environment` overrides.
    mutating func applyEnvironment(_ job: inout JobDescription) {
        var list = EnvironmentList(entries: [])
        if let (text, _) = value("getenv") {
            let patterns: [String]
            if let bool = Self.parseBool(text) {
                patterns = bool ? ["*"] : []
            } else {
                // JDL l.289: since 8.9.7 a matchlist with `*` wildcards and `!` exclusions.
                patterns = text.split { $0 == "," || $0.isSubmitSpace }.map(String.init)
            }
            for name in reader.environment.variables.keys.sorted()
            where GetenvMatch.matches(name, patterns) {
                list.merge(.init(name: name, value: reader.environment.variables[name] ?? ""))
            }
        }
        if let (text, located) = value("environment") {
            switch EnvironmentList.parse(text.trimmingSubmitSpace()) {
            case .success(let parsed): for entry in parsed.entries { list.merge(entry) }
            case .failure(var failure):
                if text != located.text { failure.offset = 0 }
                error(located, failure, command: "environment")
            }
        }
        job.environment = list.entries.map { ($0.name, $0.value) }
    }
}

/// `getenv` matchlists: `*` matches any run of characters; a `!pattern` excludes, and an
/// exclusion wins over any inclusion (case-insensitive, as HTCondor's matchlists are).
enum GetenvMatch {
    static func matches(_ name: String, _ patterns: [String]) -> Bool {
        let lowered = Array(name.lowercased())
        var included = false
        for pattern in patterns {
            let negated = pattern.hasPrefix("!")
            let body = Array((negated ? String(pattern.dropFirst()) : pattern).lowercased())
            guard glob(body, lowered) else { continue }
            if negated { return false }
            included = true
        }
        return included
    }

    static func glob(_ p: [Character], _ s: [Character]) -> Bool {
        var pi = 0, si = 0, star = -1, mark = 0
        while si < s.count {
            if pi < p.count, p[pi] == s[si] { pi += 1; si += 1 }
            else if pi < p.count, p[pi] == "*" { star = pi; mark = si; pi += 1 }
            else if star >= 0 { pi = star + 1; mark += 1; si = mark }
            else { return false }
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}
