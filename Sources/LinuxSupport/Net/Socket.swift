import Glibc
import Synchronization

/// One socket descriptor that is closed exactly once: by `close()` or, failing that, by deinit,
/// so no path through the callers can leak it.
///
/// The descriptor sits in an atomic so that `close()` from one thread and a send from another
/// cannot both close it; a send racing a close may still fail with "Bad file descriptor", which
/// is the honest answer.
final class Socket: Sendable {
    private let descriptor: Atomic<Int32>
    /// What the socket is for, for error messages ("IPv4 VRRP socket on eth0").
    let name: String

    init(domain: Int32, type: Int32, protocol: Int32, name: String) throws(NetError) {
        // CLOEXEC: a notify script that the agent forks must not inherit raw sockets.
        let fd = Glibc.socket(domain, type | Int32(SOCK_CLOEXEC.rawValue), `protocol`)
        guard fd >= 0 else { throw .lastSystemError("cannot open", name) }
        descriptor = Atomic(fd)
        self.name = name
    }

    deinit { close() }

    /// The descriptor, or a "Bad file descriptor" error once closed.
    func fd() throws(NetError) -> Int32 {
        let fd = descriptor.load(ordering: .acquiring)
        guard fd >= 0 else { throw .system(operation: "cannot use", subject: "\(name) (closed)", errno: EBADF) }
        return fd
    }

    var isClosed: Bool { descriptor.load(ordering: .acquiring) < 0 }

    /// Closes the descriptor; later calls do nothing.
    func close() {
        let fd = descriptor.exchange(-1, ordering: .acquiringAndReleasing)
        if fd >= 0 { _ = Glibc.close(fd) }
    }

    /// setsockopt with a value's raw bytes; `option` is named for the error message.
    func set<Value>(_ level: Int32, _ option: Int32, _ value: Value, _ optionName: String) throws(NetError) {
        let fd = try fd()
        let result = withUnsafeBytes(of: value) { setsockopt(fd, level, option, $0.baseAddress, socklen_t($0.count)) }
        guard result == 0 else { throw .lastSystemError("cannot set \(optionName) on", name) }
    }

    /// setsockopt with bytes (for structures Glibc does not import, or strings).
    func set(_ level: Int32, _ option: Int32, bytes: [UInt8], _ optionName: String) throws(NetError) {
        let fd = try fd()
        let result = bytes.withUnsafeBytes { setsockopt(fd, level, option, $0.baseAddress, socklen_t($0.count)) }
        guard result == 0 else { throw .lastSystemError("cannot set \(optionName) on", name) }
    }

    /// An int-valued option, the common case.
    func set(_ level: Int32, _ option: Int32, int value: Int32, _ optionName: String) throws(NetError) {
        try set(level, option, value, optionName)
    }

    /// Binds the socket to one device, so it receives only what arrives there.
    func bindToDevice(_ interfaceName: String) throws(NetError) {
        try set(SOL_SOCKET, SO_BINDTODEVICE, bytes: Array(interfaceName.utf8) + [0], "SO_BINDTODEVICE")
    }

    /// Waits until a read would not block, or `timeout` passes (false). EINTR restarts the wait
    /// with the time that is left, so a signal does not cut a timeout short.
    func waitReadable(timeout: Duration) throws(NetError) -> Bool {
        let fd = try fd()
        let deadline = ContinuousClock.now + timeout
        while true {
            let left = max(deadline - ContinuousClock.now, .zero)
            var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let result = poll(&entry, 1, Self.milliseconds(roundingUp: left))
            if result > 0 { return true }
            if result == 0 { return false }
            if errno != EINTR { throw .lastSystemError("cannot poll", name) }
        }
    }

    /// A Duration as poll's milliseconds, rounded up so a 0.5 ms timeout does not spin.
    static func milliseconds(roundingUp duration: Duration) -> Int32 {
        let (seconds, attoseconds) = duration.components
        guard seconds >= 0 else { return 0 }
        let whole = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        let rest = attoseconds % 1_000_000_000_000_000 > 0 ? 1 : 0
        return Int32(clamping: whole + Int64(rest))
    }

