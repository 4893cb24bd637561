import Foundation
import RacimoTestKit
import Testing

/// HTCondor's self-checkpointing (`checkpoint_exit_code`) with the seeds' pi program changed to
/// checkpoint (examples/condor/pi-checkpoint.c): its node dies mid-run, it resumes elsewhere
/// from its last checkpoint and prints what an uninterrupted run prints.
@Suite(.serialized, .enabled(if: NetnsCluster.isRoot, "needs root for network namespaces"))
struct JobsCheckpointTests {
    static let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("examples/condor/pi-checkpoint.c").path
    static let intervals = "4000000000"

    /// The PIDs whose executable is `path` (our own test binary, so no other process matches).
    static func processes(running path: String) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { Int32($0) }.filter {
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\($0)/exe")) == path
        }
    }

    @Test func thePiJobSurvivesItsNodeAndPrintsTheUninterruptedDigits() throws {
        let farm = try JobsFarm(executeNodes: 2)
        let binary = "\(farm.folder)/pi-checkpoint"
        let cc = Process()
        cc.executableURL = URL(fileURLWithPath: "/usr/bin/cc")
        cc.arguments = ["-O2", "-o", binary, Self.source]
        try cc.run()
        cc.waitUntilExit()
        #expect(cc.terminationStatus == 0)

        // The digits of an uninterrupted run, computed here without checkpoints.
        let reference = Process()
        let output = Pipe()
        reference.executableURL = URL(fileURLWithPath: binary)
        reference.arguments = [Self.intervals]
        reference.environment = ["CHECKPOINT_SECONDS": "0"]
        reference.currentDirectoryURL = URL(fileURLWithPath: NSTemporaryDirectory())
        reference.standardOutput = output
        try reference.run()
        let expected = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        reference.waitUntilExit()
        #expect(expected.hasPrefix("3.14159265"))

        try farm.startAll()
        try farm.write("""
            executable = pi-checkpoint
            arguments = \(Self.intervals)
            environment = "CHECKPOINT_SECONDS=1"
            checkpoint_exit_code = 85
            transfer_checkpoint_files = pi.ckpt
            output = pi.out
            error = pi.err
            log = pi.log
            queue
            """, to: "pi.sub")
        let submit = try farm.racimo(["submit", "pi.sub"])
        #expect(submit.status == 0, "\(submit.stderr)")

        // Once it has checkpointed, kill its node: the agent and the job, as a power cut would.
        var node: String?
        #expect(pollUntil(timeout: .seconds(60)) {
            guard FileManager.default.fileExists(atPath: "\(farm.folder)/pi.ckpt"),
                  let job = (try? farm.queue())?.first, (job["status"] as? Int) == 2 else { return false }
            node = job["node"] as? String
            return node != nil
        })
        let host = Int(node?.dropFirst() ?? "") ?? 2
        farm.stopAgent(host, signal: SIGKILL)
        for pid in Self.processes(running: binary) { kill(pid, SIGKILL) }
        let checkpointAtKill = (try? String(contentsOfFile: "\(farm.folder)/pi.ckpt", encoding: .utf8)) ?? ""

        #expect(pollUntil(timeout: .seconds(180), interval: .milliseconds(500)) { ((try? farm.queue()) ?? [[:]]).isEmpty },
                "the pi job did not finish:\n\(farm.log(1).suffix(2000))")
        let printed = try String(contentsOfFile: "\(farm.folder)/pi.out", encoding: .utf8)
        #expect(printed == expected)
        let resumed = try String(contentsOfFile: "\(farm.folder)/pi.err", encoding: .utf8)
        #expect(resumed.hasPrefix("resuming at "), "the last run did not start from a checkpoint")
        #expect(!checkpointAtKill.isEmpty)

        let events = try EventLogReader.read("\(farm.folder)/pi.log").map(\.type)
        let eviction = events.firstIndex(of: "JOB_EVICTED")
        #expect(eviction != nil)
        if let eviction {
            #expect(events[eviction...].contains("EXECUTE"), "no restart after the eviction: \(events)")
        }
        #expect(events.last == "JOB_TERMINATED")
    }
}
