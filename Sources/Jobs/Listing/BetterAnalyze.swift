/// `racimo q -better-analyze ID`: why a job is (or is not) running, in the shape of
/// `condor_q -better-analyze` — each clause of its Requirements and how many slots satisfy it,
/// then how the execute nodes split between rejecting it, being rejected by it, and being
/// able to run it. "Why is my job idle?" is the question HTCondor and Slurm users ask most.
public enum BetterAnalyze {
    /// One execute node as the analysis sees it: its ad and what it has free now.
    public struct Node: Sendable {
        public var machine: MachineAd
        public var free: Resources
        /// Jobs of `owner` it runs now, by owner.
        public var runningOwners: [String]
        public init(machine: MachineAd, free: Resources, runningOwners: [String]) {
            self.machine = machine
            self.free = free
            self.runningOwners = runningOwners
        }
    }

    public static func report(for job: JobRecord, nodes: [Node], now: Int64) -> String {
        let id = "\(job.id)"
        guard let ad = try? ClassAd(parsing: job.ad) else {
            return "Job \(id): its ClassAd cannot be read, so it can match no machine.\n"
        }
        var out = ""
        switch job.status {
        case .running:
            out += "Job \(id) is running on \(job.slot ?? job.node ?? "a slot") since its start \(job.starts == 1 ? "" : "(start \(job.starts))").\n\n"
        case .held:
            out += "Job \(id) is held: \(job.holdReason ?? "reason unspecified") (code \(job.holdCode?.rawValue ?? 0)).\n"
            out += "Release it with 'racimo release \(id)'; it will then be matched as below.\n\n"
        case .completed, .removed:
            return "Job \(id) has left the queue (\(job.status)).\n"
        default:
            break
        }
        let requirements = ad["Requirements"]
        out += "The Requirements expression for job \(id) is\n\n    \(requirements?.description ?? "TRUE")\n\n"
        out += "Job \(id) defines the following attributes:\n\n"
        for name in ["RequestCpus", "RequestDisk", "RequestMemory", "FileSystemDomain"] {
            if let value = ad[name] { out += "    \(name) = \(value.description)\n" }
        }
        let machineAds = nodes.map { $0.machine.classAd(free: $0.free) }
        let clauses = ClassAdMatch.clauseAnalysis(job: ad, machines: machineAds, now: now)
        if !clauses.isEmpty {
            out += "\nThe Requirements expression for job \(id) reduces to these conditions:\n\n"
            out += "         Slots\nStep    Matched  Condition\n-----  --------  ---------\n"
            for (index, clause) in clauses.enumerated() {
                let step = "[\(index)]".padding(to: 5)
                out += "\(step)  \(String(clause.matchingMachines).leftPadded(to: 8))  \(clause.clause.description)\n"
            }
        }
        var rejectedByJob = 0, rejectingJob = 0, runningMine = 0, busyOthers = 0, available = 0
        for (node, machineAd) in zip(nodes, machineAds) {
            let jobAccepts = ClassAdMatch.requirementsHold(of: ad, against: machineAd, now: now)
            let machineAccepts = ClassAdMatch.requirementsHold(of: machineAd, against: ad, now: now)
            if !jobAccepts { rejectedByJob += 1 }
            if !machineAccepts { rejectingJob += 1 }
            if jobAccepts && machineAccepts {
                if node.runningOwners.contains(job.owner) { runningMine += 1 }
                if !node.runningOwners.isEmpty && !node.runningOwners.contains(job.owner) { busyOthers += 1 }
                available += 1
            }
        }
        out += "\n\(id):  Run analysis summary.  Of \(nodes.count) execute node\(nodes.count == 1 ? "" : "s"),\n"
        out += "      \(rejectedByJob) are rejected by your job's requirements\n"
        out += "      \(rejectingJob) reject your job because of their own requirements (START)\n"
        out += "      \(runningMine) match and are already running your jobs\n"
        out += "      \(busyOthers) match but are serving other users\n"
        out += "      \(available) are able to run your job\n"
        if job.status == .idle {
            out += "\n" + verdict(clauses: clauses, nodes: nodes.count, available: available, rejectingJob: rejectingJob)
        }
        return out
    }

    static func verdict(clauses: [(clause: ClassAdExpression, matchingMachines: Int)], nodes: Int, available: Int, rejectingJob: Int) -> String {
        if nodes == 0 { return "No execute node has offered slots to this schedd: start an agent with [execute].\n" }
        if let (index, first) = clauses.enumerated().first(where: { $0.element.matchingMachines == 0 }) {
            return "The job is idle because no slot satisfies step [\(index)]: \(first.clause.description)\n"
        }
        if available == 0, rejectingJob > 0 { return "The job is idle because the execute nodes' START expressions reject it.\n" }
        if available == 0 { return "The job is idle because no slot satisfies all of its conditions at once (or none has the resources free now).\n" }
        return "The job can run: it is waiting for a slot to free up, behind other jobs or users with better priority.\n"
    }
}

extension String {
    func padding(to width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
    func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
