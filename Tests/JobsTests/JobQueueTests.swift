import Foundation
import Jobs
import Testing

/// The seed's workload in miniature: identical jobs, single-CPU nodes.
struct JobQueueTests {
    static func job(_ cluster: Int, _ proc: Int, owner: String = "alice", priority: Int = 0, spec: JobSpec? = nil) -> JobRecord {
        var s = spec ?? JobSpec(executable: "/bin/true", iwd: "/tmp")
        s.priority = priority
        return JobRecord(id: JobID(cluster: cluster, proc: proc), owner: owner, uid: 1000, gid: 1000, spec: s, ad: "", submittedAt: 0)
    }

    static func node(_ name: String, cpus: Int = 1) -> MachineAd {
        MachineAd(name: name, address: "<10.213.0.1:9618>", resources: Resources(cpus: cpus, memoryMB: 1024, diskKiB: 1 << 20),
                  fileSystemDomain: "cluster", uidDomain: "cluster")
    }

    static func starts(_ actions: [JobQueue.Action]) -> [JobID] {
        actions.compactMap { if case .start(let job, _) = $0 { job.id } else { nil } }
    }

    static func seedQueue(jobs count: Int = 100, nodes: Int = 5) -> (JobQueue, [JobQueue.Action]) {
        var queue = JobQueue(policy: PlainMatchPolicy())
        var actions: [JobQueue.Action] = []
        for n in 1...nodes { actions += queue.nodeJoined(node("node\(n)"), holding: [], now: 0) }
        actions += queue.submit((0..<count).map { job(1, $0) }, now: 0)
        return (queue, actions)
    }

    @Test func aSubmissionIsPersistedBeforeAnythingElseAndStartsOneJobPerSingleCPUNode() {
        let (queue, actions) = Self.seedQueue()
        guard case .persist(let records) = actions.first else { Issue.record("first action is \(String(describing: actions.first))"); return }
        #expect(records.count == 100)
        #expect(Self.starts(actions) == (0..<5).map { JobID(cluster: 1, proc: $0) })
        #expect(queue.runningCount == 5)
        #expect(queue.idleCount == 95)
        // The starts' own persist comes before them.
        let persistIndex = actions.lastIndex { if case .persist = $0 { true } else { false } }!
        let firstStart = actions.firstIndex { if case .start = $0 { true } else { false } }!
        #expect(persistIndex < firstStart)
    }

    @Test func aFinishedJobHandsItsSlotToTheNextOneAtOnceAndNeverMoreThanFiveRun() {
        var (queue, actions) = Self.seedQueue()
        var completed = 0
        var pending = Self.starts(actions).map { queue.jobs[$0]!.run! }
        var t: Int64 = 0
        while let run = pending.first {
            pending.removeFirst()
            t += 2
            actions = queue.runEnded(run, RunResult(ending: .exited(code: 0)), now: t)
            completed += actions.filter { if case .log(_, .terminated) = $0 { true } else { false } }.count
            let next = Self.starts(actions)
            #expect(next.count <= 1)
            pending += next.map { queue.jobs[$0]!.run! }
            #expect(queue.runningCount <= 5)
        }
        #expect(completed == 100)
        #expect(queue.jobs.values.allSatisfy { $0.status == .completed })
    }

    @Test func aReportAboutAnOldRunNeverCompletesAJobTwice() {
        var (queue, _) = Self.seedQueue(jobs: 1, nodes: 1)
        let first = queue.jobs[JobID(cluster: 1, proc: 0)]!.run!
        _ = queue.nodeLost("node1", reason: "node1 stopped answering", now: 5)
        _ = queue.nodeJoined(Self.node("node2"), holding: [], now: 6)
        let second = queue.jobs[JobID(cluster: 1, proc: 0)]!.run!
        #expect(second.attempt == 2)
        #expect(queue.runEnded(first, RunResult(ending: .exited(code: 0)), now: 7).isEmpty)
        #expect(queue.jobs[JobID(cluster: 1, proc: 0)]!.status == .running)
        let actions = queue.runEnded(second, RunResult(ending: .exited(code: 0)), now: 8)
        #expect(actions.contains { if case .log(_, .terminated) = $0 { true } else { false } })
        #expect(queue.runEnded(second, RunResult(ending: .exited(code: 0)), now: 9).isEmpty)
    }

