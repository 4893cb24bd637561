import CLinuxSupport
import Glibc

/// A failed system call, with the path or object it was about and errno's text.
public struct SystemError: Error, Equatable, CustomStringConvertible {
    public var operation: String
    public var subject: String
    public var errno: Int32

    public init(_ operation: String, _ subject: String, errno: Int32 = Glibc.errno) {
        self.operation = operation
        self.subject = subject
        self.errno = errno
    }

    public var description: String { "\(operation) \(subject): \(String(cString: strerror(errno)))" }
}

/// The few file operations the agent needs, with the permission checks secrets call for.
public enum Files {
    /// The permission bits (`st_mode & 0o7777`) of the file at `path`.
    public static func permissions(of path: String) throws(SystemError) -> UInt32 {
        var info = stat()
        guard stat(path, &info) == 0 else { throw SystemError("cannot stat", path) }
        return UInt32(info.st_mode) & 0o7777
    }

    /// True when group or others may read, write or execute the file (any bit of 0o077).
    /// Secrets are refused then, as Heartbeat refuses an authkeys file that is not 0600.
    public static func isAccessibleByOthers(_ path: String) throws(SystemError) -> Bool {
        try permissions(of: path) & 0o077 != 0
    }

    /// False only when the file is truly absent (ENOENT); a file behind a directory we may not
    /// search counts as existing, so the caller's read reports "permission denied", not "missing".
    public static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 || errno != ENOENT
    }

    /// A secret file's text with the mode and owner of the very file read (fstat on the open
    /// descriptor, so a swap between the check and the read is impossible).
    public static func readSecret(_ path: String) throws(SystemError) -> (text: String, permissions: UInt32, owner: UInt32) {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { throw SystemError("cannot open", path) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw SystemError("cannot stat", path) }
        return (try readAll(fd, path), UInt32(info.st_mode) & 0o7777, UInt32(info.st_uid))
    }

    /// The effective user id, which owns the secrets the agent creates.
    public static var effectiveUser: UInt32 { UInt32(geteuid()) }

    /// Reads a whole (small) file as UTF-8 text.
    public static func readText(_ path: String) throws(SystemError) -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SystemError("cannot open", path) }
        defer { close(fd) }
        return try readAll(fd, path)
    }

    private static func readAll(_ fd: Int32, _ path: String) throws(SystemError) -> String {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw SystemError("cannot read", path)
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Writes `text` to a file with exactly `mode`: fchmod after opening, so an existing file's
    /// wider mode is narrowed too (open's mode argument applies only to new files). With `exclusive`, an existing file is an error rather
    /// than overwritten, so `racimo keygen` never destroys a cluster's key by accident.
    public static func writeText(
        _ text: String, to path: String, mode: UInt32, exclusive: Bool
    ) throws(SystemError) {
        var flags = O_WRONLY | O_CREAT | O_CLOEXEC | O_TRUNC
        if exclusive { flags |= O_EXCL }
        let fd = open(path, flags, mode_t(mode))
        guard fd >= 0 else { throw SystemError("cannot create", path) }
        defer { close(fd) }
        guard fchmod(fd, mode_t(mode)) == 0 else { throw SystemError("cannot chmod", path) }
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let count = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw SystemError("cannot write", path)
            }
            bytes = bytes.dropFirst(count)
        }
        guard fsync(fd) == 0 else { throw SystemError("cannot sync", path) }
    }

    /// Writes `text` to an existing file in one write(2), as cgroup and /proc files want;
    /// false when it cannot be opened or the kernel refuses the value.
    @discardableResult
    public static func writeControl(_ text: String, to path: String) -> Bool {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) } == bytes.count
    }

    /// Appends `text` with one write(2) (O_APPEND: whole records even with other writers).
    ///
    /// With `owner`, and when running as root, the file is opened with that user's filesystem
    /// identity (setfsuid/setfsgid, which apply to the calling thread only): a job's event log
    /// is then written only where its owner could write it, and a file it creates is theirs.
    /// The process's supplementary groups still apply to the check.
    @discardableResult
    public static func append(_ text: String, to path: String, owner: (uid: UInt32, gid: UInt32)? = nil) -> Bool {
        var switched = false
        if let owner, getuid() == 0 {
            _ = racimo_setfsgid(owner.gid)
            _ = racimo_setfsuid(owner.uid)
            switched = true
        }
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        if switched {
            _ = racimo_setfsuid(0)
            _ = racimo_setfsgid(0)
        }
        guard fd >= 0 else { return false }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) } == bytes.count
    }

    /// The names in a folder (without `.` and `..`), or none when it cannot be read.
    public static func entries(of path: String) -> [String] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name != ".", name != ".." { names.append(name) }
        }
        return names.sorted()
    }
}
