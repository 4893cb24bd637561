import Foundation
import LinuxSupport
import Testing

@Suite("Files and host facts")
struct FilesTests {
    let folder: String

    init() throws {
        folder = NSTemporaryDirectory() + "racimo-files-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    @Test("a secret is written with exactly the mode asked for, whatever the umask")
    func modeDespiteUmask() throws {
        let path = folder + "/secret"
        let old = umask(0)
        defer { umask(old) }
        try Files.writeText("s3cret\n", to: path, mode: 0o600, exclusive: true)
        #expect(try Files.permissions(of: path) == 0o600)
        #expect(try Files.isAccessibleByOthers(path) == false)
        #expect(try Files.readText(path) == "s3cret\n")
    }

    @Test("an exclusive write never replaces an existing file")
    func exclusive() throws {
        let path = folder + "/key"
        try Files.writeText("first", to: path, mode: 0o600, exclusive: true)
        #expect(throws: SystemError.self) { try Files.writeText("second", to: path, mode: 0o600, exclusive: true) }
        #expect(try Files.readText(path) == "first")
        try Files.writeText("second", to: path, mode: 0o644, exclusive: false)
        #expect(try Files.readText(path) == "second")
        #expect(try Files.isAccessibleByOthers(path))
    }

    @Test("errors name the file and the system's reason")
    func errors() {
        #expect {
            try Files.readText(folder + "/missing")
        } throws: { error in
            "\(error)" == "cannot open \(folder)/missing: No such file or directory"
        }
    }

    @Test("the hostname is the short name the kernel reports")
    func hostname() throws {
        let name = HostInfo.hostname()
        #expect(!name.isEmpty)
        #expect(!name.contains("."))
        #expect(ProcessInfo.processInfo.hostName.hasPrefix(name))
    }

    @Test("the wall clock is the system's, in milliseconds")
    func wallClock() {
        let ours = HostInfo.wallClockMilliseconds()
        let foundation = Int64(Date().timeIntervalSince1970 * 1000)
        #expect(abs(ours - foundation) < 1000)
    }
}
