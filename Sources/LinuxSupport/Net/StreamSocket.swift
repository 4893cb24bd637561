import CLinuxSupport
import Glibc

/// Non-blocking TCP sockets as bare descriptors, for a loop that does its own I/O (the
/// balancer's TCP relay). The data calls return a byte count, or a negated errno, so the hot
/// path neither throws nor reads the thread-local `errno` twice.
public enum StreamSocket {
    /// A connection taken from a listener, with the client's address.
    public struct Accepted: Sendable {
        public let fd: Int32
        /// 4 or 16 bytes, network order.
        public let address: [UInt8]
        public let port: Int
    }

    public enum AcceptResult: Sendable {
        case accepted(Accepted)
        /// Nothing is waiting.
        case wouldBlock
        /// accept(2) failed with this errno (EMFILE: out of descriptors; ECONNABORTED: the
        /// client gave up first).
        case failed(Int32)
    }

    /// A listening socket bound to `address` (SO_REUSEADDR, close-on-exec, non-blocking).
    public static func listen(on address: UnsafePointer<sockaddr>, length: Int, backlog: Int32,
                              name: String) throws(NetError) -> Int32 {
        let fd = socket(Int32(address.pointee.sa_family), Int32(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .lastSystemError("cannot open a socket for", name) }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        guard bind(fd, address, socklen_t(length)) == 0 else {
            let error = NetError.lastSystemError("cannot bind", name)
            Glibc.close(fd)
            throw error
        }
        guard Glibc.listen(fd, backlog) == 0 else {
            let error = NetError.lastSystemError("cannot listen on", name)
            Glibc.close(fd)
            throw error
        }
        return fd
    }

    /// One connection from `listener`, non-blocking, close-on-exec, with TCP_NODELAY.
    public static func accept(_ listener: Int32) -> AcceptResult {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let fd = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                racimo_accept4(listener, $0, &length, Int32(SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue))
            }
        }
        guard fd >= 0 else {
            let error = errno
            return error == EAGAIN || error == EWOULDBLOCK ? .wouldBlock : .failed(error)
        }
        setNoDelay(fd)
        let (address, port) = Self.address(of: &storage)
        return .accepted(Accepted(fd: fd, address: address, port: port))
    }

    /// Starts a connection to `address`: the descriptor (non-blocking, close-on-exec,
    /// TCP_NODELAY) and 0 when connected already, EINPROGRESS when the connection is under way
    /// (the descriptor turns writable when it is done: see `connectionError`), or -1 and the
    /// errno of a failure.
    public static func connect(to address: UnsafePointer<sockaddr>, length: Int) -> (fd: Int32, errno: Int32) {
        let fd = socket(Int32(address.pointee.sa_family), Int32(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return (-1, errno) }
        setNoDelay(fd)
        if Glibc.connect(fd, address, socklen_t(length)) == 0 { return (fd, 0) }
        let error = errno
        if error == EINPROGRESS { return (fd, EINPROGRESS) }
        Glibc.close(fd)
        return (-1, error)
    }

    /// `connect` from a chosen local address (HAProxy `source`): `source` is bound first.
    /// `transparent` sets IP_TRANSPARENT (IPV6_TRANSPARENT), so the source may be an address
    /// that is not this host's (`usesrc`; it needs CAP_NET_ADMIN or CAP_NET_RAW). A source without a port
    /// sets IP_BIND_ADDRESS_NO_PORT, so that the port is chosen at connect, per destination,
    /// and a busy source address does not run out of ports.
    public static func connect(to address: UnsafePointer<sockaddr>, length: Int, from source: UnsafePointer<sockaddr>,
                               sourceLength: Int, transparent: Bool, anyPort: Bool) -> (fd: Int32, errno: Int32) {
        let family = Int32(address.pointee.sa_family)
        let fd = socket(family, Int32(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return (-1, errno) }
        setNoDelay(fd)
        var one: Int32 = 1
        let size = socklen_t(MemoryLayout<Int32>.size)
        // Best effort: where the kernel lacks it, bind picks the port, as it did before 4.2.
        if anyPort { _ = setsockopt(fd, Int32(IPPROTO_IP), IP_BIND_ADDRESS_NO_PORT, &one, size) }
        let ready = (!transparent || (family == AF_INET6
            ? setsockopt(fd, Int32(IPPROTO_IPV6), IPV6_TRANSPARENT, &one, size)
            : setsockopt(fd, Int32(IPPROTO_IP), IP_TRANSPARENT, &one, size)) == 0)
            && (anyPort || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, size) == 0)
            && bind(fd, source, socklen_t(sourceLength)) == 0
        guard ready else {
            let error = errno
            Glibc.close(fd)
            return (-1, error)
        }
        if Glibc.connect(fd, address, socklen_t(length)) == 0 { return (fd, 0) }
        let error = errno
        if error == EINPROGRESS { return (fd, EINPROGRESS) }
        Glibc.close(fd)
        return (-1, error)
    }

    /// Whether this process may bind sockets to addresses that are not its host's
    /// (IP_TRANSPARENT needs CAP_NET_ADMIN or CAP_NET_RAW): 0, or the errno that refused it.
    public static func transparentBindError() -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return errno }
        defer { Glibc.close(fd) }
        var one: Int32 = 1
        return setsockopt(fd, Int32(IPPROTO_IP), IP_TRANSPARENT, &one, socklen_t(MemoryLayout<Int32>.size)) == 0 ? 0 : errno
    }

    /// How a connection that `connect` left under way ended: 0 for connected, else the errno.
    public static func connectionError(_ fd: Int32) -> Int32 {
        var error: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) == 0 else { return errno }
        return error
    }

    /// recv(2): the bytes read, 0 at the end of the peer's data, or a negated errno. recv, not
    /// read: it goes to the socket without the file layer's checks, as HAProxy's reads do.
    @inline(__always)
    public static func receive(_ fd: Int32, into buffer: UnsafeMutableRawPointer, count: Int) -> Int {
        while true {
            let n = Glibc.recv(fd, buffer, count, 0)
            if n >= 0 { return n }
            let error = errno
            if error != EINTR { return -Int(error) }
        }
    }

    /// send(2) without SIGPIPE: the bytes sent (maybe fewer than `count`), or a negated errno.
    @inline(__always)
    public static func send(_ fd: Int32, from buffer: UnsafeRawPointer, count: Int) -> Int {
        while true {
            let n = Glibc.send(fd, buffer, count, Int32(MSG_NOSIGNAL))
            if n >= 0 { return n }
            let error = errno
            if error != EINTR { return -Int(error) }
        }
    }

    /// Sends a FIN after what is queued: the peer reads the end of the data, and may still send.
    public static func shutdownOutput(_ fd: Int32) {
        _ = shutdown(fd, Int32(SHUT_WR))
    }

    public static func close(_ fd: Int32) {
        _ = Glibc.close(fd)
    }

    /// The local address of a connected socket (the address a client reached), or nil.
    public static func localAddress(_ fd: Int32) -> (address: [UInt8], port: Int)? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard result == 0 else { return nil }
        let (address, port) = Self.address(of: &storage)
        return address.isEmpty ? nil : (address, port)
    }

    private static func setNoDelay(_ fd: Int32) {
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    /// The IP bytes and port of a `sockaddr_in` or `sockaddr_in6`; empty for other families.
    private static func address(of storage: inout sockaddr_storage) -> ([UInt8], Int) {
        withUnsafeBytes(of: &storage) { raw in
            let port = Int(raw[2]) << 8 | Int(raw[3])
            switch Int32(raw.load(as: sa_family_t.self)) {
            case AF_INET: return (Array(raw[4..<8]), port)
            case AF_INET6: return (Array(raw[8..<24]), port)
            default: return ([], 0)
            }
        }
    }
}
