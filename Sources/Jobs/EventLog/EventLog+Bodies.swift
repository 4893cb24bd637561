extension EventLog {
    /// The text after the header, each line ending in `\n`. Continuation lines start with a TAB
    /// (the manual shows spaces); several formatBody functions end a line with `\n\t` and the
    /// next piece (`formatRusage`) starts with its own `\t`, which is why the usage lines carry
    /// two tabs. Reproduced here as they come out, not as they look.
    static func body(_ event: JobEvent) -> String {
        switch event {
        case let .submit(host, notes):
            // condor_event.cpp SubmitEvent::formatBody: notes are indented by 4 spaces.
            var out = "Job submitted from host: \(host)\n"
            for note in notes where !note.isEmpty { out += "    \(oneLine(note))\n" }
            return out
        case let .execute(host, slotName):
            var out = "Job executing on host: \(host)\n"
            if let slotName, !slotName.isEmpty { out += "\tSlotName: \(slotName)\n" }
            return out
        case let .executableError(kind):
            switch kind {
            case .notExecutable: return "(\(kind.rawValue)) Job file not executable.\n"
            case .badLink: return "(\(kind.rawValue)) Job not properly linked for Condor.\n"
            }
        case let .evicted(eviction):
            return evictedBody(eviction)
        case let .terminated(termination):
            return "Job terminated.\n" + terminatedBody(termination)
        case let .imageSize(update):
            var out = "Image size of job updated: \(update.imageSizeKB)\n"
            if let mb = update.memoryUsageMB, mb >= 0 { out += "\t\(mb)  -  MemoryUsage of job (MB)\n" }
            if let rss = update.residentSetSizeKB, rss >= 0 { out += "\t\(rss)  -  ResidentSetSize of job (KB)\n" }
            if let pss = update.proportionalSetSizeKB, pss >= 0 { out += "\t\(pss)  -  ProportionalSetSize of job (KB)\n" }
            return out
        case let .shadowException(message, sent, received):
            return "Shadow exception!\n\t\(oneLine(message))\n"
                + "\t\(sent)  -  Run Bytes Sent By Job\n\t\(received)  -  Run Bytes Received By Job\n"
        case let .aborted(reason):
            var out = "Job was aborted.\n"
            if let reason, !reason.isEmpty { out += "\t\(oneLine(reason))\n" }
            return out
        case let .suspended(processes):
            return "Job was suspended.\n\tNumber of processes actually suspended: \(processes)\n"
        case .unsuspended:
            return "Job was unsuspended.\n"
        case let .held(reason, code, subcode):
            var out = "Job was held.\n"
            if let reason, !reason.isEmpty { out += "\t\(oneLine(reason))\n" } else { out += "\tReason unspecified\n" }
            return out + "\tCode \(code.rawValue) Subcode \(subcode)\n"
        case let .released(reason):
            var out = "Job was released.\n"
            if let reason, !reason.isEmpty { out += "\t\(oneLine(reason))\n" }
            return out
        }
    }

    /// `TerminatedEvent::formatBody`: outcome, four usage lines, four byte counts, the table.
    static func terminatedBody(_ t: JobTermination) -> String {
        var out = outcomeLines(t.outcome) + "\t"
        out += usage(t.runRemoteUsage) + "  -  Run Remote Usage\n\t"
        out += usage(t.runLocalUsage) + "  -  Run Local Usage\n\t"
        out += usage(t.totalRemoteUsage) + "  -  Total Remote Usage\n\t"
        out += usage(t.totalLocalUsage) + "  -  Total Local Usage\n"
        out += "\t\(t.runBytesSent)  -  Run Bytes Sent By Job\n"
        out += "\t\(t.runBytesReceived)  -  Run Bytes Received By Job\n"
        out += "\t\(t.totalBytesSent)  -  Total Bytes Sent By Job\n"
        out += "\t\(t.totalBytesReceived)  -  Total Bytes Received By Job\n"
        return out + resourcesTable(t.resources)
    }

    /// `JobEvictedEvent::formatBody`. Unlike the terminated event, the requeued outcome comes
    /// after the byte counts, and the reason gets a `Reason: ` prefix unless requeued.
    static func evictedBody(_ e: JobEviction) -> String {
        var out = e.code != 0 ? "Job was evicted. Code \(e.code) Subcode \(e.subcode)\n\t" : "Job was evicted.\n\t"
        switch e.kind {
        case .requeued: out += "(0) Job terminated and was requeued\n\t"
        case .checkpointed: out += "(1) Job was checkpointed.\n\t"
        case .vacated: out += "(0) CPU times\n\t"
        }
        out += usage(e.runRemoteUsage) + "  -  Run Remote Usage\n\t"
        out += usage(e.runLocalUsage) + "  -  Run Local Usage\n"
        out += "\t\(e.bytesSent)  -  Run Bytes Sent By Job\n"
        out += "\t\(e.bytesReceived)  -  Run Bytes Received By Job\n"
        if case let .requeued(outcome) = e.kind {
            switch outcome {
            case let .normal(value): out += "\t(1) Normal termination (return value \(value))\n"
            case let .abnormal(signal, core):
                out += "\t(0) Abnormal termination (signal \(signal))\n"
                out += core.map { "\t(1) Corefile in: \($0)\n" } ?? "\t(0) No core file\n"
            }
        }
        if let reason = e.reason, !reason.isEmpty {
            if case .requeued = e.kind { out += "\t\(oneLine(reason))\n" } else { out += "\tReason: \(oneLine(reason))\n" }
        }
        return out + resourcesTable(e.resources)
    }

    /// The outcome lines of a terminated event, ending with `\n` (the caller adds the `\t`
    /// that HTCondor leaves dangling at the end of the last one).
    static func outcomeLines(_ outcome: TerminationOutcome) -> String {
        switch outcome {
        case let .normal(value):
            return "\t(1) Normal termination (return value \(value))\n"
        case let .abnormal(signal, core):
            return "\t(0) Abnormal termination (signal \(signal))\n"
                + (core.map { "\t(1) Corefile in: \($0)\n" } ?? "\t(0) No core file\n")
        }
    }

    /// `ULogEvent::formatRusage`: `\tUsr D HH:MM:SS, Sys D HH:MM:SS` (no newline).
    static func usage(_ u: CPUUsage) -> String {
        "\tUsr " + dayClock(u.userSeconds) + ", Sys " + dayClock(u.systemSeconds)
    }

    private static func dayClock(_ seconds: Int64) -> String {
        // HTCondor divides signed time_t; negative input would print odd signs, we clamp.
        let s = max(0, seconds)
        return "\(s / 86_400) " + TextFormat.zeroPadded(Int(s % 86_400 / 3600), width: 2) + ":"
            + TextFormat.zeroPadded(Int(s % 3600 / 60), width: 2) + ":" + TextFormat.zeroPadded(Int(s % 60), width: 2)
    }
}
