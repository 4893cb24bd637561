import Glibc

/// SO_PEERCRED on a Unix-domain socket: the kernel's word for who is on the other end, which
/// the schedd trusts instead of anything a client says about itself (unix(7)).
public enum SocketCredentials {
    /// Laid out as the kernel's `struct ucred` (pid, uid, gid), for getsockopt.
    public struct Raw: Sendable {
        public var pid: Int32 = 0
        public var uid: UInt32 = 0
        public var gid: UInt32 = 0
        public init() {}
    }

    public static let level = Int32(SOL_SOCKET)
    public static let option = Int32(SO_PEERCRED)
}

/// Who is on the other end of a local socket, from the kernel (SO_PEERCRED).
public struct PeerCredentials: Sendable, Equatable {
    public var uid: UInt32
    public var gid: UInt32
    public var pid: Int32
    public init(uid: UInt32, gid: UInt32, pid: Int32) {
        self.uid = uid
        self.gid = gid
        self.pid = pid
    }
}
