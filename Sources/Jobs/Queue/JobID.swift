/// A job's name in the queue: `cluster.proc`, as HTCondor numbers them (ClusterId, ProcId).
public struct JobID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var cluster: Int
    public var proc: Int

    public init(cluster: Int, proc: Int) {
        self.cluster = cluster
        self.proc = proc
    }

    /// Reads `42.7`; `42` alone names a whole cluster and gives proc -1 (see `isCluster`).
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let cluster = Int(parts[0]), cluster > 0 else { return nil }
        if parts.count == 2 {
            guard let proc = Int(parts[1]), proc >= 0 else { return nil }
            self.init(cluster: cluster, proc: proc)
        } else {
            self.init(cluster: cluster, proc: -1)
        }
    }

    /// True when this names every proc of a cluster (`racimo rm 42`).
    public var isCluster: Bool { proc < 0 }

    /// Whether `job` is this one, or one of this cluster's.
    public func covers(_ job: JobID) -> Bool {
        isCluster ? job.cluster == cluster : job == self
    }

    public static func < (a: JobID, b: JobID) -> Bool {
        (a.cluster, a.proc) < (b.cluster, b.proc)
    }

    public var description: String { isCluster ? "\(cluster)" : "\(cluster).\(proc)" }
}
