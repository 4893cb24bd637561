import Foundation
import RacimoTestKit
import Testing

/// Jobs run as the user who submitted them; root is refused; a job over its memory is held.
@Suite(.serialized, .enabled(if: NetnsCluster.isRoot, "needs root for network namespaces"))
struct JobsIdentityTests {
    @Test func aJobRunsWithItsSubmittersUidAndRootIsRefused() throws {
        let farm = try JobsFarm(executeNodes: 1)
        try farm.startAll()
        try farm.write("""
            executable = /usr/bin/id
            arguments = -u
            output = who.out
            log = who.log
            queue
            """, to: "who.sub")
        let submit = try farm.racimo(["submit", "who.sub"])
        #expect(submit.status == 0, "\(submit.stderr)")
        #expect(pollUntil(timeout: .seconds(30)) { (try? String(contentsOfFile: "\(farm.folder)/who.out", encoding: .utf8)) == "65534\n" })

        let asRoot = try farm.racimo(["submit", "who.sub"], asRoot: true)
        #expect(asRoot.status == 1)
        #expect(asRoot.stderr.contains("jobs are not queued for root: submit as the user the jobs should run as"))
    }

    @Test func aJobOverItsMemoryRequestIsHeldWithCode34() throws {
        let farm = try JobsFarm(executeNodes: 1)
        try farm.startAll()
        try farm.write("""
            executable = /usr/bin/python3
            arguments = "-c 'b = bytearray(400 * 1024 * 1024); b[::4096] = bytes(len(b[::4096])); import time; time.sleep(10)'"
            request_memory = 64M
            log = hog.log
            queue
            """, to: "hog.sub")
        let submit = try farm.racimo(["submit", "hog.sub"])
        #expect(submit.status == 0, "\(submit.stderr)")
        var held: [String: Any]?
        #expect(pollUntil(timeout: .seconds(30)) {
            held = (try? farm.queue())?.first { ($0["status"] as? Int) == 5 }
            return held != nil
        })
        #expect(held?["holdCode"] as? Int == 34)
        #expect((held?["holdReason"] as? String)?.contains("memory usage exceeded request_memory (64 MB)") == true)
        let hold = try farm.racimo(["q", "-hold"])
        #expect(hold.stdout.contains("memory usage exceeded request_memory"))
        let events = try EventLogReader.read("\(farm.folder)/hog.log")
        #expect(events.contains { $0.type == "JOB_HELD" && ($0.fields["HoldReasonCode"] as? Int) == 34 })
    }
}
