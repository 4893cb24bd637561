import Jobs

/// What a client (`racimo submit`, `racimo q`, …) asks the schedd, one JSON object per line on
/// the schedd's local socket. Who asks is not part of the request: the schedd reads the
/// caller's uid from the socket (SO_PEERCRED), so no client can submit as someone else.
public enum ScheddRequest: Codable, Sendable {
    /// Reserve a cluster id (condor_submit does this before expanding `$(Cluster)`).
    case newCluster
    /// Queue these procs of `cluster`, all or none.
    case submit(cluster: Int, jobs: [SubmittedJob])
    /// Every job in the queue, and the execute nodes with their runs.
    case queue
    /// Finished jobs, newest first.
    case history(limit: Int)
    case remove([JobID])
    case hold([JobID])
    case release([JobID])
}

/// One proc of a submission, as the client expanded it.
public struct SubmittedJob: Codable, Sendable {
    public var proc: Int
    public var spec: JobSpec
    /// The job ClassAd, one `Name = expression` per line.
    public var ad: String
    /// `hold = true`: queued on hold (HTCondor's code 15).
    public var held: Bool

    public init(proc: Int, spec: JobSpec, ad: String, held: Bool) {
        self.proc = proc
        self.spec = spec
        self.ad = ad
        self.held = held
    }
}

/// The schedd's answer to one request.
public enum ScheddReply: Codable, Sendable {
    case cluster(Int)
    case submitted(cluster: Int, count: Int)
    case queue(QueueSnapshot)
    case history([JobRecord])
    case outcomes([JobQueue.Outcome])
    /// The request was refused; a sentence for the person who asked.
    case refused(String)
}

/// The queue as `racimo q` and `racimo status` show it.
public struct QueueSnapshot: Codable, Sendable {
    public var schedd: String
    public var address: String
    public var now: Int64
    public var jobs: [JobRecord]
    public var nodes: [NodeSnapshot]

    public init(schedd: String, address: String, now: Int64, jobs: [JobRecord], nodes: [NodeSnapshot]) {
        self.schedd = schedd
        self.address = address
        self.now = now
        self.jobs = jobs
        self.nodes = nodes
    }
}

/// One execute node: what it offers and the dynamic slots carved from it.
public struct NodeSnapshot: Codable, Sendable {
    public var machine: MachineAd
    public var runs: [ClaimedSlot]
    public init(machine: MachineAd, runs: [ClaimedSlot]) {
        self.machine = machine
        self.runs = runs
    }
}

public struct ClaimedSlot: Codable, Sendable {
    public var slot: String
    public var job: JobID
    public var owner: String
    public var resources: Resources
    public var since: Int64
    public init(slot: String, job: JobID, owner: String, resources: Resources, since: Int64) {
        self.slot = slot
        self.job = job
        self.owner = owner
        self.resources = resources
        self.since = since
    }
}
