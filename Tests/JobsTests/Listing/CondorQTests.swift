import Testing
@testable import Jobs

/// Golden condor_q texts. Dates are UTC (offset 0) so the strings do not depend on the machine.
struct CondorQTests {
    // 2026-09-13 16:25:00 UTC
    let submitted: Int64 = 1_789_316_700
    var q: CondorQ {
        CondorQ(scheddName: "azaphrael.org", scheddAddress: "<184.60.25.78:34585?...", now: 1_789_316_700 + 3600 + 7)
    }

    @Test func emptyQueueMatchesMiniCondorSample() {
        let text = q.batch([], allUsers: QueueTotals())
        #expect(text == """


            -- Schedd: azaphrael.org : <184.60.25.78:34585?... @ 09/13/26 17:25:07
            OWNER BATCH_NAME      SUBMITTED   DONE   RUN    IDLE   HOLD  TOTAL JOB_IDS

            Total for query: 0 jobs; 0 completed, 0 removed, 0 idle, 0 running, 0 held, 0 suspended \n\
            Total for all users: 0 jobs; 0 completed, 0 removed, 0 idle, 0 running, 0 held, 0 suspended


            """)
    }

    func wengerJobs() -> [QueueRow] {
        (0..<4).map { proc in
            QueueRow(cluster: 599, proc: proc, owner: "wenger", submitted: submitted, runSeconds: 7,
                     status: proc == 3 ? .held : .running, sizeMB: 0, command: "/bin/sleep", arguments: "60",
                     clusterSize: 4, holdReason: "via condor_hold (by user wenger)", holdCode: .userRequest,
                     holdSubcode: 0, enteredCurrentStatus: submitted + 60)
        }
    }

    @Test func batchWithHeldJobShowsHoldColumnAndUnderscores() {
        let text = q.batch(wengerJobs())
        #expect(text.hasSuffix("""
            OWNER  BATCH_NAME    SUBMITTED   DONE   RUN    IDLE   HOLD  TOTAL JOB_IDS
            wenger ID: 599      9/13 16:25      _      3      _      1      4 599.0-3

            Total for query: 4 jobs; 0 completed, 0 removed, 0 idle, 3 running, 1 held, 0 suspended


            """))
    }

    @Test func batchGroupsByNameAndOwnerAcrossClustersAndWidens() {
        var rows: [QueueRow] = []
        for cluster in [12, 14] {
            for proc in 0..<3 {
                rows.append(QueueRow(cluster: cluster, proc: proc, owner: "a-very-long-owner-name", submitted: submitted,
                                     status: proc == 0 ? .running : .idle, command: "/usr/bin/python3",
                                     batchName: "sweep-2026", clusterSize: 5))
            }
        }
        rows.append(QueueRow(cluster: 13, proc: 0, owner: "bob", submitted: submitted + 60, status: .completed,
                             command: "/bin/true", batchName: nil, clusterSize: nil))
        let text = q.batch(rows, allUsers: QueueTotals(rows))
        #expect(text.hasSuffix("""
            OWNER                  BATCH_NAME    SUBMITTED   DONE   RUN    IDLE  TOTAL JOB_IDS
            a-very-long-owner-name sweep-2026   9/13 16:25      4      2      4     10 12.0 ... 14.2
            bob                    ID: 13       9/13 16:26      _      _      _      _ 13.0

            Total for query: 7 jobs; 1 completed, 0 removed, 4 idle, 2 running, 0 held, 0 suspended \n\
            Total for all users: 7 jobs; 1 completed, 0 removed, 4 idle, 2 running, 0 held, 0 suspended


            """))
    }

    @Test func batchCountersWidenPastSixDigits() {
        let rows = (0..<3).map { QueueRow(cluster: 7, proc: $0, owner: "u", submitted: submitted, status: .idle,
                                            command: "x", clusterSize: 12_345_678) }
        let text = q.batch(rows)
        // Headings stay left-aligned in widened columns (display_Headings uses %-Ns).
        #expect(text.contains("OWNER BATCH_NAME    SUBMITTED   DONE     RUN    IDLE  TOTAL   JOB_IDS\n"))
        #expect(text.contains("u     ID: 7        9/13 16:25 12345675      _      3 12345678 7.0-2\n"))
    }

    @Test func noBatchMatchesManualRows() {
        let rows = [
            QueueRow(cluster: 592, proc: 0, owner: "wenger", submitted: submitted - 1200, runSeconds: 7, status: .running,
                     sizeMB: 0, command: "/bin/sleep", arguments: "60"),
            QueueRow(cluster: 591, proc: 0, owner: "wenger", submitted: submitted - 1200, runSeconds: 13, status: .running,
                     sizeMB: 2.4, command: "/usr/bin/condor_dagman", arguments: "-p 0"),
            QueueRow(cluster: 593, proc: 1, owner: "wenger", submitted: submitted - 1200, runSeconds: 90_061, status: .idle,
                     priority: 10, sizeMB: 12_345.6, command: "sleep"),
        ]
        let text = q.noBatch(rows)
        #expect(text.hasSuffix("""
             ID      OWNER            SUBMITTED     RUN_TIME ST PRI SIZE CMD
             591.0   wenger          9/13 16:05   0+00:00:13 R  0    2.4 condor_dagman -p 0
             592.0   wenger          9/13 16:05   0+00:00:07 R  0    0.0 sleep 60
             593.1   wenger          9/13 16:05   1+01:01:01 I  10  1234 sleep

            Total for query: 3 jobs; 0 completed, 0 removed, 1 idle, 2 running, 0 held, 0 suspended


            """))
    }

    @Test func noBatchWidensIdOwnerAndSizeForBigClusters() {
        let rows = [
            QueueRow(cluster: 123_456, proc: 1000, owner: "fifteen-chars-x", submitted: submitted, status: .held,
                     sizeMB: 12_345.6, command: "/a/b/c"),
            QueueRow(cluster: 5, proc: 0, owner: "x", submitted: submitted, status: .transferringOutput, command: "d"),
        ]
        let text = q.noBatch(rows)
        #expect(text.hasSuffix("""
             ID         OWNER             SUBMITTED     RUN_TIME ST PRI SIZE    CMD
                 5.0    x                9/13 16:25   0+00:00:00  > 0           d
            123456.1000 fifteen-chars-x  9/13 16:25   0+00:00:00 H  0   12345.6 c

            Total for query: 2 jobs; 0 completed, 0 removed, 0 idle, 1 running, 1 held, 0 suspended


            """))
    }

    @Test func holdLayout() {
        let text = q.hold(wengerJobs())
        #expect(text.hasSuffix("""
             ID      OWNER          HELD_SINCE  CODE/SUB HOLD_REASON
             599.3   wenger          9/13 16:26    1/0   via condor_hold (by user wenger)

            Total for query: 1 jobs; 0 completed, 0 removed, 0 idle, 0 running, 1 held, 0 suspended


            """))
    }

    @Test func totalsCountEveryStatus() {
        let statuses: [JobStatus] = [.idle, .running, .removed, .completed, .held, .transferringOutput, .suspended, .idle]
        let rows = statuses.enumerated().map { QueueRow(cluster: 1, proc: $0.offset, owner: "o", submitted: 0, status: $0.element, command: "c") }
        #expect(QueueTotals(rows).summary == "8 jobs; 1 completed, 1 removed, 2 idle, 2 running, 1 held, 1 suspended")
    }
}

extension CondorQTests {
    @Test func runLayoutListsRunningJobsWithHosts() {
        var rows = wengerJobs()
        rows[0].host = "slot1@node1.example.org"
        let text = q.run(rows)
        #expect(text.hasSuffix("""
             ID      OWNER            SUBMITTED     RUN_TIME HOST(S)
             599.0   wenger          9/13 16:25   0+00:00:07 slot1@node1.example.org
             599.1   wenger          9/13 16:25   0+00:00:07 ??
             599.2   wenger          9/13 16:25   0+00:00:07 ??

            """))
    }
}

extension CondorQTests {
    @Test func olderCommandBatchingLikeTheManual() {
        var rows = wengerJobs()
        rows.append(QueueRow(cluster: 600, proc: 0, owner: "wenger", submitted: submitted + 60, status: .idle,
                             command: "/bin/sleep", clusterSize: 1))
        rows.append(QueueRow(cluster: 601, proc: 0, owner: "wenger", submitted: submitted + 60, status: .idle,
                             command: "/very/long/path/to/the/analysis/bin/run_analysis", clusterSize: 1))
        let text = q.batch(rows, unnamed: .byCommand)
        #expect(text.contains("""
            OWNER  BATCH_NAME           SUBMITTED   DONE   RUN    IDLE   HOLD  TOTAL JOB_IDS
            wenger CMD: /bin/sleep     9/13 16:25      _      3      1      1      5 599.0 ... 600.0
            wenger CMD: run_analysis   9/13 16:26      _      _      1      _      1 601.0

            """))
    }
}
