extension JobDescription {
    /// The job ClassAd as condor_submit builds it, attribute names from HTCondor's manual.
    ///
    /// `In`/`Out`/`Err` keep the path as written (relative to `Iwd`, `/dev/null` when unset),
    /// `Cmd`, `UserLog` and `Iwd` are absolute, as condor_submit writes them.
    func makeClassAd(options: SubmitOptions) -> [(name: String, expression: String)] {
        var ad: [(name: String, expression: String)] = []
        func add(_ name: String, _ expression: String) { ad.append((name, expression)) }
        func string(_ name: String, _ value: String) { add(name, ClassAdLiteral.string(value)) }
        add("ClusterId", String(clusterId))
        add("ProcId", String(procId))
        string("Owner", options.owner)
        add("QDate", String(options.now))
        add("JobUniverse", "5")  // vanilla (standard is read as vanilla)
        string("Cmd", executable)
        if argumentsNewSyntax {
            string("Arguments", ArgumentList(arguments: arguments, isNewSyntax: true).v2Raw)
        } else {
            string("Args", ArgumentList(arguments: arguments, isNewSyntax: false).v1Raw)
        }
        let env = EnvironmentList(entries: environment.map { .init(name: $0.name, value: $0.value) })
        string("Environment", env.v2Raw)
        string("In", inputAsWritten ?? "/dev/null")
        string("Out", outputAsWritten ?? "/dev/null")
        string("Err", errorAsWritten ?? "/dev/null")
        if let log { string("UserLog", log) }
        string("Iwd", iwd)
        add("JobPrio", String(priority))
        add("JobStatus", hold ? "5" : "1")
        if hold {
            string("HoldReason", "submitted on hold at user's request")
            add("HoldReasonCode", "15")
        }
        add("RequestCpus", String(requestCpus))
        add("RequestMemory", String(requestMemoryMB))
        add("RequestDisk", requestDiskKiB.map(String.init)
            ?? "MAX({ 1024, (TransferInputSizeMB + 1) * 1.25 }) * 1024")
        add("Requirements", fullRequirements(options: options))
        if let rank { add("Rank", rank) }
        string("ShouldTransferFiles", shouldTransferFiles.rawValue)
        string("WhenToTransferOutput", whenToTransferOutput.rawValue)
        if !transferExecutable { add("TransferExecutable", "false") }
        if !transferInputFiles.isEmpty { string("TransferInput", transferInputFiles.joined(separator: ",")) }
        if let transferOutputFiles { string("TransferOutput", transferOutputFiles.joined(separator: ",")) }
        if let maxRetries { add("JobMaxRetries", String(maxRetries)) }
        if let successExitCode { add("SuccessExitCode", String(successExitCode)) }
        if let checkpointExitCode { add("SuccessCheckpointExitCode", String(checkpointExitCode)) }
        if let transferCheckpointFiles {
            string("TransferCheckpoint", transferCheckpointFiles.joined(separator: ","))
        }
        add("OnExitRemove", onExitRemoveExpression)
        add("OnExitHold", onExitHold ?? "false")
        if let onExitHoldReason { add("OnExitHoldReason", onExitHoldReason) }
        if let onExitHoldSubcode { add("OnExitHoldSubCode", onExitHoldSubcode) }
        add("PeriodicHold", periodicHold ?? "false")
        if let periodicHoldReason { add("PeriodicHoldReason", periodicHoldReason) }
        if let periodicHoldSubcode { add("PeriodicHoldSubCode", periodicHoldSubcode) }
        add("PeriodicRelease", periodicRelease ?? "false")
        add("PeriodicRemove", periodicRemove ?? "false")
        add("JobNotification", String(notificationCode))
        if let notifyUser { string("NotifyUser", notifyUser) }
        if let batchName { string("JobBatchName", batchName) }
        if let accountingGroup {
            string("AcctGroup", accountingGroup)
            string("AccountingGroup", accountingGroup + "." + (accountingGroupUser ?? options.owner))
        }
        for (name, expression) in customAttributes {
            if let index = ad.firstIndex(where: { $0.name.lowercased() == name.lowercased() }) {
                ad[index].expression = expression
            } else {
                add(name, expression)
            }
        }
        return ad
    }

    /// HTCondor's notification codes: Never 0, Always 1, Complete 2, Error 3, Start 4.
    var notificationCode: Int {
        switch notification {
        case .never: 0
        case .always: 1
        case .complete: 2
        case .error: 3
        case .start: 4
        }
    }

    /// `on_exit_remove`, or with `max_retries` the retry policy condor_submit generates
    /// (JDL l.1380): leave the queue after success, `retry_until`, or too many runs.
    var onExitRemoveExpression: String {
        if let onExitRemove { return onExitRemove }
        guard maxRetries != nil || retryUntil != nil || successExitCode != nil else { return "true" }
        var clauses = ["ExitCode =?= \(successExitCode ?? 0)"]
        if let retryUntil { clauses.append("(\(retryUntil))") }
        clauses.append("NumJobCompletions > JobMaxRetries")
        return clauses.joined(separator: " || ")
    }

    /// The user's requirements with the clauses condor_submit appends: the submit host's
    /// platform, the resource requests and how files reach the job.
    func fullRequirements(options: SubmitOptions) -> String {
        var clauses: [String] = []
        if let requirements { clauses.append("(\(requirements))") }
        clauses.append("(TARGET.Arch == \(ClassAdLiteral.string(options.arch)))")
        clauses.append("(TARGET.OpSys == \(ClassAdLiteral.string(options.opSys)))")
        clauses.append("(TARGET.Disk >= RequestDisk)")
        clauses.append("(TARGET.Memory >= RequestMemory)")
        clauses.append("(TARGET.Cpus >= RequestCpus)")
        switch shouldTransferFiles {
        case .yes: clauses.append("(TARGET.HasFileTransfer)")
        case .no: clauses.append("(TARGET.FileSystemDomain == MY.FileSystemDomain)")
        case .ifNeeded:
            clauses.append("((TARGET.HasFileTransfer) || (TARGET.FileSystemDomain == MY.FileSystemDomain))")
        }
        return clauses.joined(separator: " && ")
    }
}
