import Glibc

/// What went wrong moving VRRP's bytes and addresses, in words an operator can act on.
public enum NetError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No interface has this name (in the calling thread's network namespace).
    case noInterface(String)
    /// A system call failed: what was being done, what it was done to, and errno; `detail` is the
    /// kernel's own explanation when netlink's extended ack gave one.
    case system(operation: String, subject: String, errno: Int32, detail: String? = nil)
    /// An argument that cannot work, such as an address of 5 bytes.
    case invalidArgument(String)
    /// The kernel answered with something this code does not understand.
    case malformedReply(String)

    public var description: String {
        switch self {
        case .noInterface(let name):
            "no interface '\(name)'"
        case .system(let operation, let subject, let errno, let detail):
            "\(operation) \(subject): \(String(cString: strerror(errno)))" + (detail.map { " (\($0))" } ?? "")
        case .invalidArgument(let why):
            why
        case .malformedReply(let why):
            "malformed reply from the kernel: \(why)"
        }
    }

    /// The errno of a failed system call, or nil for the other cases.
    public var errno: Int32? {
        if case .system(_, _, let errno, _) = self { return errno }
        return nil
    }

    /// A failed system call, reading errno now (call it straight after the failure).
    static func lastSystemError(_ operation: String, _ subject: String) -> NetError {
        .system(operation: operation, subject: subject, errno: Glibc.errno)
    }
}
