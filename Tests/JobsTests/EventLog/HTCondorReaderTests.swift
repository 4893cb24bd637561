import Foundation
import Testing
@testable import Jobs

/// Feeds logs written by `EventLog` to HTCondor's own reader (`htcondor2.JobEventLog`, through
/// `scripts/condor/read_event_log.py`) and checks what it understood. Needs python3 with
/// `pip install htcondor==25.14.1`; without it the test fails and says so, rather than skipping.
/// Set `RACIMO_PYTHON` to use another interpreter than `python3` on PATH.
struct HTCondorReaderTests {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let script = packageRoot.appendingPathComponent("scripts/condor/read_event_log.py").path
    let t0: Int64 = 1_787_309_344

    /// Runs the reader; returns the JSON objects, or records an issue naming the fix.
    func readWithHTCondor(_ text: String) throws -> [[String: Any]] {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("racimo-eventlog-\(UUID().uuidString).log").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // RACIMO_PYTHON picks another interpreter (e.g. a virtualenv's); default: python3 on PATH.
        let python = ProcessInfo.processInfo.environment["RACIMO_PYTHON"] ?? "python3"
        process.arguments = [python, Self.script, path]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do {
            try process.run()
        } catch {
            Issue.record("cannot run python3 (\(error)); install python3 and pip install htcondor==25.14.1")
            return []
        }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if process.terminationStatus == 3 || process.terminationStatus == 127 {
            Issue.record("HTCondor's Python reader is missing: pip install htcondor==25.14.1 (\(stderr))")
            return []
        }
        #expect(process.terminationStatus == 0, "reader failed: \(stderr)")
        return String(decoding: stdout, as: UTF8.self).split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    @Test func htcondorReadsEveryEventWeWrite() throws {
        let resources = [
            PartitionableResource("Cpus", usage: 0.5, request: 1, allocated: 1),
            PartitionableResource("Disk", usage: 150, request: 150, allocated: 45_831_539),
            PartitionableResource("Memory", usage: 2, request: 1, allocated: 4096),
        ]
        let entries: [(Int, Int, JobEvent)] = [
            (7, 0, .submit(host: "<10.0.0.1:9618>", notes: ["DAG Node: A"])),
            (7, 0, .execute(host: "<10.0.0.2:9618>", slotName: "slot1_1@node2")),
            (7, 0, .imageSize(ImageSizeUpdate(imageSizeKB: 150, memoryUsageMB: 2, residentSetSizeKB: 2000))),
            (7, 0, .suspended(processes: 2)),
            (7, 0, .unsuspended),
            (7, 0, .terminated(JobTermination(outcome: .normal(returnValue: 3),
                                              runRemoteUsage: CPUUsage(userSeconds: 100_000, systemSeconds: 5),
                                              runBytesSent: 23, runBytesReceived: 113, resources: resources))),
            (7, 1, .submit(host: "<10.0.0.1:9618>")),
            (7, 1, .executableError(.notExecutable)),
            (7, 1, .aborted(reason: "via condor_rm (by user alice)")),
            (1000, 3, .submit(host: "<10.0.0.1:9618>")),
            (1000, 3, .held(reason: "Transfer input files failure\nat the execute point", code: .transferInputError, subcode: 2)),
            (1000, 3, .released(reason: "via condor_release (by user bob)")),
            (1000, 3, .execute(host: "<10.0.0.3:9618>")),
            (1000, 3, .evicted(JobEviction(kind: .checkpointed, bytesSent: 10, bytesReceived: 20, reason: "Claim preempted",
                                            resources: [PartitionableResource("Cpus", usage: 1, request: 1, allocated: 2)]))),
            (1000, 3, .evicted(JobEviction(kind: .vacated))),
            (1000, 3, .evicted(JobEviction(kind: .requeued(.normal(returnValue: 85)), reason: "checkpoint exit", code: 1, subcode: 2))),
            (1000, 3, .shadowException(message: "Can no longer talk to condor_starter", bytesSent: 1, bytesReceived: 2)),
            (1000, 3, .imageSize(ImageSizeUpdate(imageSizeKB: 4_000_000))),
            (1000, 3, .held(reason: nil, code: .jobOutOfResources, subcode: 102)),
            (1000, 3, .terminated(JobTermination(outcome: .abnormal(signal: 9, coreFile: "/tmp/core.1")))),
            (123_456, 12, .submit(host: "<10.0.0.1:9618>")),
            (123_456, 12, .terminated(JobTermination(outcome: .abnormal(signal: 6)))),
            (1000, 4, .evicted(JobEviction(kind: .requeued(.abnormal(signal: 11, coreFile: "/tmp/core.2")), reason: "policy"))),
            (1000, 4, .terminated(JobTermination(
                outcome: .normal(returnValue: 0), totalRemoteUsage: CPUUsage(userSeconds: 59, systemSeconds: 3600),
                totalBytesSent: 4_294_967_296, totalBytesReceived: 1,
                resources: [
                    PartitionableResource("Gpus", usage: 0.75, request: 1, allocated: 1),
                    PartitionableResource("Memory", usage: 12_345, request: 2048, allocated: 2048),
                    PartitionableResource("Cpus", usage: 1.25, request: 2, allocated: 2),
                    PartitionableResource("TimeExecute", usage: 3600),
                ]))),
        ]
        let text = entries.enumerated().map { index, entry in
            EventLog.format(entry.2, cluster: entry.0, proc: entry.1, time: t0 + Int64(index), utcOffset: 0)
        }.joined()
        let events = try readWithHTCondor(text)
        try #require(events.count == entries.count, "HTCondor read \(events.count) of \(entries.count) events")

        let typeNames: [Int: String] = [0: "SUBMIT", 1: "EXECUTE", 2: "EXECUTABLE_ERROR", 4: "JOB_EVICTED",
                                        5: "JOB_TERMINATED", 6: "IMAGE_SIZE", 7: "SHADOW_EXCEPTION", 9: "JOB_ABORTED",
                                        10: "JOB_SUSPENDED", 11: "JOB_UNSUSPENDED", 12: "JOB_HELD", 13: "JOB_RELEASED"]
        let written = entries.enumerated().map { index, entry in
            EventLog.format(entry.2, cluster: entry.0, proc: entry.1, time: t0 + Int64(index), utcOffset: 0)
        }
        for (index, (entry, read)) in zip(entries, events).enumerated() {
            #expect(read["type"] as? String == typeNames[entry.2.number], "event \(index)")
            #expect(read["cluster"] as? Int == entry.0, "event \(index)")
            #expect(read["proc"] as? Int == entry.1, "event \(index)")
            // Byte for byte: HTCondor's writer, given what its reader parsed, prints our text.
            // Submit notes are the exception: HTCondor 25 turns `DAG Node: A` into structured
            // notes and prints them as a ClassAd (`    [ DAGNodeName = "A" ]`).
            // (HTCondor's reader also keeps byte counts in single precision and drops the Assigned
            // column, so the counts here are exact in a float and Assigned is tested elsewhere.)
            // Two more round-trip losses on HTCondor's side, not format differences: its reader
            // drops an evicted event's resource table, and reads absent image-size lines as 0
            // (which its writer then prints). Those are compared up to the part it loses.
            if case let .submit(_, notes) = entry.2, !notes.isEmpty { continue }
            var expected = written[index]
            if case let .evicted(eviction) = entry.2, !eviction.resources.isEmpty,
               let table = expected.range(of: "\tPartitionable Resources") {
                expected = String(expected[..<table.lowerBound]) + "...\n"
            }
            if case let .imageSize(update) = entry.2, update.memoryUsageMB == nil || update.residentSetSizeKB == nil {
                let got = (read["text"] as? String) ?? ""
                #expect(got.hasPrefix(String(expected.dropLast(4))), "event \(index)")
                continue
            }
            #expect((read["text"] as? String).map { $0 + "...\n" } == expected, "event \(index)")
        }
        let e = events
        #expect(e[0]["SubmitHost"] as? String == "<10.0.0.1:9618>")
        #expect(e[0]["LogNotes"] as? String == "DAG Node: A")
        #expect(e[1]["SlotName"] as? String == "slot1_1@node2")
        #expect(e[2]["Size"] as? Int == 150)
        #expect(e[2]["MemoryUsage"] as? Int == 2)
        #expect(e[2]["ResidentSetSize"] as? Int == 2000)
        #expect(e[3]["NumberOfPIDs"] as? Int == 2)
        #expect(e[5]["TerminatedNormally"] as? Bool == true)
        #expect(e[5]["ReturnValue"] as? Int == 3)
        #expect(e[5]["RunRemoteUsage"] as? String == "Usr 1 03:46:40, Sys 0 00:00:05")
        #expect(e[5]["SentBytes"] as? Double == 23)
        #expect(e[5]["RequestMemory"] as? Int == 1)
        #expect(e[5]["Memory"] as? Int == 4096)
        #expect(e[5]["CpusUsage"] as? Double == 0.5)
        #expect(e[7]["ExecuteErrorType"] as? Int == 0)
        #expect(e[8]["Reason"] as? String == "via condor_rm (by user alice)")
        #expect(e[10]["HoldReason"] as? String == "Transfer input files failure|at the execute point")
        #expect(e[10]["HoldReasonCode"] as? Int == 13)
        #expect(e[10]["HoldReasonSubCode"] as? Int == 2)
        #expect(e[11]["Reason"] as? String == "via condor_release (by user bob)")
        #expect(e[13]["Checkpointed"] as? Bool == true)
        #expect(e[13]["Reason"] as? String == "Claim preempted")
        // HTCondor's reader parses an evicted event's resource table but its toClassAd does not
        // export it, so only the fields around it can be checked here.
        #expect(e[13]["SentBytes"] as? Double == 10)
        #expect(e[14]["Checkpointed"] as? Bool == false)
        #expect(e[15]["TerminatedAndRequeued"] as? Bool == true)
        #expect(e[15]["ReturnValue"] as? Int == 85)
        #expect(e[16]["Message"] as? String == "Can no longer talk to condor_starter")
        #expect(e[17]["Size"] as? Int == 4_000_000)
        #expect(e[18]["HoldReasonCode"] as? Int == 34)
        #expect(e[18]["HoldReasonSubCode"] as? Int == 102)
        #expect(e[18]["HoldReason"] == nil || e[18]["HoldReason"] as? String == "")
        #expect(e[19]["TerminatedNormally"] as? Bool == false)
        #expect(e[19]["TerminatedBySignal"] as? Int == 9)
        #expect(e[19]["CoreFile"] as? String == "/tmp/core.1")
        #expect(e[21]["TerminatedBySignal"] as? Int == 6)
        #expect(e[21]["cluster"] as? Int == 123_456)
        #expect(e[21]["timestamp"] as? Int == Int(t0) + 21)
        #expect(e[22]["TerminatedAndRequeued"] as? Bool == true)
        #expect(e[22]["TerminatedBySignal"] as? Int == 11)
        #expect(e[23]["GpusUsage"] as? Double == 0.75)
        #expect(e[23]["TotalSentBytes"] as? Double == 4_294_967_296)
    }

    @Test func htcondorReadsTheSampleLog() throws {
        let entries = SampleLog.entries(start: t0)
        let text = entries.map { EventLog.format($0.event, cluster: $0.cluster, proc: $0.proc, time: $0.time) }.joined()
        let events = try readWithHTCondor(text)
        #expect(events.count == entries.count)
        #expect(events.map { $0["cluster"] as? Int } == entries.map(\.cluster))
        for (entry, read) in zip(entries, events) {
            if case let .submit(_, notes) = entry.event, !notes.isEmpty { continue }  // see above
            let written = EventLog.format(entry.event, cluster: entry.cluster, proc: entry.proc, time: entry.time)
            #expect((read["text"] as? String).map { $0 + "...\n" } == written)
        }
    }

    @Test func htcondorReadsLegacyDatesAndUTCSuffix() throws {
        let legacy = EventLog.format(.aborted(reason: "gone"), cluster: 3, proc: 0, time: t0, options: .init(dateStyle: .legacy))
        let utc = EventLog.format(.released(reason: "back"), cluster: 3, proc: 1, time: t0, options: .init(utcSuffix: true))
        let events = try readWithHTCondor(legacy + utc)
        #expect(events.map { $0["type"] as? String } == ["JOB_ABORTED", "JOB_RELEASED"])
        #expect(events.last?["timestamp"] as? Int == Int(t0))
    }
}