    @Test func aDeadNodesJobsGoBackToIdleWithTheReasonAndRunElsewhere() {
        var (queue, _) = Self.seedQueue(jobs: 3, nodes: 2)
        let onNode1 = queue.jobs.values.filter { $0.node == "node1" }.map(\.id)
        #expect(onNode1.count == 1)
        let actions = queue.nodeLost("node1", reason: "membership declared node1 dead", now: 10)
        #expect(actions.contains { if case .log(let job, .evicted(let reason, false, false, nil)) = $0 {
            job.id == onNode1[0] && reason == "membership declared node1 dead" } else { false } })
        #expect(queue.jobs[onNode1[0]]!.status == .idle)
        _ = queue.nodeJoined(Self.node("node3"), holding: [], now: 11)
        #expect(queue.runningCount == 2)
    }

    @Test func aCheckpointExitRestartsTheJobInTheSamePlaceWithoutCompletingIt() {
        var queue = JobQueue(policy: PlainMatchPolicy())
        _ = queue.nodeJoined(Self.node("node1"), holding: [], now: 0)
        var spec = JobSpec(executable: "/usr/local/bin/pi", iwd: "/tmp")
        spec.checkpointExitCode = 85
        _ = queue.submit([Self.job(1, 0, spec: spec)], now: 0)
        let run = queue.jobs[JobID(cluster: 1, proc: 0)]!.run!
        let actions = queue.runEnded(run, RunResult(ending: .exited(code: 85)), now: 3)
        let job = queue.jobs[JobID(cluster: 1, proc: 0)]!
        #expect(job.status == .running)
        #expect(job.checkpoints == 1)
        #expect(job.node == "node1")
        #expect(Self.starts(actions) == [job.id])
    }

    @Test func twoNewUsersShareFreeSlotsOneForOne() {
        var queue = JobQueue(policy: PlainMatchPolicy())
        _ = queue.submit((0..<10).map { Self.job(1, $0, owner: "alice") }, now: 0)
        _ = queue.submit((0..<10).map { Self.job(2, $0, owner: "bob") }, now: 0)
        let actions = queue.nodeJoined(Self.node("big", cpus: 4), holding: [], now: 1)
        let owners = Self.starts(actions).map { queue.jobs[$0]!.owner }
        #expect(owners.sorted() == ["alice", "alice", "bob", "bob"])
    }

    @Test func aUserWithHistoryWaitsBehindOneWithout() {
        var queue = JobQueue(policy: PlainMatchPolicy())
        _ = queue.nodeJoined(Self.node("n1"), holding: [], now: 0)
        _ = queue.submit([Self.job(1, 0, owner: "alice")], now: 0)
        let run = queue.jobs[JobID(cluster: 1, proc: 0)]!.run!
        _ = queue.submit([Self.job(2, 0, owner: "alice"), Self.job(3, 0, owner: "bob")], now: 1)
        let actions = queue.runEnded(run, RunResult(ending: .exited(code: 0)), now: 7200)
        #expect(Self.starts(actions) == [JobID(cluster: 3, proc: 0)])
    }

    @Test func higherPriorityJobsOfOneUserGoFirst() {
        var queue = JobQueue(policy: PlainMatchPolicy())
        _ = queue.submit([Self.job(1, 0), Self.job(1, 1, priority: 5), Self.job(1, 2)], now: 0)
        let actions = queue.nodeJoined(Self.node("n1"), holding: [], now: 1)
        #expect(Self.starts(actions) == [JobID(cluster: 1, proc: 1)])
    }

    @Test func removeKillsARunningJobAndOthersCannotTouchIt() {
        var (queue, _) = Self.seedQueue(jobs: 2, nodes: 1)
        let bob = Requester(user: "bob", isAdministrator: false)
        let refused = queue.remove([JobID(cluster: 1, proc: -1)], by: bob, now: 1)
        #expect(refused.outcomes == [.notPermitted(JobID(cluster: 1, proc: 0), owner: "alice"), .notPermitted(JobID(cluster: 1, proc: 1), owner: "alice")])
        let alice = Requester(user: "alice", isAdministrator: false)
        let (actions, outcomes) = queue.remove([JobID(cluster: 1, proc: 0)], by: alice, now: 2)
        #expect(outcomes == [.done(JobID(cluster: 1, proc: 0))])
        #expect(actions.contains { if case .kill(let run, "node1") = $0 { run.job == JobID(cluster: 1, proc: 0) } else { false } })
        #expect(actions.contains { if case .log(_, .aborted("via racimo rm (by user alice)")) = $0 { true } else { false } })
        // The slot frees when the kill lands, and the next job takes it.
        let run = RunID(job: JobID(cluster: 1, proc: 0), attempt: 1)
        #expect(Self.starts(queue.runEnded(run, RunResult(ending: .signaled(signal: 9, coreDumped: false)), now: 3)) == [JobID(cluster: 1, proc: 1)])
        #expect(queue.jobs[JobID(cluster: 1, proc: 0)]!.status == .removed)
    }

    @Test func holdAndReleaseFollowCondorsCodes() {
        var queue = JobQueue(policy: PlainMatchPolicy())
        _ = queue.submit([Self.job(1, 0)], now: 0)
        let alice = Requester(user: "alice", isAdministrator: false)
        _ = queue.hold([JobID(cluster: 1, proc: 0)], by: alice, now: 1)
        #expect(queue.jobs[JobID(cluster: 1, proc: 0)]!.holdCode == .userRequest)
        #expect(queue.nodeJoined(Self.node("n1"), holding: [], now: 2).isEmpty)
        let (actions, _) = queue.release([JobID(cluster: 1, proc: 0)], by: alice, now: 3)
        #expect(Self.starts(actions) == [JobID(cluster: 1, proc: 0)])
        let (_, outcomes) = queue.release([JobID(cluster: 1, proc: 0)], by: alice, now: 4)
        #expect(outcomes == [.notApplicable(JobID(cluster: 1, proc: 0), status: .running)])
    }

    @Test func aJobOverItsMemoryIsHeldWithCode34() {
        var (queue, _) = Self.seedQueue(jobs: 1, nodes: 1)
        let run = queue.jobs[JobID(cluster: 1, proc: 0)]!.run!
        let actions = queue.runEnded(run, RunResult(ending: .outOfMemory(limitMB: 128)), now: 1)
        #expect(actions.contains { if case .log(_, .held(_, .jobOutOfResources, 0)) = $0 { true } else { false } })
        #expect(queue.jobs[run.job]!.holdReason?.contains("request_memory (128 MB)") == true)
    }

    @Test func maxRetriesRunsAFailingJobAgainThenLetsItComplete() {
        var queue = JobQueue(policy: PlainMatchPolicy())
        _ = queue.nodeJoined(Self.node("n1"), holding: [], now: 0)
        var spec = JobSpec(executable: "/bin/false", iwd: "/tmp")
        spec.maxRetries = 1
        _ = queue.submit([Self.job(1, 0, spec: spec)], now: 0)
        let first = queue.runEnded(queue.jobs[JobID(cluster: 1, proc: 0)]!.run!, RunResult(ending: .exited(code: 1)), now: 1)
        #expect(first.contains { if case .log(_, .evicted(_, false, true, _)) = $0 { true } else { false } })
        let second = queue.runEnded(queue.jobs[JobID(cluster: 1, proc: 0)]!.run!, RunResult(ending: .exited(code: 1)), now: 2)
        #expect(second.contains { if case .log(_, .terminated) = $0 { true } else { false } })
    }

    @Test func afterARestartARunningJobWaitsForItsNodeThenRunsElsewhere() {
        var (before, _) = Self.seedQueue(jobs: 2, nodes: 2)
        var after = JobQueue(policy: PlainMatchPolicy(), reconnectGrace: 20)
        after.recover(before.jobs.values.sorted { $0.id < $1.id }, now: 100)
        let onNode1 = before.jobs.values.first { $0.node == "node1" }!
        // node1 comes back holding its run: nothing changes for that job.
        #expect(after.nodeJoined(Self.node("node1"), holding: [onNode1.run!], now: 101).isEmpty)
        // node2 never comes back: its job runs again on node1's… no, node1 is busy; on node3.
        _ = after.nodeJoined(Self.node("node3"), holding: [], now: 102)
        let actions = after.tick(now: 121)
        #expect(Self.starts(actions).count == 1)
        #expect(actions.contains { if case .log(_, .evicted(let reason, _, _, _)) = $0 { reason.contains("did not report") } else { false } })
        _ = before.runEnded(onNode1.run!, RunResult(ending: .exited(code: 0)), now: 1)
    }
}

