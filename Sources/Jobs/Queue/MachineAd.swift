/// What an execute node offers, as its startd advertises it: one partitionable slot holding
/// the node's CPUs, memory and disk, carved into a dynamic slot per running job.
public struct MachineAd: Hashable, Sendable, Codable {
    /// The node's name (`Machine`); slots are named `slot1_N@name` as HTCondor names them.
    public var name: String
    /// Where the node's startd can be reached, for the event log's `<addr:port>`.
    public var address: String
    public var resources: Resources
    public var arch: String
    public var opSys: String
    public var fileSystemDomain: String
    public var uidDomain: String
    /// The node's START expression (`START = TRUE` when none is configured).
    public var start: String
    /// Relative speed (`mosctl setspeed`, KFlops-like); used by job `rank`.
    public var speed: Double

    public init(
        name: String, address: String, resources: Resources, arch: String = "X86_64", opSys: String = "LINUX",
        fileSystemDomain: String, uidDomain: String, start: String = "TRUE", speed: Double = 1
    ) {
        self.name = name
        self.address = address
        self.resources = resources
        self.arch = arch
        self.opSys = opSys
        self.fileSystemDomain = fileSystemDomain
        self.uidDomain = uidDomain
        self.start = start
        self.speed = speed
    }
}

/// An amount of the three resources HTCondor carves partitionable slots by.
public struct Resources: Hashable, Sendable, Codable {
    public var cpus: Int
    public var memoryMB: Int
    public var diskKiB: Int

    public init(cpus: Int, memoryMB: Int, diskKiB: Int) {
        self.cpus = cpus
        self.memoryMB = memoryMB
        self.diskKiB = diskKiB
    }

    public static let zero = Resources(cpus: 0, memoryMB: 0, diskKiB: 0)

    /// The resources `spec` asks for.
    public init(requestedBy spec: JobSpec) {
        self.init(cpus: spec.requestCpus, memoryMB: spec.requestMemoryMB, diskKiB: spec.requestDiskKiB)
    }

    public func covers(_ other: Resources) -> Bool {
        cpus >= other.cpus && memoryMB >= other.memoryMB && diskKiB >= other.diskKiB
    }

    public static func - (a: Resources, b: Resources) -> Resources {
        Resources(cpus: a.cpus - b.cpus, memoryMB: a.memoryMB - b.memoryMB, diskKiB: a.diskKiB - b.diskKiB)
    }

    public static func + (a: Resources, b: Resources) -> Resources {
        Resources(cpus: a.cpus + b.cpus, memoryMB: a.memoryMB + b.memoryMB, diskKiB: a.diskKiB + b.diskKiB)
    }
}
