/// One row of the "Partitionable Resources" table: a resource (`Cpus`, `Disk`, `Memory`, `Gpus`
/// …) with what the job used, asked for and was given. Disk is in KB and Memory in MB, as
/// HTCondor labels them. Whole numbers print as integers, others with two decimals.
public struct PartitionableResource: Sendable, Hashable {
    public var name: String
    public var usage: Double?
    public var request: Double?
    public var allocated: Double?
    /// The `Assigned<Name>` text (e.g. GPU ids), shown in a fifth column when any row has one.
    public var assigned: String?

    public init(_ name: String, usage: Double? = nil, request: Double? = nil, allocated: Double? = nil, assigned: String? = nil) {
        self.name = name
        self.usage = usage
        self.request = request
        self.allocated = allocated
        self.assigned = assigned
    }
}