extension JobQueueTests {
    @Test func anUnreachableNodeGetsNoNewJobsUntilItReturns() {
        var (queue, _) = Self.seedQueue(jobs: 3, nodes: 2)
        queue.nodeUnreachable("node1")
        let run = queue.jobs.values.first { $0.node == "node2" }!.run!
        let actions = queue.runEnded(run, RunResult(ending: .exited(code: 0)), now: 1)
        #expect(Self.starts(actions).allSatisfy { queue.jobs[$0]!.node == "node2" })
        let onNode1 = queue.jobs.values.first { $0.node == "node1" }!.run!
        #expect(queue.nodeJoined(Self.node("node1"), holding: [onNode1], now: 2).isEmpty)
    }

    @Test func aRecordEncodesHTCondorsNumbers() throws {
        var record = Self.job(3, 1)
        record.status = .held
        record.holdCode = .jobOutOfResources
        let json = String(decoding: try JSONEncoder().encode(record), as: UTF8.self)
        #expect(json.contains("\"holdCode\":34"))
        #expect(json.contains("\"status\":5"))
        #expect(try JSONDecoder().decode(JobRecord.self, from: Data(json.utf8)) == record)
    }
}

extension JobQueueTests {
    @Test func aJobGoesToTheMachineItsRankPrefersAndOthersSpreadToTheEmptiest() {
        var queue = JobQueue(policy: ClassAdMatchPolicy())
        _ = queue.nodeJoined(Self.node("n1", cpus: 2), holding: [], now: 0)
        _ = queue.nodeJoined(Self.node("n2", cpus: 2), holding: [], now: 0)
        var picky = Self.job(1, 0)
        picky.ad = "RequestCpus = 1\nRequestMemory = 128\nRequestDisk = 1024\nRequirements = TARGET.Cpus >= 1\nRank = TARGET.Machine == \"n2\" ? 10 : 0"
        var plain = Self.job(2, 0)
        plain.ad = "RequestCpus = 1\nRequestMemory = 128\nRequestDisk = 1024\nRequirements = TARGET.Cpus >= 1"
        _ = queue.submit([picky, plain], now: 1)
        #expect(queue.jobs[picky.id]?.node == "n2")
        #expect(queue.jobs[plain.id]?.node == "n1")
    }

    @Test func aJobWhoseRequirementsNoMachineMeetsWaitsAndDoesNotBlockOthers() {
        var queue = JobQueue(policy: ClassAdMatchPolicy())
        _ = queue.nodeJoined(Self.node("n1"), holding: [], now: 0)
        var big = Self.job(1, 0, priority: 10)
        big.ad = "Requirements = TARGET.Memory >= 999999"
        var small = Self.job(2, 0)
        small.ad = "Requirements = TARGET.Memory >= 1"
        _ = queue.submit([big, small], now: 1)
        #expect(queue.jobs[big.id]?.status == .idle)
        #expect(queue.jobs[small.id]?.status == .running)
    }
}
