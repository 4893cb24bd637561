extension CondorQ {
    /// How jobs without a `batchName` are batched.
    public enum UnnamedBatches: Sendable, Hashable {
        /// One batch per cluster, named `ID: <cluster>` — HTCondor 8.7 and later, including 25.
        case byCluster
        /// One batch per owner and executable, named `CMD: <path>` (the basename when the path
        /// is longer than 24 characters) — the older behaviour the condor_q manual still shows,
        /// kept in queue.cpp behind `#if 1 // don't batch jobs by exe`.
        case byCommand
    }

    /// The default (batch) view: one line per batch.
    ///
    /// Batching follows queue.cpp (`resolve_job_batch_uid`, `reduce_results`): jobs with the same
    /// `batchName` and owner form one batch across clusters; jobs without a batch name are
    /// batched per cluster and shown as `ID: <cluster>` (current HTCondor no longer batches by
    /// executable — the `CMD: …` rows in older manuals come from a disabled branch).
    /// Batches are listed by their lowest job id; SUBMITTED is that job's `QDate`.
    /// RUN counts Running and TransferringOutput, IDLE counts Idle and Suspended, HOLD Held;
    /// DONE is the clusters' `TotalSubmitProcs` minus procs still queued, TOTAL the sum of
    /// `TotalSubmitProcs` (both `_` when any cluster of the batch lacks it). Zero prints as `_`.
    /// The HOLD column appears only when some job is held or there are no jobs.
    /// Columns: OWNER at least 5 wide, BATCH_NAME at least 10 (12 with no rows), counters at
    /// least 6 and wider for wider numbers, JOB_IDS unpadded: `599.0-3`, `12.0 ... 14.2`, `7.0`.
    public func batch(_ rows: [QueueRow], allUsers: QueueTotals? = nil, unnamed: UnnamedBatches = .byCluster) -> String {
        let batches = Self.batches(rows, unnamed: unnamed)
        let anyHeld = batches.contains { $0.held > 0 }
        let cells: [[String]] = batches.map { b in
            let count = { (n: Int) in n > 0 ? String(n) : "_" }
            return [b.owner, b.name, date(b.submitted), count(b.done), count(b.running),
                    count(b.idle), count(b.held), count(b.total), b.jobIDs]
        }
        func width(_ index: Int, _ minimum: Int) -> Int {
            cells.reduce(minimum) { max($0, $1[index].count) }
        }
        // SUBMITTED: the 11-character QDATE right-aligned in 12, so it gains a leading space.
        let columns = [
            TextColumn(heading: "OWNER", width: -width(0, 5)),
            TextColumn(heading: "BATCH_NAME", width: -(rows.isEmpty ? 12 : width(1, 10))),
            TextColumn(heading: "   SUBMITTED", width: 12),
            TextColumn(heading: "  DONE", width: width(3, 6)),
            TextColumn(heading: "  RUN ", width: width(4, 6)),
            TextColumn(heading: "  IDLE", width: width(5, 6)),
            TextColumn(heading: "  HOLD", width: width(6, 6), hidden: !(anyHeld || rows.isEmpty)),
            TextColumn(heading: " TOTAL", width: width(7, 6)),
            TextColumn(heading: "JOB_IDS", width: 0),
        ]
        var out = title + TextTable.heading(columns) + "\n"
        for row in cells { out += TextTable.line(columns, row) + "\n" }
        return out + totals(query: QueueTotals(rows), allUsers: allUsers)
    }

    /// One batch line's numbers before formatting.
    struct Batch {
        var owner: String
        var name: String
        var submitted: Int64
        var done = 0, running = 0, idle = 0, held = 0, total = 0
        var jobIDs = ""
    }

    static func batches(_ rows: [QueueRow], unnamed: UnnamedBatches) -> [Batch] {
        let sorted = rows.sorted { ($0.cluster, $0.proc) < ($1.cluster, $1.proc) }
        // Group key: batch name + owner, or the cluster for unnamed jobs; keep first-seen order.
        var order: [String] = []
        var members: [String: [QueueRow]] = [:]
        for row in sorted {
            let key = batchName(row, unnamed).map { "B\($0)\n\(row.owner)" } ?? "C\(row.cluster)"
            if members[key] == nil { order.append(key) }
            members[key, default: []].append(row)
        }
        return order.map { key in
            let jobs = members[key]!
            let first = jobs[0]
            var batch = Batch(owner: first.owner, name: batchName(first, unnamed) ?? "ID: \(first.cluster)", submitted: first.submitted)
            var unknownTotal = false
            var clusters: [Int: (size: Int?, count: Int)] = [:]
            for job in jobs {
                switch job.status {
                case .running, .transferringOutput: batch.running += 1
                case .idle, .suspended: batch.idle += 1
                case .held: batch.held += 1
                case .completed, .removed: break
                }
                let entry = clusters[job.cluster]
                clusters[job.cluster] = (entry?.size ?? job.clusterSize, (entry?.count ?? 0) + 1)
            }
            for (_, cluster) in clusters {
                guard let size = cluster.size else { unknownTotal = true; continue }
                batch.total += size
                batch.done += size - cluster.count
            }
            if unknownTotal { batch.total = 0; batch.done = 0 }
            batch.done = max(0, batch.done)
            let last = jobs[jobs.count - 1]
            if jobs.count == 1 {
                batch.jobIDs = "\(first.cluster).\(first.proc)"
            } else if first.cluster == last.cluster {
                batch.jobIDs = "\(first.cluster).\(first.proc)-\(last.proc)"
            } else {
                batch.jobIDs = "\(first.cluster).\(first.proc) ... \(last.cluster).\(last.proc)"
            }
            return batch
        }
    }

    /// The batch name a job is grouped under, nil for per-cluster batches.
    static func batchName(_ row: QueueRow, _ unnamed: UnnamedBatches) -> String? {
        if let name = row.batchName { return name }
        guard unnamed == .byCommand else { return nil }
        let base = row.command.split(separator: "/").last.map(String.init) ?? row.command
        return "CMD: " + (row.command.count > 24 ? base : row.command)
    }
}
