import Foundation
import Jobs
import JobsIO
import Testing

struct SQLiteJobStoreTests {
    static func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("racimo-queue-\(UUID().uuidString).db").path
    }

    static func record(_ cluster: Int, _ proc: Int) -> JobRecord {
        JobRecord(
            id: JobID(cluster: cluster, proc: proc), owner: "alice", uid: 1000, gid: 1000,
            spec: JobSpec(executable: "/bin/echo", arguments: ["hola", "mundo"], iwd: "/home/alice"),
            ad: "Cmd = \"/bin/echo\"", submittedAt: 1_700_000_000)
    }

    @Test func whatWasSavedIsLoadedBackByANewStoreOnTheSameFile() throws {
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try SQLiteJobStore(path: path)
        #expect(try store.newCluster() == 1)
        #expect(try store.newCluster() == 2)
        var done = Self.record(2, 1)
        done.status = .completed
        done.completedAt = 1_700_000_100
        try store.save([Self.record(2, 0), done])

        let reopened = try SQLiteJobStore(path: path)
        let (jobs, last) = try reopened.load()
        #expect(last == 2)
        #expect(jobs == [Self.record(2, 0)])
        #expect(try reopened.history(limit: 10) == [done])
    }

    @Test func theFileIsInWALModeWithFullSync() throws {
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = try SQLiteJobStore(path: path)
        let pipe = Pipe()
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        sqlite.arguments = [path, "PRAGMA journal_mode;"]
        sqlite.standardOutput = pipe
        try sqlite.run()
        sqlite.waitUntilExit()
        let mode = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(mode.trimmingCharacters(in: .whitespacesAndNewlines) == "wal")
    }

    @Test func tenThousandJobsAreSavedInOneTransaction() throws {
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try SQLiteJobStore(path: path)
        try store.save((0..<10_000).map { Self.record(1, $0) })
        #expect(try store.load().jobs.count == 10_000)
    }
}
