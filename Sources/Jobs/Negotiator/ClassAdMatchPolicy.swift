import Synchronization

/// Matchmaking with the jobs' and machines' ClassAds, as HTCondor's negotiator does it: the
/// job's `Requirements` against the machine ad (its `Cpus`, `Memory` and `Disk` being what is
/// free now), the machine's `START` against the job, the job's `Rank` to prefer machines, and
/// `OnExitHold`/`OnExitRemove` (which condor_submit writes for `max_retries` and friends) when
/// a run ends.
///
/// Job ads are parsed once and kept by their text; a job whose ad does not parse (it was
/// checked at submit time, so only a database from another version could hold one) matches
/// nothing, rather than everything.
public final class ClassAdMatchPolicy: MatchPolicy, Sendable {
    private let cache = Mutex<[String: ClassAd]>([:])

    public init() {}

    public func rank(_ job: JobRecord, on machine: MachineAd, free: Resources, now: Int64) -> Double? {
        guard free.covers(Resources(requestedBy: job.spec)), let ad = ad(of: job) else { return nil }
        let machineAd = machine.classAd(free: free)
        guard ClassAdMatch.symmetricMatch(job: ad, machine: machineAd, now: now) else { return nil }
        return ClassAdMatch.rank(of: machineAd, for: ad, now: now)
    }

    /// Jobs with the same requirements, rank and requests match the same machines.
    public func autocluster(of job: JobRecord) -> String {
        var key = "\(job.spec.requestCpus)/\(job.spec.requestMemoryMB)/\(job.spec.requestDiskKiB)"
        for line in JobAdText.lines(of: job.ad) {
            guard let name = JobAdText.attribute(of: line), Self.significant.contains(name.lowercased()) else { continue }
            key += "\n" + line
        }
        return key
    }

    /// The attributes that decide which machines a job matches.
    static let significant: Set<String> = ["requirements", "rank", "requestcpus", "requestmemory", "requestdisk"]

    public func afterExit(_ job: JobRecord, _ result: RunResult, now: Int64) -> ExitDecision {
        guard var ad = ad(of: job) else { return PlainMatchPolicy.retryRule(job, result) }
        switch result.ending {
        case .exited(let code):
            ad.set("ExitCode", .literal(.integer(Int64(code))))
            ad.set("ExitBySignal", .literal(.boolean(false)))
        case .signaled(let signal, _):
            ad.set("ExitSignal", .literal(.integer(Int64(signal))))
            ad.set("ExitBySignal", .literal(.boolean(true)))
        case .failedToStart, .outOfMemory:
            ad.set("ExitBySignal", .literal(.boolean(true)))
        }
        ad.set("NumJobStarts", .literal(.integer(Int64(job.starts))))
        ad.set("NumJobCompletions", .literal(.integer(Int64(job.starts))))
        if ad.evaluate(attribute: "OnExitHold", now: now) == .boolean(true) {
            var reason = "The job attribute OnExitHold expression '\(ad["OnExitHold"]?.description ?? "")' evaluated to TRUE."
            if case .string(let given) = ad.evaluate(attribute: "OnExitHoldReason", now: now) { reason = given }
            var subcode = 0
            if case .integer(let value) = ad.evaluate(attribute: "OnExitHoldSubCode", now: now) { subcode = Int(value) }
            return .hold(reason: reason, code: .jobPolicy, subcode: subcode)
        }
        // OnExitRemove: false sends the job back to idle; true, or an expression that cannot be
        // decided, lets it leave the queue (HTCondor's default is true).
        return ad.evaluate(attribute: "OnExitRemove", now: now) == .boolean(false) ? .requeue : .complete
    }

    /// The job's ad, parsed once per distinct text.
    func ad(of job: JobRecord) -> ClassAd? {
        if let cached = cache.withLock({ $0[job.ad] }) { return cached }
        guard let parsed = try? ClassAd(parsing: job.ad) else { return nil }
        cache.withLock {
            // Ads differ per proc (ProcId, Args…): a bounded cache, cleared when full.
            if $0.count > 4096 { $0.removeAll() }
            $0[job.ad] = parsed
        }
        return parsed
    }
}

extension MachineAd {
    /// The slot's machine ad as a partitionable slot advertises it: what is free now, the
    /// platform, the domains, and `START` as its `Requirements` (which matchmaking reads).
    public func classAd(free: Resources) -> ClassAd {
        var ad = ClassAd()
        ad.set("MyType", .literal(.string("Machine")))
        ad.set("Name", .literal(.string("slot1@\(name)")))
        ad.set("Machine", .literal(.string(name)))
        ad.set("Arch", .literal(.string(arch)))
        ad.set("OpSys", .literal(.string(opSys)))
        ad.set("Cpus", .literal(.integer(Int64(free.cpus))))
        ad.set("Memory", .literal(.integer(Int64(free.memoryMB))))
        ad.set("Disk", .literal(.integer(Int64(free.diskKiB))))
        ad.set("TotalCpus", .literal(.integer(Int64(resources.cpus))))
        ad.set("TotalMemory", .literal(.integer(Int64(resources.memoryMB))))
        ad.set("FileSystemDomain", .literal(.string(fileSystemDomain)))
        ad.set("UidDomain", .literal(.string(uidDomain)))
        // No file transfer yet: jobs reach their files through the shared filesystem.
        ad.set("HasFileTransfer", .literal(.boolean(false)))
        ad.set("PartitionableSlot", .literal(.boolean(true)))
        ad.set("KFlops", .literal(.integer(Int64(speed * 1_000_000))))
        let start = (try? ClassAdExpression(parsing: self.start)) ?? .literal(.boolean(false))
        ad.set("Start", start)
        ad.set("Requirements", start)
        return ad
    }
}

extension ClassAdExpression {
    /// The submit reader's check of an expression: nil when it parses, else the message and
    /// the offset of the offending character.
    public static let submitCheck: SubmitOptions.ExpressionCheck = { text in
        do throws(ClassAdParseError) {
            _ = try ClassAdExpression(parsing: text)
            return nil
        } catch {
            return (error.message, error.offset)
        }
    }
}
