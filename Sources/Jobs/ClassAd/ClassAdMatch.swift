/// Matchmaking between a job ad and a machine ad, as HTCondor's negotiator
/// decides it (the "Matchmaking with ClassAds" section of the manual).
public enum ClassAdMatch {
    /// True iff the job's `Requirements` is `true` with MY = job and TARGET =
    /// machine, and the machine's `Requirements` is `true` with MY = machine
    /// and TARGET = job.
    ///
    /// Only a boolean `true` (or a non-zero number, HTCondor's boolean
    /// equivalent) matches: `undefined` and `error` do not. A missing
    /// `Requirements` does not match either. This follows HTCondor's
    /// definition (checked with classad2's `symmetricMatch`): a machine ad
    /// with only `START` does not match; condor_startd publishes
    /// `Requirements` (normally `START`-based) itself.
    public static func symmetricMatch(job: ClassAd, machine: ClassAd, now: Int64) -> Bool {
        requirementsHold(of: job, against: machine, now: now)
            && requirementsHold(of: machine, against: job, now: now)
    }

    /// Whether `ad`'s `Requirements` is true when matched against `other`.
    public static func requirementsHold(of ad: ClassAd, against other: ClassAd, now: Int64) -> Bool {
        guard ad["Requirements"] != nil else { return false }
        let value = ad.evaluate(attribute: "Requirements", target: other, now: now)
        switch value {
        case .boolean(let b): return b
        case .integer, .real: return value.booleanEquivalent ?? false
        default: return false
        }
    }

    /// The job's `Rank` of `machine` (MY = job, TARGET = machine). Numbers
    /// and booleans convert to `Double` (true is 1); anything else —
    /// missing, `undefined`, `error`, strings — ranks 0.0, as the negotiator
    /// treats a non-numeric rank.
    public static func rank(of machine: ClassAd, for job: ClassAd, now: Int64) -> Double {
        job.evaluate(attribute: "Rank", target: machine, now: now).numericValue ?? 0.0
    }

    /// For each clause of the job's `Requirements` (its top-level `&&`
    /// conjuncts), how many of `machines` satisfy it, to explain why a job
    /// does not match (like `condor_q -better-analyze`).
    public static func clauseAnalysis(job: ClassAd, machines: [ClassAd], now: Int64) -> [(clause: ClassAdExpression, matchingMachines: Int)] {
        guard let requirements = job["Requirements"] else { return [] }
        return requirements.conjuncts.map { clause in
            let count = machines.filter { machine in
                clause.evaluate(my: job, target: machine, now: now).booleanEquivalent == true
            }.count
            return (clause, count)
        }
    }
}
