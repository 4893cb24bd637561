import Foundation
import Jobs
import LinuxSupport

extension Schedd {
    /// Answers one client request; `reply` is called once, off the engine.
    public func handle(_ request: ScheddRequest, from peer: PeerCredentials, reply: @escaping @Sendable (ScheddReply) -> Void) {
        engine.async { [self] in
            let answer = answer(request, from: peer)
            reply(answer)
        }
    }

    private func answer(_ request: ScheddRequest, from peer: PeerCredentials) -> ScheddReply {
        let user = Accounts.account(uid: peer.uid)?.name ?? "\(peer.uid)"
        let requester = Requester(user: user, isAdministrator: peer.uid == 0)
        switch request {
        case .newCluster:
            do { return .cluster(try store.newCluster()) } catch { return .refused("the queue cannot be written: \(error)") }
        case .submit(let cluster, let submitted):
            if peer.uid == 0, !settings.allowRootJobs {
                return .refused(
                    "jobs are not queued for root: submit as the user the jobs should run as "
                        + "(or set allow_root_jobs = true in [scheduler] to allow it)")
            }
            guard !submitted.isEmpty else { return .refused("the submission has no jobs") }
            guard queue.jobs.keys.first(where: { $0.cluster == cluster }) == nil else {
                return .refused("cluster \(cluster) already has jobs")
            }
            let now = Self.now()
            let gid = Accounts.account(uid: peer.uid)?.gid ?? peer.gid
            let owner = JobAdText.quoted(user), domain = JobAdText.quoted(settings.fileSystemDomain)
            let records = submitted.map {
                // The ad says who owns the job as the kernel told the schedd, whatever the
                // client wrote, and which filesystem domain the job's files live in.
                let ad = JobAdText.edited(
                    $0.ad, set: [("Owner", owner)], defaults: [("FileSystemDomain", domain)])
                var record = JobRecord(id: JobID(cluster: cluster, proc: $0.proc), owner: user, uid: peer.uid, gid: gid,
                                       spec: $0.spec, ad: ad, submittedAt: now, held: $0.held)
                record.clusterSize = submitted.count
                return record
            }
            // The first action is the records' persist: once `apply` returns they are durable,
            // and only then is the submission acknowledged.
            apply { queue, now in queue.submit(records, now: now) }
            logger.info("jobs submitted", metadata: ["cluster": "\(cluster)", "jobs": "\(records.count)", "owner": "\(user)"])
            return .submitted(cluster: cluster, count: records.count)
        case .queue:
            return .queue(snapshot())
        case .history(let limit):
            do { return .history(try store.history(limit: limit)) } catch { return .refused("the history cannot be read: \(error)") }
        case .remove(let ids):
            return commanded { $0.remove(ids, by: requester, now: $1) }
        case .hold(let ids):
            return commanded { $0.hold(ids, by: requester, now: $1) }
        case .release(let ids):
            return commanded { $0.release(ids, by: requester, now: $1) }
        }
    }

    private func commanded(_ command: (inout JobQueue, Int64) -> (actions: [JobQueue.Action], outcomes: [JobQueue.Outcome])) -> ScheddReply {
        let (actions, outcomes) = command(&queue, Self.now())
        perform(actions)
        return .outcomes(outcomes)
    }

    func snapshot() -> QueueSnapshot {
        let jobs = queue.jobs.values.filter { !$0.status.isFinal }.sorted { $0.id < $1.id }
        let nodes = queue.nodes.values.sorted { $0.machine.name < $1.machine.name }.map { node in
            NodeSnapshot(machine: node.machine, runs: node.runs.keys.sorted().compactMap { run in
                guard let job = queue.jobs[run.job] else { return nil }
                return ClaimedSlot(slot: job.slot ?? "", job: job.id, owner: job.owner, resources: node.runs[run] ?? .zero,
                                   since: job.runStartedAt ?? 0)
            })
        }
        return QueueSnapshot(schedd: settings.name, address: settings.address, now: Self.now(), jobs: jobs, nodes: nodes)
    }
}
