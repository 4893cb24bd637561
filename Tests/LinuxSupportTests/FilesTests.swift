import Foundation
import LinuxSupport
import Testing

@Suite("Files and host facts")
final class FilesTests {
    let folder: String

    init() throws {
        folder = NSTemporaryDirectory() + "racimo-files-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    @Test("rewriting a 0644 file as a secret narrows it to 0600")
    func narrowsExistingMode() throws {
        let path = folder + "/secret"
        FileManager.default.createFile(atPath: path, contents: Data("old".utf8), attributes: [.posixPermissions: 0o644])
        #expect(try Files.isAccessibleByOthers(path))
        try Files.writeText("s3cret\n", to: path, mode: 0o600, exclusive: false)
        #expect(try Files.permissions(of: path) == 0o600)
        #expect(try Files.isAccessibleByOthers(path) == false)
        let secret = try Files.readSecret(path)
        #expect(secret.text == "s3cret\n" && secret.permissions == 0o600 && secret.owner == Files.effectiveUser)
    }

    @Test("a secret is not read through a symbolic link")
    func noSymlinks() throws {
        let path = folder + "/real"
        try Files.writeText("x", to: path, mode: 0o600, exclusive: true)
        try FileManager.default.createSymbolicLink(atPath: folder + "/link", withDestinationPath: path)
        #expect(throws: SystemError.self) { try Files.readSecret(self.folder + "/link") }
    }

    @Test("a missing file does not exist; an existing one does")
    func existence() throws {
        #expect(!Files.exists(folder + "/none"))
        #expect(Files.exists(folder))
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

    @Test("appending for a user writes only where that user could, and a new file is theirs",
          .enabled(if: getuid() == 0, "needs root to act as another user"))
    func appendsAsTheOwner() throws {
        chmod(folder, 0o777)
        let rootsFile = folder + "/root-only"
        FileManager.default.createFile(atPath: rootsFile, contents: Data("mine\n".utf8), attributes: [.posixPermissions: 0o644])
        #expect(Files.append("intruder\n", to: rootsFile, owner: (65534, 65534)) == false)
        #expect(try String(contentsOfFile: rootsFile, encoding: .utf8) == "mine\n")

        let log = folder + "/job.log"
        #expect(Files.append("000 event\n", to: log, owner: (65534, 65534)))
        #expect(Files.append("001 event\n", to: log, owner: (65534, 65534)))
        let attributes = try FileManager.default.attributesOfItem(atPath: log)
        #expect((attributes[.ownerAccountID] as? NSNumber)?.intValue == 65534)
        #expect(try String(contentsOfFile: log, encoding: .utf8) == "000 event\n001 event\n")
        // The thread is root again afterwards.
        #expect(Files.append("root again\n", to: rootsFile))
    }
}
