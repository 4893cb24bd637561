/// CPU time of one process tree: user and system seconds (HTCondor keeps whole seconds).
public struct CPUUsage: Sendable, Hashable {
    public var userSeconds: Int64
    public var systemSeconds: Int64
    public init(userSeconds: Int64 = 0, systemSeconds: Int64 = 0) {
        self.userSeconds = userSeconds
        self.systemSeconds = systemSeconds
    }
    public static let zero = CPUUsage()
}
