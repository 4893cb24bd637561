extension JobLogEntry {
    /// The HTCondor event that tells this entry in `job`'s event log. `host` is the schedd's
    /// address (the submit event names it, as HTCondor's does).
    public func event(for job: JobRecord, scheddHost host: String) -> JobEvent {
        switch self {
        case .submitted:
            return .submit(host: host)
        case .executing(let executeHost, let slot):
            return .execute(host: executeHost, slotName: slot)
        case .terminated(let result):
            let usage = Self.usage(result)
            return .terminated(JobTermination(
                outcome: Self.outcome(result.ending), runRemoteUsage: usage, totalRemoteUsage: usage,
                resources: Self.resources(job, result)))
        case .evicted(let reason, let checkpointed, let requeued, let result):
            let kind: JobEviction.Kind =
                if requeued, let result { .requeued(Self.outcome(result.ending)) } else if checkpointed { .checkpointed } else { .vacated }
            return .evicted(JobEviction(kind: kind, runRemoteUsage: result.map(Self.usage) ?? .zero, reason: reason))
        case .held(let reason, let code, let subcode):
            return .held(reason: reason, code: code, subcode: subcode)
        case .released(let reason):
            return .released(reason: reason)
        case .aborted(let reason):
            return .aborted(reason: reason)
        }
    }

    /// The whole entry's text, as it goes into the log file.
    public func logText(for job: JobRecord, scheddHost host: String, now: Int64, utcOffset: Int) -> String {
        EventLog.format(event(for: job, scheddHost: host), cluster: job.id.cluster, proc: job.id.proc, time: now, utcOffset: utcOffset)
    }

    static func outcome(_ ending: RunResult.Ending) -> TerminationOutcome {
        switch ending {
        case .exited(let code): .normal(returnValue: code)
        case .signaled(let signal, _): .abnormal(signal: signal)
        case .failedToStart: .normal(returnValue: 127)
        case .outOfMemory: .abnormal(signal: 9)
        }
    }

    static func usage(_ result: RunResult) -> CPUUsage {
        CPUUsage(userSeconds: Int64(result.userSeconds.rounded()), systemSeconds: Int64(result.systemSeconds.rounded()))
    }

    /// The "Partitionable Resources" table: what the job used, asked for and was given.
    static func resources(_ job: JobRecord, _ result: RunResult) -> [PartitionableResource] {
        let spec = job.spec
        return [
            PartitionableResource("Cpus", request: Double(spec.requestCpus), allocated: Double(spec.requestCpus)),
            PartitionableResource("Disk (KB)", usage: 0, request: Double(spec.requestDiskKiB), allocated: Double(spec.requestDiskKiB)),
            PartitionableResource(
                "Memory (MB)", usage: Double((result.maxResidentKiB + 1023) / 1024), request: Double(spec.requestMemoryMB),
                allocated: Double(spec.requestMemoryMB)),
        ]
    }
}
