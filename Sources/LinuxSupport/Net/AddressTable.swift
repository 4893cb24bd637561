import Glibc
import Synchronization

/// Adds and removes interface addresses (the virtual IPs) over rtnetlink (rtnetlink(7)), the
/// way `ip addr add/del` does, without running `ip`.
///
/// Each request asks for an ack (NLM_F_ACK) and waits for it, so a call returns only once the
/// kernel has done it or said why not. The socket belongs to the network namespace of the
/// thread that created the table, for good. Calls from several threads are serialised (one
/// request in flight at a time), so acks cannot be mixed up.
public final class AddressTable: Sendable {
    /// What `add` found.
    public enum AddOutcome: Equatable, Sendable {
        case added
        /// The same address and prefix were on the interface already (EEXIST); nothing changed.
        case alreadyPresent
    }

    /// What `remove` found.
    public enum RemoveOutcome: Equatable, Sendable {
        case removed
        /// No such address was on the interface (EADDRNOTAVAIL); nothing changed.
        case alreadyAbsent
    }

    /// Address scope (`ifa_scope`); IPv6 ignores it and derives the scope from the address.
    public enum Scope: UInt8, Sendable {
        case universe = 0, site = 200, link = 253, host = 254
    }

    /// Extra behaviour for an added address.
    public struct Options: OptionSet, Sendable {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }

