import Foundation
import RacimoTestKit
import Testing

/// Seed 004's Condor exercise, with the seed's own files: `myjob.condor` queues 100 runs of
/// `myprog` (a 2-second shell script) on five single-slot execute nodes.
@Suite(.serialized, .enabled(if: NetnsCluster.isRoot, "needs root for network namespaces"))
struct JobsSeedTests {
    /// The seed's files, as copied into the repository's examples.
    static let seed = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("examples/condor")

    @Test func theSeedsHundredJobsDrainFiveAtATimeAndEachCompletesOnce() throws {
        let farm = try JobsFarm(executeNodes: 5)
        try farm.startAll()
        try farm.write(try String(contentsOf: Self.seed.appendingPathComponent("myprog"), encoding: .utf8), to: "myprog", mode: 0o755)
        try farm.write(try String(contentsOf: Self.seed.appendingPathComponent("myjob.condor"), encoding: .utf8), to: "myjob.condor")

        let start = Date()
        let submit = try farm.racimo(["submit", "myjob.condor"])
        #expect(submit.status == 0, "\(submit.stderr)")
        #expect(submit.stdout.hasPrefix("Submitting job(s)" + String(repeating: ".", count: 100) + "\n100 job(s) submitted to cluster "))

        // Watch the drain: never more than five running, the queue empty in the end.
        var mostRunning = 0
        var sawIdleAndRunning = false
        let drained = pollUntil(timeout: .seconds(120), interval: .milliseconds(500)) {
            guard let jobs = try? farm.queue() else { return false }
            let running = jobs.filter { ($0["status"] as? Int) == 2 }.count
            let idle = jobs.filter { ($0["status"] as? Int) == 1 }.count
            mostRunning = max(mostRunning, running)
            if running == 5, idle > 0 { sawIdleAndRunning = true }
            return jobs.isEmpty
        }
        let makespan = Date().timeIntervalSince(start)
        #expect(drained, "the queue did not drain:\n\(farm.log(1).suffix(3000))")
        #expect(mostRunning == 5)
        #expect(sawIdleAndRunning)
        print("figure: seed_makespan_test \(String(format: "%.1f", makespan)) s")

        let q = try farm.racimo(["q", "-nobatch"])
        #expect(q.stdout.contains("Total for query: 0 jobs; 0 completed, 0 removed, 0 idle, 0 running, 0 held, 0 suspended"))

        // Every proc wrote its own output, as the seed's script says, once.
        for proc in [0, 7, 99] {
            let out = try String(contentsOfFile: "\(farm.folder)/results.output.\(proc)", encoding: .utf8)
            #expect(out.contains("My name (argument 1) is Example.1.\(proc)"))
            #expect(out.contains("Sleep of 2 seconds finished. Exiting"))
            let err = try String(contentsOfFile: "\(farm.folder)/results.error.\(proc)", encoding: .utf8)
            #expect(err == "This is sent to standard error\n")
        }
        let history = try farm.racimo(["history", "--json"])
        let finished = try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(finished.count == 100)
        #expect(finished.allSatisfy { ($0["status"] as? Int) == 4 && ($0["starts"] as? Int) == 1 })

        // HTCondor's own reader agrees with the event log.
        let events = try EventLogReader.read("\(farm.folder)/results.log")
        #expect(events.filter { $0.type == "SUBMIT" }.count == 100)
        #expect(events.filter { $0.type == "EXECUTE" }.count == 100)
        let terminated = events.filter { $0.type == "JOB_TERMINATED" }
        #expect(terminated.count == 100)
        #expect(Set(terminated.map(\.proc)) == Set(0..<100))
        #expect(terminated.allSatisfy { $0.returnValue == 0 && $0.cluster == 1 })
    }
}
