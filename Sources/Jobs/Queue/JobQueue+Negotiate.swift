extension JobQueue {
    /// One negotiation pass: fills every node's free resources with idle jobs, users in
    /// fair-share order, each user's jobs in priority order, two-way ClassAd matching.
    ///
    /// HTCondor runs this on a timer (`NEGOTIATOR_INTERVAL`, 60 s) and reuses claims in
    /// between; here every event that frees resources or adds jobs runs it at once, so a slot
    /// that finishes a job takes the next one without waiting for a cycle.
    public mutating func negotiate(now: Int64) -> [Action] {
        guard idle.count > 0, nodes.values.contains(where: \.reachable) else { return [] }
        fairShare.advance(to: now, running: runningByOwner)
        var started: [JobRecord] = []
        // Groups that no node could take in this pass: free resources only shrink within it.
        var refused: Set<IdleIndex.Key> = []
        while let (job, node) = nextMatch(refused: &refused, now: now) {
            started.append(start(job, on: node, now: now))
        }
        guard !started.isEmpty else { return [] }
        return [.persist(started)] + started.map { .start($0, node: $0.node ?? "") }
    }

    /// The next job to start and where: users in fair-share order; a user's jobs in start order
    /// (higher `priority`, then lower id), skipping groups no node can take; among the nodes
    /// that match (two ways), the one the job's `Rank` prefers, then the emptiest, so that
    /// jobs spread over nodes before they stack on one.
    mutating func nextMatch(refused: inout Set<IdleIndex.Key>, now: Int64) -> (JobRecord, String)? {
        let candidates = nodes.values.filter { $0.reachable && $0.free.cpus > 0 }
        guard !candidates.isEmpty else { return nil }
        let owners = idle.owners.sorted {
            let a = fairShare.orderKey(of: $0, runningNow: runningByOwner[$0] ?? 0)
            let b = fairShare.orderKey(of: $1, runningNow: runningByOwner[$1] ?? 0)
            return a != b ? a < b : $0 < $1
        }
        for owner in owners {
            let heads = idle.heads(of: owner).filter { !refused.contains($0.key) }.sorted { $0.head < $1.head }
            for (key, head) in heads {
                guard let job = jobs[head.id] else {
                    refused.insert(key)
                    continue
                }
                var best: (name: String, rank: Double, freeCpus: Int)?
                for node in candidates {
                    let free = node.free
                    guard let rank = policy.rank(job, on: node.machine, free: free, now: now) else { continue }
                    let candidate = (name: node.machine.name, rank: rank, freeCpus: free.cpus)
                    if best.map({ Self.prefers(candidate, over: $0) }) ?? true { best = candidate }
                }
                if let best { return (job, best.name) }
                refused.insert(key)
            }
        }
        return nil
    }

    /// Higher rank wins; then more free CPUs; then the name, so that the choice is stable.
    static func prefers(_ a: (name: String, rank: Double, freeCpus: Int), over b: (name: String, rank: Double, freeCpus: Int)) -> Bool {
        if a.rank != b.rank { return a.rank > b.rank }
        if a.freeCpus != b.freeCpus { return a.freeCpus > b.freeCpus }
        return a.name < b.name
    }

    /// Claims `job`'s resources on `name` and makes it running; returns the changed record.
    mutating func start(_ job: JobRecord, on name: String, now: Int64) -> JobRecord {
        var job = job
        if job.status == .idle { idle.remove(job, autocluster: policy.autocluster(of: job)) }
        job.starts += 1
        let run = RunID(job: job.id, attempt: job.starts)
        var node = nodes[name]!
        job.slot = "slot1_\(node.nextSlot)@\(name)"
        node.nextSlot += 1
        node.runs[run] = Resources(requestedBy: job.spec)
        nodes[name] = node
        job.status = .running
        job.run = run
        job.node = name
        job.runStartedAt = now
        runningByOwner[job.owner, default: 0] += 1
        jobs[job.id] = job
        return job
    }
}
