import Jobs

/// Where the schedd keeps its queue durably. SQLite (`SQLiteJobStore`) is the embedded
/// default; the protocol is small so that a PostgreSQL store can follow for sites that
/// outgrow one scheduler machine.
///
/// Contract: when a method returns, what it wrote survives `kill -9` of the process (and,
/// with SQLite's `synchronous = FULL`, a power cut).
public protocol JobStore: Sendable {
    /// Every job not yet moved to the history, and the highest cluster id ever given.
    func load() throws -> (jobs: [JobRecord], lastCluster: Int)
    /// Reserves the next cluster id (condor_submit asks for one before expanding `$(Cluster)`).
    func newCluster() throws -> Int
    /// Inserts or replaces `records` in one transaction.
    func save(_ records: [JobRecord]) throws
    /// Finished jobs, newest first, for `racimo history`.
    func history(limit: Int) throws -> [JobRecord]
}
