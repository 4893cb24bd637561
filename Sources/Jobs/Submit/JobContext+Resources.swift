import RacimoCore

extension JobContext {
    /// requirements, rank, request_cpus/memory/disk, custom attributes.
    mutating func applyResources(_ job: inout JobDescription) {
        job.requirements = expression("requirements")
        job.rank = expression("rank")
        job.requestCpus = integer("request_cpus", range: 1...1_000_000) ?? 1
        for (command, base) in [("request_memory", 1024), ("request_disk", 1)] {
            guard let (text, located) = value(command) else { continue }
            switch SizeUnits.parse(text, baseKiB: base) {
            case .success(let size):
                if base == 1024 { job.requestMemoryMB = size } else { job.requestDiskKiB = size }
            case .failure(var failure):
                let lead = text.prefix { $0.isSubmitSpace }.count
                failure.offset = text == located.text ? failure.offset + lead : 0
                error(located, failure, command: command)
            }
        }
        for definition in state.customAttributes {
            switch expander.expand(definition.value.text) {
            case .failure(let failure):
                sink.append(.error(at: definition.value.location(at: failure.offset), failure.message))
            case .success(let text):
                if text.trimmingSubmitSpace().isEmpty {
                    sink.append(.error(
                        at: definition.value.start, "+\(definition.name) has no value",
                        hint: "write a ClassAd expression, e.g. +\(definition.name) = \"text\""))
                } else if let checked = checked(text, located: definition.value, what: "+\(definition.name)") {
                    job.customAttributes.append((definition.name, checked))
                }
            }
        }
    }

    /// should_transfer_files, when_to_transfer_output, transfer_*_files (inputs must exist).
    mutating func applyTransfer(_ job: inout JobDescription) {
        job.shouldTransferFiles = choice("should_transfer_files", [
            ("YES", .yes), ("NO", .no), ("IF_NEEDED", .ifNeeded),
        ]) ?? .ifNeeded
        job.whenToTransferOutput = choice("when_to_transfer_output", [
            ("ON_EXIT", .onExit), ("ON_EXIT_OR_EVICT", .onExitOrEvict), ("ON_SUCCESS", .onSuccess),
        ]) ?? .onExit
        if let (text, located) = value("transfer_input_files") {
            for (name, offset) in Self.fileList(text) {
                job.transferInputFiles.append(name)
                if name.contains("://") { continue }  // URLs are fetched by plugins at run time
                var path = PathResolution.absolute(name, base: job.iwd)
                if path.count > 1, path.hasSuffix("/") { path.removeLast() }
                if !reader.environment.fileExists(path) {
                    sink.append(.error(
                        at: located.location(at: text == located.text ? offset : 0),
                        "transfer_input_files: '\(name)' does not exist (\(path))",
                        hint: "input files are relative to initialdir"))
                }
            }
        }
        if let (text, _) = value("transfer_output_files") {
            job.transferOutputFiles = Self.fileList(text).map(\.name)
        }
        if let (text, _) = value("transfer_checkpoint_files") {
            job.transferCheckpointFiles = Self.fileList(text).map(\.name)
        }
    }

    /// Retries, exit policies, periodic policies, checkpointing.
    mutating func applyPolicy(_ job: inout JobDescription) {
        job.maxRetries = integer("max_retries", range: 0...Int.max)
        job.successExitCode = integer("success_exit_code")
        if let (text, located) = value("retry_until") {
            // JDL: retry_until, an integer means "until ExitCode == N".
            let word = text.trimmingSubmitSpace()
            job.retryUntil = Int(word).map { "ExitCode == \($0)" }
                ?? checked(text, located: located, what: "retry_until")
        }
        job.onExitRemove = expression("on_exit_remove")
        job.onExitHold = expression("on_exit_hold")
        job.onExitHoldReason = expression("on_exit_hold_reason")
        job.onExitHoldSubcode = expression("on_exit_hold_subcode")
        job.periodicHold = expression("periodic_hold")
        job.periodicHoldReason = expression("periodic_hold_reason")
        job.periodicHoldSubcode = expression("periodic_hold_subcode")
        job.periodicRelease = expression("periodic_release")
        job.periodicRemove = expression("periodic_remove")
        job.checkpointExitCode = integer("checkpoint_exit_code")
        if job.whenToTransferOutput == .onSuccess, job.successExitCode == nil,
            let (_, located) = value("when_to_transfer_output")
        {
            sink.append(.warning(
                at: located.start, "when_to_transfer_output = ON_SUCCESS uses success_exit_code, which defaults to 0"))
        }
    }
}