        /// IPv6: skip duplicate address detection (IFA_F_NODAD), so the address is usable at
        /// once (a tentative address cannot be a source) and a brief split brain cannot leave it
        /// "dadfailed" for good. keepalived adds every IPv6 VIP this way; VRRP is its own DAD.
        public static let noDAD = Options(rawValue: 0x02)
        /// No prefix route for the address (IFA_F_NOPREFIXROUTE).
        public static let noPrefixRoute = Options(rawValue: 0x200)
        /// IPv6: preferred lifetime 0 (IFA_CACHEINFO), so the kernel never picks the VIP as a
        /// source address; keepalived does this for /128 VIPs.
        public static let deprecated = Options(rawValue: 1 << 31)
    }

    private let socket: Socket
    /// Serialises request and ack; holds the last sequence number used.
    private let exchange = Mutex<UInt32>(0)

    /// Opens a NETLINK_ROUTE socket in the calling thread's network namespace.
    public init() throws(NetError) {
        socket = try Socket(domain: AF_NETLINK, type: Int32(SOCK_RAW.rawValue), protocol: 0, name: "rtnetlink socket")
        // Extended acks carry the kernel's reason in words; capped acks do not echo the request.
        // Both are best effort: a kernel without them still answers with an errno.
        try? socket.set(Self.solNetlink, 11, int: 1, "NETLINK_EXT_ACK")
        try? socket.set(Self.solNetlink, 10, int: 1, "NETLINK_CAP_ACK")
        let fd = try socket.fd()
        let local = SocketAddress.netlink(portID: 0)
        let bound = local.bytes.withUnsafeBytes {
            bind(fd, $0.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t($0.count))
        }
        guard bound == 0 else { throw .lastSystemError("cannot bind", "rtnetlink socket") }
    }

    deinit { socket.close() }

    /// Closes the socket; later calls throw "Bad file descriptor". Also done by deinit.
    public func close() { socket.close() }

    /// Adds `address/prefixLength` to interface `interfaceIndex`.
    ///
    /// - Parameters:
    ///   - broadcast: IPv4 only; the broadcast address (IFA_BROADCAST), if wanted.
    ///   - label: IPv4 only; a label such as `eth0:vip` (IFA_LABEL, at most 15 bytes).
    /// - Returns: `.alreadyPresent` when the kernel had it already (not an error).
    /// - Throws: ``NetError/system(operation:subject:errno:detail:)`` with the kernel's errno
    ///   (ENODEV for a missing interface), ``NetError/invalidArgument(_:)`` for bad arguments.
    @discardableResult
    public func add(
        _ address: [UInt8], prefixLength: Int, interfaceIndex: UInt32, broadcast: [UInt8]? = nil,
        label: String? = nil, scope: Scope = .universe, options: Options = []
    ) throws(NetError) -> AddOutcome {
        let subject = "\(IPBytes.format(address))/\(prefixLength) on interface \(interfaceIndex)"
        let code = try request(subject: subject, operation: "cannot add") { sequence throws(NetError) in
            try Self.addRequest(
                address, prefixLength: prefixLength, interfaceIndex: interfaceIndex, broadcast: broadcast,
                label: label, scope: scope, options: options, sequence: sequence)
        }
        return code == 0 ? .added : .alreadyPresent
    }

    /// Removes `address/prefixLength` from interface `interfaceIndex`.
    ///
    /// - Returns: `.alreadyAbsent` when it was not there (not an error).
    @discardableResult
    public func remove(_ address: [UInt8], prefixLength: Int, interfaceIndex: UInt32) throws(NetError) -> RemoveOutcome {
        let subject = "\(IPBytes.format(address))/\(prefixLength) on interface \(interfaceIndex)"
        let code = try request(subject: subject, operation: "cannot remove") { sequence throws(NetError) in
            try Self.removeRequest(address, prefixLength: prefixLength, interfaceIndex: interfaceIndex, sequence: sequence)
        }
        return code == 0 ? .removed : .alreadyAbsent
    }

    // MARK: - Pure message building

    /// The RTM_NEWADDR request for `add` (request, ack, create, exclusive): an `ifaddrmsg`, then
    /// IFA_LOCAL and IFA_ADDRESS (the same address: not a point-to-point peer), IFA_BROADCAST
    /// and IFA_LABEL when given, IFA_FLAGS when options set any, IFA_CACHEINFO for deprecated.
    public static func addRequest(
        _ address: [UInt8], prefixLength: Int, interfaceIndex: UInt32, broadcast: [UInt8]? = nil,
        label: String? = nil, scope: Scope = .universe, options: Options = [], sequence: UInt32
    ) throws(NetError) -> NetlinkMessage {
        let family = try validate(address, prefixLength)
        if let broadcast {
            guard family == AF_INET, broadcast.count == 4 else {
                throw .invalidArgument("a broadcast address needs an IPv4 address and 4 bytes")
            }
        }
        if let label {
            guard family == AF_INET else { throw .invalidArgument("IPv6 addresses have no labels") }
            guard !label.isEmpty, label.utf8.count < Int(IF_NAMESIZE) else {
                throw .invalidArgument("label '\(label)' must be 1 to \(Int(IF_NAMESIZE) - 1) bytes")
            }
        }
        let flags = options.rawValue & ~Options.deprecated.rawValue
        var message = NetlinkMessage(
            type: NetlinkMessage.MessageType.newAddress,
            flags: NetlinkMessage.Flags.request | NetlinkMessage.Flags.acknowledge
                | NetlinkMessage.Flags.create | NetlinkMessage.Flags.exclusive,
            sequence: sequence)
        // ifa_flags is 8 bits; IFA_FLAGS carries all 32 for kernels that know it (3.14+).
        message.appendHeader(ifaddrmsg(family, prefixLength, flags: UInt8(flags & 0xFF), scope: scope.rawValue, interfaceIndex))
        message.appendAttribute(Attribute.local, address)
        message.appendAttribute(Attribute.address, address)
        if let broadcast { message.appendAttribute(Attribute.broadcast, broadcast) }
        if let label { message.appendAttribute(Attribute.label, Array(label.utf8) + [0]) }
        if flags != 0 { message.appendAttribute(Attribute.flags, hostOrder(flags)) }
        if options.contains(.deprecated) {
            // ifa_cacheinfo: preferred 0, valid forever, and two timestamps the kernel ignores.
            message.appendAttribute(Attribute.cacheInfo, hostOrder(UInt32(0)) + hostOrder(UInt32.max) + [UInt8](repeating: 0, count: 8))
        }
        return message
    }

    /// The RTM_DELADDR request for `remove` (request, ack): an `ifaddrmsg`, IFA_LOCAL and
    /// IFA_ADDRESS, so the kernel removes only the address with this very prefix length.
    public static func removeRequest(
        _ address: [UInt8], prefixLength: Int, interfaceIndex: UInt32, sequence: UInt32
    ) throws(NetError) -> NetlinkMessage {
        let family = try validate(address, prefixLength)
        var message = NetlinkMessage(
            type: NetlinkMessage.MessageType.deleteAddress,
            flags: NetlinkMessage.Flags.request | NetlinkMessage.Flags.acknowledge, sequence: sequence)
        message.appendHeader(ifaddrmsg(family, prefixLength, flags: 0, scope: 0, interfaceIndex))
        message.appendAttribute(Attribute.local, address)
        message.appendAttribute(Attribute.address, address)
        return message
    }

    /// IFA_* attribute types (linux/if_addr.h).
    public enum Attribute {
        public static let address: UInt16 = 1
        public static let local: UInt16 = 2
        public static let label: UInt16 = 3
        public static let broadcast: UInt16 = 4
        public static let cacheInfo: UInt16 = 6
        public static let flags: UInt16 = 8
    }

    // MARK: - Private

    /// SOL_NETLINK, from linux/socket.h (not in Glibc's module).
    static let solNetlink: Int32 = 270

    /// How long to wait for the kernel's ack; it answers in microseconds unless something is
    /// badly wrong, and the caller must not hang then.
    static let ackTimeout: Duration = .seconds(5)

    /// `struct ifaddrmsg`: family, prefix length, flags, scope (one byte each), index (u32).
    private static func ifaddrmsg(_ family: Int32, _ prefixLength: Int, flags: UInt8, scope: UInt8, _ index: UInt32) -> [UInt8] {
        [UInt8(family), UInt8(prefixLength), flags, scope] + hostOrder(index)
    }

    private static func validate(_ address: [UInt8], _ prefixLength: Int) throws(NetError) -> Int32 {
        let family = try IPBytes.requireFamily(address, "an address")
        let most = address.count * 8
        guard (0...most).contains(prefixLength) else {
            throw .invalidArgument("prefix length \(prefixLength) is not in 0...\(most) for \(IPBytes.format(address))")
        }
        return family
    }

    /// Sends one request and waits for its ack. Returns 0 (done) or the errno that means "no
    /// change" (EEXIST for add, EADDRNOTAVAIL for remove); any other errno is thrown.
    private func request(
        subject: String, operation: String, _ build: (UInt32) throws(NetError) -> NetlinkMessage
    ) throws(NetError) -> Int32 {
        try exchange.withLock { (sequence: inout UInt32) throws(NetError) -> Int32 in
            sequence &+= 1
            let message = try build(sequence)
            try socket.send(message.encoded(), to: .netlink(portID: 0), what: "rtnetlink request")
            let deadline = ContinuousClock.now + Self.ackTimeout
            while true {
                let left = deadline - ContinuousClock.now
                guard left > .zero, try socket.waitReadable(timeout: left) else {
                    throw .system(operation: "no rtnetlink answer to", subject: subject, errno: ETIMEDOUT)
                }
                guard let datagram = try socket.receive(capacity: 32768, controlCapacity: 0, what: "rtnetlink reply")
                else { continue }
                for reply in try NetlinkMessage.parse(datagram.bytes) where reply.sequence == sequence {
                    guard let (code, text) = reply.errorReply else { continue }
                    let benign = message.type == NetlinkMessage.MessageType.newAddress ? EEXIST : EADDRNOTAVAIL
                    if code == 0 || -code == benign { return -code }
                    throw .system(operation: operation, subject: subject, errno: -code, detail: text)
                }
            }
        }
    }
}

extension SocketAddress {
    /// `sockaddr_nl` (12 bytes): family, padding, port ID (0 is the kernel, or "assign one" when
    /// binding), multicast groups (none).
    static func netlink(portID: UInt32) -> SocketAddress {
        SocketAddress(bytes: hostOrder(UInt16(AF_NETLINK)) + [0, 0] + hostOrder(portID) + hostOrder(UInt32(0)))
    }
}
