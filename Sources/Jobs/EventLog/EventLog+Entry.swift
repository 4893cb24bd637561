extension EventLog {
    /// One timed entry of a log: which job, when, what.
    public struct Entry: Sendable, Hashable {
        public var cluster: Int
        public var proc: Int
        public var time: Int64
        public var event: JobEvent
        public init(cluster: Int, proc: Int, time: Int64, event: JobEvent) {
            self.cluster = cluster
            self.proc = proc
            self.time = time
            self.event = event
        }
    }
}
