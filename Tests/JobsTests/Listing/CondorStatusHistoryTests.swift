import Testing
@testable import Jobs

struct CondorStatusTests {
    @Test func slotsAndTotals() {
        let slots = [
            SlotRow(name: "slot1@azaphrael.org", state: .unclaimed, activity: "Benchmarking", memoryMB: 2011),
            SlotRow(name: "slot2@azaphrael.org", state: .claimed, activity: "Busy", loadAverage: 1.0004, memoryMB: 2011, activitySeconds: 93_784),
            SlotRow(name: "slot1@arm1", opSys: "LINUX", arch: "aarch64", state: .owner, activity: "Idle", memoryMB: 512),
            SlotRow(name: "slot3@azaphrael.org", state: .drained, activity: "Idle", memoryMB: 64),
            SlotRow(name: "slot4@azaphrael.org", state: .unclaimed, activity: "Idle", memoryMB: 64, backfill: true),
        ]
        let text = CondorStatus.render(slots)
        #expect(text == """
            Name                               OpSys      Arch     State     Activity LoadAv Mem     ActvtyTime

            slot1@azaphrael.org                LINUX      X86_64   Unclaimed Benchmarking  0.000   2011  0+00:00:00
            slot2@azaphrael.org                LINUX      X86_64   Claimed   Busy      1.000   2011  1+02:03:04
            slot1@arm1                         LINUX      aarch64  Owner     Idle      0.000    512  0+00:00:00
            slot3@azaphrael.org                LINUX      X86_64   Drained   Idle      0.000     64  0+00:00:00
            slot4@azaphrael.org                LINUX      X86_64   Unclaimed Idle      0.000     64  0+00:00:00

                           Total Owner Claimed Unclaimed Matched Preempting  Drain Backfill BkIdle
              X86_64/LINUX     3     0       1         1       0          0      1        0      1
             aarch64/LINUX     1     1       0         0       0          0      0        0      0

                     Total     4     1       1         1       0          0      1        0      1

            """)
    }

    @Test func emptyPoolPrintsNothing() {
        #expect(CondorStatus.render([]) == "")
    }
}

struct CondorHistoryTests {
    @Test func historyLayout() {
        let rows = [
            QueueRow(cluster: 105, proc: 0, owner: "cole", submitted: 1_789_316_700, runSeconds: 65, status: .completed,
                     command: "/bin/sleep", arguments: "5", completed: 1_789_316_765),
            QueueRow(cluster: 104, proc: 12, owner: "an-owner-name-longer-than-14", submitted: 1_789_316_700, status: .removed,
                     command: "job.sh"),
        ]
        let text = CondorHistory(utcOffset: 3600).render(rows)
        #expect(text == """
             ID          OWNER            SUBMITTED   RUN_TIME   ST   COMPLETED CMD
            105.0        cole            9/13 17:25   0+00:01:05 C   9/13 17:26 sleep 5
            104.12       an-owner-name-  9/13 17:25   0+00:00:00 X              job.sh

            """)
    }
}
