import Testing
@testable import Jobs

/// Golden texts for the event log writer, against condor_event.cpp's formatBody functions and
/// the sample in HTCondor's quick-start guide (l.278-300, where TABs are shown as spaces).
struct EventLogFormatTests {
    let t0: Int64 = 1_787_309_344  // 2026-08-21 10:49:04 UTC

    @Test func headerPadsIdsAndWidensLongClusters() {
        let short = EventLog.format(.unsuspended, cluster: 42, proc: 7, time: t0)
        #expect(short == "011 (042.007.000) 2026-08-21 10:49:04 Job was unsuspended.\n...\n")
        let long = EventLog.format(.unsuspended, cluster: 123_456, proc: 1000, subproc: 2, time: t0)
        #expect(long.hasPrefix("011 (123456.1000.002) 2026-08-21 10:49:04 "))
    }

    @Test func headerUsesCallerOffsetAndOptions() {
        // UTC-5 at 02:00 UTC on 1 March is still 29 February (leap year) locally.
        let leap: Int64 = 1_709_258_400  // 2024-03-01 02:00:00 UTC
        let local = EventLog.format(.unsuspended, cluster: 1, proc: 0, time: leap, utcOffset: -5 * 3600)
        #expect(local.hasPrefix("011 (001.000.000) 2024-02-29 21:00:00 Job"))
        let legacy = EventLog.format(.unsuspended, cluster: 1, proc: 0, time: leap,
                                     options: .init(dateStyle: .legacy, utcSuffix: true))
        #expect(legacy.hasPrefix("011 (001.000.000) 03/01 02:00:00Z Job"))
    }

    @Test func civilTimeHandlesEpochEdges() {
        let epoch = CivilTime(epochSeconds: 0)
        #expect([epoch.year, epoch.month, epoch.day, epoch.hour] == [1970, 1, 1, 0])
        let before = CivilTime(epochSeconds: -1)
        #expect([before.year, before.month, before.day, before.hour, before.minute, before.second] == [1969, 12, 31, 23, 59, 59])
        let y2k = CivilTime(epochSeconds: 951_782_400)  // 2000-02-29
        #expect([y2k.year, y2k.month, y2k.day] == [2000, 2, 29])
        _ = CivilTime(epochSeconds: .max, utcOffset: .max)  // must not trap
        _ = CivilTime(epochSeconds: .min, utcOffset: .min)
    }

    @Test func terminatedMatchesQuickStartSample() {
        let event = JobEvent.terminated(JobTermination(
            outcome: .normal(returnValue: 0),
            runBytesSent: 23, runBytesReceived: 113, totalBytesSent: 23, totalBytesReceived: 113,
            resources: [
                PartitionableResource("Memory", usage: 0, request: 98, allocated: 2001),
                PartitionableResource("Cpus", request: 1, allocated: 1),
                PartitionableResource("Disk", usage: 100_000, request: 100_000, allocated: 2_033_496),
            ]))
        let expected = """
            005 (006.000.000) 2026-08-21 10:49:04 Job terminated.
            \t(1) Normal termination (return value 0)
            \t\tUsr 0 00:00:00, Sys 0 00:00:00  -  Run Remote Usage
            \t\tUsr 0 00:00:00, Sys 0 00:00:00  -  Run Local Usage
            \t\tUsr 0 00:00:00, Sys 0 00:00:00  -  Total Remote Usage
            \t\tUsr 0 00:00:00, Sys 0 00:00:00  -  Total Local Usage
            \t23  -  Run Bytes Sent By Job
            \t113  -  Run Bytes Received By Job
            \t23  -  Total Bytes Sent By Job
            \t113  -  Total Bytes Received By Job
            \tPartitionable Resources :    Usage  Request Allocated \n\
            \t   Cpus                 :                 1         1 \n\
            \t   Disk (KB)            :   100000   100000   2033496 \n\
            \t   Memory (MB)          :        0       98      2001 \n\
            ...

            """
        #expect(EventLog.format(event, cluster: 6, proc: 0, time: t0) == expected)
    }

    @Test func abnormalTerminationWithCoreAndUsageDays() {
        let event = JobEvent.terminated(JobTermination(
            outcome: .abnormal(signal: 11, coreFile: "/scratch/core.4242"),
            runRemoteUsage: CPUUsage(userSeconds: 90_061, systemSeconds: 59)))
        let text = EventLog.format(event, cluster: 3, proc: 1, time: t0)
        #expect(text.contains("Job terminated.\n\t(0) Abnormal termination (signal 11)\n\t(1) Corefile in: /scratch/core.4242\n\t\tUsr 1 01:01:01, Sys 0 00:00:59  -  Run Remote Usage\n"))
        #expect(!text.contains("Partitionable"))
    }

