import Jobs
import Testing

/// "Why is my job idle?" answered clause by clause.
struct BetterAnalyzeTests {
    static func job(requirements: String, domain: String = "cluster") -> JobRecord {
        JobRecord(
            id: JobID(cluster: 12, proc: 0), owner: "ana", uid: 1000, gid: 1000,
            spec: JobSpec(executable: "/bin/true", iwd: "/home/ana", requestMemoryMB: 2048),
            ad: """
                RequestCpus = 1
                RequestMemory = 2048
                RequestDisk = 1024
                FileSystemDomain = "\(domain)"
                Requirements = \(requirements)
                """,
            submittedAt: 0)
    }

    static func node(_ name: String, memory: Int, start: String = "TRUE") -> BetterAnalyze.Node {
        let machine = MachineAd(
            name: name, address: "<10.213.0.2:9401>", resources: Resources(cpus: 1, memoryMB: memory, diskKiB: 1 << 20),
            fileSystemDomain: "cluster", uidDomain: "cluster", start: start)
        return BetterAnalyze.Node(machine: machine, free: machine.resources, runningOwners: [])
    }

    @Test func anIdleJobIsToldWhichClauseNoSlotSatisfies() {
        let report = BetterAnalyze.report(
            for: Self.job(requirements: "(TARGET.Arch == \"X86_64\") && (TARGET.Memory >= RequestMemory) && (TARGET.Cpus >= RequestCpus)"),
            nodes: [Self.node("n1", memory: 1024), Self.node("n2", memory: 1024)], now: 0)
        #expect(report.contains("""
            Step    Matched  Condition
            -----  --------  ---------
            [0]           2  (TARGET.Arch == "X86_64")
            [1]           0  (TARGET.Memory >= RequestMemory)
            [2]           2  (TARGET.Cpus >= RequestCpus)
            """))
        #expect(report.contains("2 are rejected by your job's requirements"))
        #expect(report.contains("The job is idle because no slot satisfies step [1]: (TARGET.Memory >= RequestMemory)"))
    }

    @Test func aJobRejectedByTheNodesStartExpressionIsToldSo() {
        let report = BetterAnalyze.report(
            for: Self.job(requirements: "TARGET.Memory >= RequestMemory"),
            nodes: [Self.node("n1", memory: 4096, start: "TARGET.Owner =?= \"luis\"")], now: 0)
        #expect(report.contains("1 reject your job because of their own requirements (START)"))
        #expect(report.contains("The job is idle because the execute nodes' START expressions reject it."))
    }

    @Test func aJobThatCanRunIsWaitingForASlot() {
        let report = BetterAnalyze.report(for: Self.job(requirements: "TARGET.Memory >= RequestMemory"),
                                          nodes: [Self.node("n1", memory: 4096)], now: 0)
        #expect(report.contains("1 are able to run your job"))
        #expect(report.contains("The job can run: it is waiting for a slot to free up"))
    }
}
