import Foundation
import RacimoTestKit
import Testing

/// What must survive: a schedd killed with -9 and restarted, an execute node killed with -9.
@Suite(.serialized, .enabled(if: NetnsCluster.isRoot, "needs root for network namespaces"))
struct JobsFailureTests {
    /// Each job appends one line per run to its own file, so runs can be counted as well.
    static func submitThousand(_ farm: JobsFarm) throws {
        try farm.write("""
            executable = /bin/sh
            arguments = "-c 'echo run >> runs.$(Process); sleep 0.2'"
            log = thousand.log
            queue 1000
            """, to: "thousand.sub")
        let submit = try farm.racimo(["submit", "thousand.sub"])
        #expect(submit.status == 0, "\(submit.stderr)")
    }

    static func completedOnce(_ farm: JobsFarm, timeout: Duration) throws -> (completed: Int, terminatedEvents: [Int: Int]) {
        let drained = pollUntil(timeout: timeout, interval: .milliseconds(500)) { ((try? farm.queue()) ?? [[:]]).isEmpty }
        #expect(drained, "the queue did not drain:\n\(farm.log(1).suffix(3000))")
        let history = try farm.racimo(["history", "--json", "--limit", "5000"])
        let finished = try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [[String: Any]] ?? []
        let events = try EventLogReader.read("\(farm.folder)/thousand.log")
        var terminated: [Int: Int] = [:]
        for event in events where event.type == "JOB_TERMINATED" { terminated[event.proc, default: 0] += 1 }
        return (finished.filter { ($0["status"] as? Int) == 4 }.count, terminated)
    }

    @Test func aScheddKilledMidRunLosesNoJobAndCompletesEachOnce() throws {
        let farm = try JobsFarm(executeNodes: 3)
        try farm.startAll()
        try Self.submitThousand(farm)
        // Let a few hundred finish, then kill -9 the scheduler's agent and start it again.
        #expect(pollUntil(timeout: .seconds(60), interval: .milliseconds(200)) {
            ((try? farm.queue())?.count ?? 1000) < 800
        })
        farm.stopAgent(1, signal: SIGKILL)
        try farm.startAgent(1)
        let (completed, terminated) = try Self.completedOnce(farm, timeout: .seconds(240))
        #expect(completed == 1000)
        #expect(terminated.count == 1000 && terminated.values.allSatisfy { $0 == 1 }, "terminated events: \(terminated.filter { $0.value != 1 })")
        #expect(farm.log(1).contains("queue loaded"))
    }

    @Test func anExecuteNodeKilledMidRunHasItsJobsRunElsewhere() throws {
        let farm = try JobsFarm(executeNodes: 3)
        try farm.startAll()
        try Self.submitThousand(farm)
        #expect(pollUntil(timeout: .seconds(60), interval: .milliseconds(200)) {
            ((try? farm.queue())?.count ?? 1000) < 900
        })
        farm.stopAgent(2, signal: SIGKILL)
        let (completed, terminated) = try Self.completedOnce(farm, timeout: .seconds(240))
        #expect(completed == 1000)
        #expect(terminated.count == 1000 && terminated.values.allSatisfy { $0 == 1 })
        let events = try EventLogReader.read("\(farm.folder)/thousand.log")
        let evicted = events.filter { $0.type == "JOB_EVICTED" }
        #expect(!evicted.isEmpty, "no job was running on h2 when it died?")
        #expect(farm.log(1).contains("execute node lost"))
    }
}