    @Test func resourceColumnsWidenAndAlignFractions() {
        let table = EventLog.resourcesTable([
            PartitionableResource("Cpus", usage: 0.25, request: 1, allocated: 1),
            PartitionableResource("Disk", usage: 12, request: 1_048_576, allocated: 123_456_789_012),
        ])
        let expected = """
            \tPartitionable Resources :    Usage  Request    Allocated \n\
            \t   Cpus                 :     0.25        1            1 \n\
            \t   Disk (KB)            :    12     1048576 123456789012 \n
            """
        #expect(table == expected)
    }

    @Test func assignedColumnAppearsWhenAnyRowHasOne() {
        let table = EventLog.resourcesTable([
            PartitionableResource("Gpus", usage: 0.75, request: 1, allocated: 1, assigned: "GPU-1a2b3c4d"),
            PartitionableResource("Cpus", request: 1),
        ])
        let expected = """
            \tPartitionable Resources :    Usage  Request Allocated Assigned
            \t   Cpus                 :                 1           \n\
            \t   Gpus (Average)       :     0.75        1         1 GPU-1a2b3c4d

            """
        #expect(table == expected)
    }

    @Test func heldReleasedAbortedBodies() {
        let held = EventLog.format(.held(reason: "first line\nsecond\r line", code: .userRequest, subcode: 0), cluster: 9, proc: 0, time: t0)
        #expect(held.hasSuffix("Job was held.\n\tfirst line|second  line\n\tCode 1 Subcode 0\n...\n"))
        let unspecified = EventLog.format(.held(reason: nil, code: HoldReasonCode(rawValue: 0)), cluster: 9, proc: 0, time: t0)
        #expect(unspecified.hasSuffix("Job was held.\n\tReason unspecified\n\tCode 0 Subcode 0\n...\n"))
        let released = EventLog.format(.released(reason: nil), cluster: 9, proc: 0, time: t0)
        #expect(released.hasSuffix("Job was released.\n...\n"))
        let aborted = EventLog.format(.aborted(reason: "via condor_rm (by user alice)"), cluster: 9, proc: 0, time: t0)
        #expect(aborted.hasSuffix("Job was aborted.\n\tvia condor_rm (by user alice)\n...\n"))
    }

    @Test func evictedVariants() {
        let vacated = EventLog.format(.evicted(JobEviction(bytesSent: 1, bytesReceived: 2)), cluster: 5, proc: 0, time: t0)
        #expect(vacated.hasSuffix("""
            Job was evicted.
            \t(0) CPU times
            \t\tUsr 0 00:00:00, Sys 0 00:00:00  -  Run Remote Usage
            \t\tUsr 0 00:00:00, Sys 0 00:00:00  -  Run Local Usage
            \t1  -  Run Bytes Sent By Job
            \t2  -  Run Bytes Received By Job
            ...

            """))
        let requeued = EventLog.format(.evicted(JobEviction(kind: .requeued(.abnormal(signal: 15)), reason: "policy", code: 3, subcode: 7)), cluster: 5, proc: 0, time: t0)
        #expect(requeued.contains("Job was evicted. Code 3 Subcode 7\n\t(0) Job terminated and was requeued\n"))
        #expect(requeued.hasSuffix("\t(0) Abnormal termination (signal 15)\n\t(0) No core file\n\tpolicy\n...\n"))
    }

    @Test func smallEvents() {
        #expect(EventLog.body(.submit(host: "<1.2.3.4:9618>", notes: ["DAG Node: A"])) == "Job submitted from host: <1.2.3.4:9618>\n    DAG Node: A\n")
        #expect(EventLog.body(.execute(host: "<h>", slotName: "slot1@n")) == "Job executing on host: <h>\n\tSlotName: slot1@n\n")
        #expect(EventLog.body(.imageSize(ImageSizeUpdate(imageSizeKB: 150, memoryUsageMB: 2, residentSetSizeKB: 2000)))
                == "Image size of job updated: 150\n\t2  -  MemoryUsage of job (MB)\n\t2000  -  ResidentSetSize of job (KB)\n")
        #expect(EventLog.body(.executableError(.badLink)) == "(1) Job not properly linked for Condor.\n")
        #expect(EventLog.body(.suspended(processes: 3)) == "Job was suspended.\n\tNumber of processes actually suspended: 3\n")
    }

    @Test func jobStatusAndHoldCodes() {
        #expect(JobStatus.allCases.map(\.rawValue) == [1, 2, 3, 4, 5, 6, 7])
        #expect(String(JobStatus.allCases.map(\.letter)) == "IRXCH>S")
        #expect(HoldReasonCode.jobOutOfResources.rawValue == 34)
        #expect(HoldReasonCode.jobDurationExceeded.label == "JobDurationExceeded")
        #expect(HoldReasonCode(rawValue: 999).label == nil)
        #expect(JobStatus(code: 0) == nil)
    }
}
