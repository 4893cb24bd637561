import Foundation
import Glibc
import Jobs
import JobsIO
import LinuxSupport
import RacimoTestKit
import Testing

/// The starter runs real processes through the built `racimo job-exec`.
@Suite(.serialized)
final class StarterTests {
    deinit { MemoryCgroup.removeParents("racimo-test/\(getpid())") }

    /// Root runs the tests in CI: jobs then run as `nobody`, which is what a submitting user is.
    static let user: (uid: UInt32, gid: UInt32) = getuid() == 0 ? (65534, 65534) : (getuid(), getgid())

    static func scratch() -> String {
        let path = NSTemporaryDirectory() + "racimo-starter-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        chmod(path, 0o777)
        return path
    }

    static func job(_ executable: String, _ arguments: [String], in directory: String, uid: UInt32 = user.uid, gid: UInt32 = user.gid, memoryMB: Int = 128) -> JobRecord {
        var spec = JobSpec(executable: executable, arguments: arguments, iwd: directory)
        spec.output = directory + "/out"
        spec.error = directory + "/err"
        spec.requestMemoryMB = memoryMB
        var record = JobRecord(id: JobID(cluster: 7, proc: 3), owner: "someone", uid: uid, gid: gid, spec: spec, ad: "", submittedAt: 0)
        record.run = RunID(job: record.id, attempt: 1)
        record.slot = "slot1_1@test"
        return record
    }

    static func run(_ starter: Starter, _ job: JobRecord, timeout: Duration = .seconds(30)) async -> (started: Bool, result: RunResult?) {
        let box = Outcome()
        starter.start(job, started: { box.started() }, ended: { box.ended($0) })
        _ = pollUntil(timeout: timeout) { box.result != nil }
        return (box.didStart, box.result)
    }

    final class Outcome: @unchecked Sendable {
        private let lock = NSLock()
        private var _started = false
        private var _result: RunResult?
        func started() { lock.withLock { _started = true } }
        func ended(_ result: RunResult) { lock.withLock { _result = result } }
        var didStart: Bool { lock.withLock { _started } }
        var result: RunResult? { lock.withLock { _result } }
    }

    static var starter: Starter { Starter(racimo: RacimoBinary.path, cgroupParent: "racimo-test/\(getpid())", allowRoot: false) }

    @Test func aJobRunsAsItsOwnerWithItsOutputInTheNamedFiles() async throws {
        let dir = Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (started, result) = await Self.run(Self.starter, Self.job("/bin/sh", ["-c", "id -u; echo oops >&2; exit 3"], in: dir))
        #expect(started)
        #expect(result?.ending == .exited(code: 3))
        #expect(try String(contentsOfFile: dir + "/out", encoding: .utf8) == "\(Self.user.uid)\n")
        #expect(try String(contentsOfFile: dir + "/err", encoding: .utf8) == "oops\n")
    }

    @Test func aProgramThatCannotRunIsReportedWithTheReason() async {
        let dir = Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (started, result) = await Self.run(Self.starter, Self.job(dir + "/missing", [], in: dir))
        #expect(!started)
        guard case .failedToStart(let reason) = result?.ending else { Issue.record("got \(String(describing: result))"); return }
        #expect(reason.hasPrefix("cannot execute \(dir)/missing: No such file or directory"))
    }

    @Test func aJobOwnedByRootIsRefusedUnlessTheNodeAllowsIt() async {
        let dir = Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (_, result) = await Self.run(Self.starter, Self.job("/bin/true", [], in: dir, uid: 0, gid: 0))
        #expect(result?.ending == .failedToStart(reason: "jobs owned by root are refused on this node (allow_root_jobs is off)"))
    }

    @Test func killEndsTheWholeProcessGroup() async throws {
        let dir = Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let starter = Self.starter
        let job = Self.job("/bin/sh", ["-c", "sleep 60 & echo $! > child; wait"], in: dir)
        let box = Outcome()
        starter.start(job, started: { box.started() }, ended: { box.ended($0) })
        // The shell writes the child's pid then waits: a complete line means the child exists.
        #expect(pollUntil(timeout: .seconds(10)) {
            ((try? String(contentsOfFile: dir + "/child", encoding: .utf8)) ?? "").hasSuffix("\n")
        })
        starter.kill(job.run!)
        #expect(pollUntil(timeout: .seconds(10)) { box.result != nil })
        #expect(box.result?.ending == .signaled(signal: Int(SIGKILL), coreDumped: false))
        let child = Int32(try String(contentsOfFile: dir + "/child", encoding: .utf8).filter(\.isNumber))!
        #expect(pollUntil(timeout: .seconds(5)) { kill(child, 0) != 0 })
    }

    @Test(.enabled(if: getuid() == 0, "cgroups are writable only by root"))
    func aJobOverItsMemoryRequestIsKilledAndReportedAsOutOfMemory() async {
        let dir = Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let hog = "import time; b = bytearray(300 * 1024 * 1024); b[::4096] = b'x' * len(b[::4096]); time.sleep(5)"
        let (_, result) = await Self.run(Self.starter, Self.job("/usr/bin/python3", ["-c", hog], in: dir, memoryMB: 64))
        #expect(result?.ending == .outOfMemory(limitMB: 64))
    }
}