    /// sendmsg of one buffer to `address` with ancillary `control` bytes; a short send is an
    /// error (datagram sockets send all or nothing, so it never happens in practice).
    func send(_ payload: [UInt8], to address: SocketAddress, control: [UInt8] = [], what: String) throws(NetError) {
        let fd = try fd()
        var payload = payload, addressBytes = address.bytes, control = control
        let sent: Int = payload.withUnsafeMutableBytes { data in
            addressBytes.withUnsafeMutableBytes { name in
                control.withUnsafeMutableBytes { controlBytes in
                    var vector = iovec(iov_base: data.baseAddress, iov_len: data.count)
                    return withUnsafeMutablePointer(to: &vector) { vectorPointer in
                        var message = msghdr()
                        message.msg_name = name.baseAddress
                        message.msg_namelen = socklen_t(name.count)
                        message.msg_iov = vectorPointer
                        message.msg_iovlen = 1
                        if controlBytes.count > 0 {
                            message.msg_control = controlBytes.baseAddress
                            message.msg_controllen = controlBytes.count
                        }
                        while true {
                            let result = sendmsg(fd, &message, 0)
                            if result >= 0 || errno != EINTR { return result }
                        }
                    }
                }
            }
        }
        guard sent >= 0 else { throw .lastSystemError("cannot send \(what) on", name) }
        guard sent == payload.count else {
            throw .system(operation: "sent \(sent) of \(payload.count) bytes of \(what) on", subject: name, errno: EIO)
        }
    }

    /// One datagram received without blocking: its bytes, its source address (raw sockaddr
    /// bytes) and its ancillary data; nil when nothing is queued after all (EAGAIN).
    func receive(capacity: Int, controlCapacity: Int, what: String) throws(NetError)
        -> (bytes: [UInt8], source: SocketAddress, control: [UInt8])?
    {
        let fd = try fd()
        var buffer = [UInt8](repeating: 0, count: capacity)
        var addressBytes = [UInt8](repeating: 0, count: MemoryLayout<sockaddr_storage>.size)
        var control = [UInt8](repeating: 0, count: controlCapacity)
        var addressLength = 0, controlLength = 0, flags: Int32 = 0
        let received: Int = buffer.withUnsafeMutableBytes { data in
            addressBytes.withUnsafeMutableBytes { name in
                control.withUnsafeMutableBytes { controlBytes in
                    var vector = iovec(iov_base: data.baseAddress, iov_len: data.count)
                    return withUnsafeMutablePointer(to: &vector) { vectorPointer in
                        var message = msghdr()
                        message.msg_name = name.baseAddress
                        message.msg_namelen = socklen_t(name.count)
                        message.msg_iov = vectorPointer
                        message.msg_iovlen = 1
                        message.msg_control = controlBytes.baseAddress
                        message.msg_controllen = controlBytes.count
                        var result: Int
                        repeat { result = recvmsg(fd, &message, Int32(MSG_DONTWAIT)) } while result < 0 && errno == EINTR
                        addressLength = Int(message.msg_namelen)
                        controlLength = message.msg_controllen
                        flags = message.msg_flags
                        return result
                    }
                }
            }
        }
        if received < 0 {
            if errno == EAGAIN || errno == EWOULDBLOCK { return nil }
            throw .lastSystemError("cannot receive \(what) on", name)
        }
        // MSG_TRUNC: the datagram was longer than the buffer; a cut packet is no packet.
        if flags & Int32(MSG_TRUNC) != 0 {
            throw .malformedReply("\(what) on \(name) longer than \(capacity) bytes")
        }
        return (Array(buffer[..<received]),
                SocketAddress(bytes: Array(addressBytes[..<min(addressLength, addressBytes.count)])),
                Array(control[..<min(controlLength, control.count)]))
    }
}
