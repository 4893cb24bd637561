/// Who asks for a change to jobs: owners may act on their own jobs, root (queue
/// administrators) on anyone's, as condor_rm/condor_hold/condor_release allow.
public struct Requester: Hashable, Sendable {
    public var user: String
    public var isAdministrator: Bool
    public init(user: String, isAdministrator: Bool) {
        self.user = user
        self.isAdministrator = isAdministrator
    }
}

extension JobQueue {
    /// What a command did to each job it named, for the CLI's answer.
    public enum Outcome: Hashable, Sendable, Codable {
        case done(JobID)
        case notFound(JobID)
        case notPermitted(JobID, owner: String)
        case notApplicable(JobID, status: JobStatus)
    }

    /// `racimo rm`: idle, held and running jobs are removed (event 009); running ones killed.
    public mutating func remove(_ ids: [JobID], by requester: Requester, now: Int64) -> (actions: [Action], outcomes: [Outcome]) {
        change(ids, by: requester, now: now, allowed: [.idle, .running, .held, .suspended]) { queue, job, actions in
            if let run = job.run, let node = job.node { actions.append(.kill(run, node: node)) }
            if job.status == .idle { queue.idle.remove(job, autocluster: queue.policy.autocluster(of: job)) }
            job.status = .removed
            job.completedAt = now
            actions.append(.log(job, .aborted(reason: "via racimo rm (by user \(requester.user))")))
        }
    }

    /// `racimo hold`: idle and running jobs are held with code 1 (condor_hold's).
    public mutating func hold(_ ids: [JobID], by requester: Requester, now: Int64) -> (actions: [Action], outcomes: [Outcome]) {
        change(ids, by: requester, now: now, allowed: [.idle, .running, .suspended]) { queue, job, actions in
            if let run = job.run, let node = job.node { actions.append(.kill(run, node: node)) }
            if job.status == .idle { queue.idle.remove(job, autocluster: queue.policy.autocluster(of: job)) }
            let reason = "via racimo hold (by user \(requester.user))"
            job.status = .held
            job.holdReason = reason
            job.holdCode = .userRequest
            actions.append(.log(job, .held(reason: reason, code: .userRequest, subcode: 0)))
        }
    }

    /// `racimo release`: held jobs go back to idle (event 013).
    public mutating func release(_ ids: [JobID], by requester: Requester, now: Int64) -> (actions: [Action], outcomes: [Outcome]) {
        let result = change(ids, by: requester, now: now, allowed: [.held]) { queue, job, actions in
            job.status = .idle
            job.holdReason = nil
            job.holdCode = nil
            queue.idle.insert(job, autocluster: queue.policy.autocluster(of: job))
            actions.append(.log(job, .released(reason: "via racimo release (by user \(requester.user))")))
        }
        return (result.actions + negotiate(now: now), result.outcomes)
    }

    private mutating func change(
        _ ids: [JobID], by requester: Requester, now: Int64, allowed: Set<JobStatus>,
        _ apply: (inout JobQueue, inout JobRecord, inout [Action]) -> Void
    ) -> (actions: [Action], outcomes: [Outcome]) {
        var outcomes: [Outcome] = []
        var changed: [JobRecord] = []
        var actions: [Action] = []
        for id in ids {
            let targets = id.isCluster
                ? jobs.keys.filter { id.covers($0) }.sorted()
                : (jobs[id] == nil ? [] : [id])
            if targets.isEmpty { outcomes.append(.notFound(id)); continue }
            for target in targets {
                guard var job = jobs[target] else { continue }
                guard requester.isAdministrator || job.owner == requester.user else {
                    outcomes.append(.notPermitted(target, owner: job.owner)); continue
                }
                guard allowed.contains(job.status) else {
                    // A cluster-wide command skips finished procs quietly, as condor_rm does.
                    if !id.isCluster { outcomes.append(.notApplicable(target, status: job.status)) }
                    continue
                }
                apply(&self, &job, &actions)
                jobs[target] = job
                changed.append(job)
                outcomes.append(.done(target))
            }
        }
        return ((changed.isEmpty ? [] : [.persist(changed)]) + actions, outcomes)
    }
}
