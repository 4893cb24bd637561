extension JobQueue {
    /// One negotiation pass: fills every node's free resources with idle jobs, users in
    /// fair-share order, each user's jobs in priority order, two-way ClassAd matching.
    ///
    /// HTCondor runs this on a timer (`NEGOTIATOR_INTERVAL`, 60 s) and reuses claims in
    /// between; here every event that frees resources or adds jobs runs it at once, so a slot
    /// that finishes a job takes the next one without waiting for a cycle.
    public mutating func negotiate(now: Int64) -> [Action] {
        guard idle.count > 0, !nodes.isEmpty else { return [] }
        fairShare.advance(to: now, running: runningByOwner)
        var started: [JobRecord] = []
        // Emptier nodes first, so that jobs spread over nodes before they stack on one.
        let order = nodes.values.filter(\.reachable).sorted {
            let a = $0.free.cpus, b = $1.free.cpus
            return a != b ? a > b : $0.machine.name < $1.machine.name
        }.map(\.machine.name)
        for name in order {
            var refused: Set<IdleIndex.Key> = []
            while let job = pick(for: name, refused: &refused, now: now) {
                started.append(start(job, on: name, now: now))
            }
        }
        guard !started.isEmpty else { return [] }
        return [.persist(started)] + started.map { .start($0, node: $0.node ?? "") }
    }

    /// The best idle job for `name`'s free resources, or nil. `refused` remembers the groups
    /// that did not match this node in this pass.
    mutating func pick(for name: String, refused: inout Set<IdleIndex.Key>, now: Int64) -> JobRecord? {
        guard let node = nodes[name] else { return nil }
        let free = node.free
        guard free.cpus > 0 else { return nil }
        let owners = idle.owners.sorted {
            let a = fairShare.orderKey(of: $0, runningNow: runningByOwner[$0] ?? 0)
            let b = fairShare.orderKey(of: $1, runningNow: runningByOwner[$1] ?? 0)
            return a != b ? a < b : $0 < $1
        }
        for owner in owners {
            var best: (key: IdleIndex.Key, head: IdleIndex.Entry)?
            for candidate in idle.heads(of: owner) where !refused.contains(candidate.key) {
                guard let job = jobs[candidate.head.id],
                      policy.matches(job, on: node.machine, free: free, now: now)
                else {
                    refused.insert(candidate.key)
                    continue
                }
                if best == nil || candidate.head < best!.head { best = candidate }
            }
            if let best, let job = jobs[best.head.id] { return job }
        }
        return nil
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
