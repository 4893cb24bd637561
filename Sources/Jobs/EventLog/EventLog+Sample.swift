/// A small log with one of every event this writer knows, over three jobs (one with a
/// four-digit cluster), used by `eventlog-sample` and the tests that feed HTCondor's reader.
public enum SampleLog {
    /// Entries starting at `start` (Unix seconds), a few seconds apart, in time order.
    public static func entries(start: Int64) -> [EventLog.Entry] {
        let host = "<10.213.0.10:9618?addrs=10.213.0.10-9618>"
        let node = "<10.213.0.11:9618?addrs=10.213.0.11-9618>"
        let resources = [
            PartitionableResource("Cpus", request: 1, allocated: 1),
            PartitionableResource("Disk", usage: 100_000, request: 100_000, allocated: 2_033_496),
            PartitionableResource("Memory", usage: 0, request: 98, allocated: 2001),
        ]
        let events: [(Int, Int, JobEvent)] = [
            (42, 7, .submit(host: host, notes: ["DAG Node: A"])),
            (42, 7, .execute(host: node, slotName: "slot1_1@node1")),
            (42, 7, .imageSize(ImageSizeUpdate(imageSizeKB: 100_000, memoryUsageMB: 0, residentSetSizeKB: 0))),
            (42, 7, .suspended(processes: 1)),
            (42, 7, .unsuspended),
            (42, 7, .terminated(JobTermination(
                outcome: .normal(returnValue: 0), runRemoteUsage: CPUUsage(userSeconds: 3723, systemSeconds: 1),
                totalRemoteUsage: CPUUsage(userSeconds: 90_061, systemSeconds: 2),
                runBytesSent: 23, runBytesReceived: 113, totalBytesSent: 23, totalBytesReceived: 113,
                resources: resources))),
            (1234, 0, .submit(host: host)),
            (1234, 0, .held(reason: "Error from slot1@node1: memory usage exceeded request_memory",
                            code: .jobOutOfResources, subcode: HoldReasonCode.memoryExceededSubcode)),
            (1234, 0, .released(reason: "via condor_release (by user alice)")),
            (1234, 0, .execute(host: node)),
            (1234, 0, .evicted(JobEviction(kind: .checkpointed, runRemoteUsage: CPUUsage(userSeconds: 61),
                                           bytesSent: 10, bytesReceived: 20, reason: "Claim preempted"))),
            (1234, 0, .executableError(.notExecutable)),
            (1234, 0, .shadowException(message: "Error from starter on slot1@node1", bytesSent: 0, bytesReceived: 5)),
            (1234, 0, .terminated(JobTermination(outcome: .abnormal(signal: 9)))),
            (1234, 1, .submit(host: host)),
            (1234, 1, .aborted(reason: "via condor_rm (by user alice)")),
        ]
        return events.enumerated().map { index, item in
            EventLog.Entry(cluster: item.0, proc: item.1, time: start + Int64(index) * 7, event: item.2)
        }
    }
}
