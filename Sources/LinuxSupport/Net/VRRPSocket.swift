import Glibc

/// The raw IP protocol-112 socket that VRRP advertisements travel on, for one interface and one
/// address family. It moves bytes only: the codec builds and checks advertisements.
///
/// **One socket, not a send/receive pair.** A raw socket bound to a unicast address receives
/// only packets whose destination is that address, so binding to the source would filter out
/// every advert sent to 224.0.0.18 / ff02::12. Instead the socket stays unbound and is tied to
/// the interface with SO_BINDTODEVICE (which keeps other links' adverts out), and each send
/// names its source in an IP_PKTINFO / IPV6_PKTINFO control message. That is one descriptor
/// per interface and family, with multicast loop off so it never hears itself.
///
/// **Options.** IPv4: joined to 224.0.0.18 on the interface (IP_ADD_MEMBERSHIP with an
/// `ip_mreqn` index, so the right link joins even with several addresses), IP_MULTICAST_IF,
/// TTL 255 for multicast and unicast (IP_MULTICAST_TTL, IP_TTL: RFC 5798 §5.1.1.3, receivers
/// drop anything else), IP_MULTICAST_LOOP 0, IP_TOS 0xC0 (network control, as keepalived's
/// header has it), IP_MULTICAST_ALL 0 (only groups this socket joined), IP_PKTINFO for the
/// arrival interface. IPv6: joined to ff02::12, IPV6_CHECKSUM 6 (the kernel fills the VRRP
/// checksum, pseudo-header included, on send and drops bad ones on receipt), hop limits 255,
/// IPV6_MULTICAST_LOOP 0, IPV6_MULTICAST_ALL 0, IPV6_RECVPKTINFO and IPV6_RECVHOPLIMIT.
///
/// **Namespaces and threads.** The socket lives in the network namespace of the thread that
/// made it. `receive` blocks in poll(2) up to its timeout: run it on a thread of its own.
/// `send` and `receive` may run on different threads at once; `close` should not race them.
public final class VRRPSocket: Sendable {
    /// IP protocol number of VRRP (RFC 5798 §5.1.1.4).
    public static let ipProtocol: Int32 = 112

    /// The address family: VRRP runs separately over IPv4 and IPv6 (RFC 5798 §5.1).
    public enum Family: Sendable, Equatable {
        case ipv4, ipv6
    }

    /// One advertisement as it arrived.
    public struct ReceivedPacket: Equatable, Sendable {
        /// IPv4: the whole IP packet, header included, as raw IPv4 sockets deliver it (the codec
        /// checks the header). IPv6: the VRRP message only; the kernel keeps the header.
        public var bytes: [UInt8]
        /// The IP source address.
        public var source: [UInt8]
        /// The IP destination: the group, or this host's unicast address.
        public var destination: [UInt8]
        /// IPv6: the hop limit from IPV6_HOPLIMIT. IPv4: the TTL, read from the header here for
        /// convenience (byte 8); the codec reads it from `bytes` again when it decodes.
        public var hopLimit: UInt8
        /// The interface it arrived on.
        public var interfaceIndex: UInt32

        public init(bytes: [UInt8], source: [UInt8], destination: [UInt8], hopLimit: UInt8, interfaceIndex: UInt32) {
            self.bytes = bytes
            self.source = source
            self.destination = destination
            self.hopLimit = hopLimit
            self.interfaceIndex = interfaceIndex
        }
    }

    /// The interface as it was looked up; the socket is bound to its name.
    public let interface: NetworkInterface
    public let family: Family
    /// The address adverts are sent from: the configured unicast source, else the interface's
    /// primary IPv4 address or IPv6 link-local address as it was at `init`.
    public let source: [UInt8]

    private let socket: Socket

    /// Opens the socket on `interface` for `family`. Needs CAP_NET_RAW.
    ///
    /// - Parameters:
    ///   - source: the address to send from (keepalived's `unicast_src_ip`); nil picks the
    ///     interface's primary IPv4 address, or its IPv6 link-local address (RFC 5798 §5.1.2.1).
    ///   - multicast: join the VRRP group. False for unicast-only peers, which then do not make
    ///     the interface accept the group.
    /// - Throws: ``NetError/invalidArgument(_:)`` when there is no source address to use.
    public init(interface: NetworkInterface, family: Family, source: [UInt8]? = nil, multicast: Bool = true) throws(NetError) {
        self.interface = interface
        self.family = family
        let familyName = family == .ipv4 ? "IPv4" : "IPv6"
        if let source {
            guard source.count == (family == .ipv4 ? 4 : 16) else {
                throw .invalidArgument("source \(IPBytes.format(source)) is not an \(familyName) address")
            }
            self.source = source
        } else if let picked = family == .ipv4 ? interface.primaryIPv4 : interface.ipv6LinkLocal {
            self.source = picked
        } else {
            let what = family == .ipv4 ? "IPv4 address" : "IPv6 link-local address"
            throw .invalidArgument("interface '\(interface.name)' has no \(what) to send VRRP from")
        }
        socket = try Socket(
            domain: family == .ipv4 ? AF_INET : AF_INET6, type: Int32(SOCK_RAW.rawValue), protocol: Self.ipProtocol,
            name: "\(familyName) VRRP socket on \(interface.name)")
        try socket.bindToDevice(interface.name)
        switch family {
        case .ipv4: try configureIPv4(multicast: multicast)
        case .ipv6: try configureIPv6(multicast: multicast)
        }
    }

    deinit { socket.close() }

    /// Closes the socket; later calls throw "Bad file descriptor". Also done by deinit.
    public func close() { socket.close() }

    /// Sends `bytes` (the VRRP message; the kernel adds the IP header) from ``source`` to
    /// `destination`: the VRRP group or a unicast peer, of the socket's family.
    public func send(_ bytes: [UInt8], to destination: [UInt8]) throws(NetError) {
        let what = "VRRP advert to \(IPBytes.format(destination))"
        switch family {
        case .ipv4:
            guard destination.count == 4 else { throw .invalidArgument("\(what): not an IPv4 address") }
            try socket.send(
                bytes, to: .ipv4(destination),
                control: ControlMessages.ipv4PacketInfo(interfaceIndex: interface.index, source: source), what: what)
        case .ipv6:
            guard destination.count == 16 else { throw .invalidArgument("\(what): not an IPv6 address") }
            // Link-local and multicast destinations mean nothing without the link's index.
            let scoped = IPBytes.isIPv6LinkLocal(destination) || IPBytes.isMulticast(destination)
            try socket.send(
                bytes, to: .ipv6(destination, scopeID: scoped ? interface.index : 0),
                control: ControlMessages.ipv6PacketInfo(interfaceIndex: interface.index, source: source), what: what)
        }
    }

    /// Waits up to `timeout` for one advertisement; nil when none came. A packet too short to
    /// carry an IPv4 header (which a raw socket never delivers) is skipped, not returned.
    public func receive(timeout: Duration) throws(NetError) -> ReceivedPacket? {
        let deadline = ContinuousClock.now + timeout
        while true {
            let left = deadline - ContinuousClock.now
            guard left > .zero, try socket.waitReadable(timeout: left) else { return nil }
            guard let datagram = try socket.receive(
                capacity: 65536, controlCapacity: ControlMessages.space(20) + ControlMessages.space(4) + 64,
                what: "VRRP advert")
            else { continue }
            let control = ControlMessages.decode(datagram.control)
            let packet = switch family {
            case .ipv4: Self.ipv4Packet(datagram.bytes, control: control)
            case .ipv6: Self.ipv6Packet(datagram.bytes, source: datagram.source, control: control)
            }
            if let packet { return packet }
        }
    }

    // MARK: - Private

    private static let ipMulticastAll: Int32 = 49  // IP_MULTICAST_ALL
    private static let ipv6MulticastAll: Int32 = 29  // IPV6_MULTICAST_ALL

    private func configureIPv4(multicast: Bool) throws(NetError) {
        let level = Int32(IPPROTO_IP)
        // struct ip_mreqn: group, local address (any), interface index.
        let membership = IPBytes.vrrpGroupV4 + [0, 0, 0, 0] + hostOrder(Int32(bitPattern: interface.index))
        try socket.set(level, Self.ipMulticastAll, int: 0, "IP_MULTICAST_ALL")
        if multicast { try socket.set(level, IP_ADD_MEMBERSHIP, bytes: membership, "IP_ADD_MEMBERSHIP 224.0.0.18") }
        try socket.set(level, IP_MULTICAST_IF, bytes: [0, 0, 0, 0, 0, 0, 0, 0] + hostOrder(Int32(bitPattern: interface.index)), "IP_MULTICAST_IF")
        try socket.set(level, IP_MULTICAST_TTL, int: 255, "IP_MULTICAST_TTL")
        try socket.set(level, IP_TTL, int: 255, "IP_TTL")
        try socket.set(level, IP_MULTICAST_LOOP, int: 0, "IP_MULTICAST_LOOP")
        try socket.set(level, IP_TOS, int: 0xC0, "IP_TOS")
        try socket.set(level, IP_PKTINFO, int: 1, "IP_PKTINFO")
    }

    private func configureIPv6(multicast: Bool) throws(NetError) {
        let level = Int32(IPPROTO_IPV6)
        try socket.set(level, IPV6_CHECKSUM, int: 6, "IPV6_CHECKSUM")
        try socket.set(level, Self.ipv6MulticastAll, int: 0, "IPV6_MULTICAST_ALL")
        if multicast {
            // struct ipv6_mreq: group, interface index.
            try socket.set(level, IPV6_JOIN_GROUP, bytes: IPBytes.vrrpGroupV6 + hostOrder(interface.index), "IPV6_JOIN_GROUP ff02::12")
        }
        try socket.set(level, IPV6_MULTICAST_IF, int: Int32(bitPattern: interface.index), "IPV6_MULTICAST_IF")
        try socket.set(level, IPV6_MULTICAST_HOPS, int: 255, "IPV6_MULTICAST_HOPS")
        try socket.set(level, IPV6_UNICAST_HOPS, int: 255, "IPV6_UNICAST_HOPS")
        try socket.set(level, IPV6_MULTICAST_LOOP, int: 0, "IPV6_MULTICAST_LOOP")
        try socket.set(level, IPV6_RECVPKTINFO, int: 1, "IPV6_RECVPKTINFO")
        try socket.set(level, IPV6_RECVHOPLIMIT, int: 1, "IPV6_RECVHOPLIMIT")
    }

    /// A received IPv4 datagram: addresses and TTL from its header, the arrival interface from
    /// IP_PKTINFO (ip(7): `ipi_ifindex` comes first).
    static func ipv4Packet(_ bytes: [UInt8], control: [(level: Int32, type: Int32, data: [UInt8])]) -> ReceivedPacket? {
        guard bytes.count >= 20, bytes[0] >> 4 == 4 else { return nil }
        let info = control.first { $0.level == Int32(IPPROTO_IP) && $0.type == IP_PKTINFO }
        let index = info.flatMap { readHostOrder($0.data, at: 0, as: Int32.self) }.map { UInt32(bitPattern: $0) } ?? 0
        return ReceivedPacket(
            bytes: bytes, source: Array(bytes[12..<16]), destination: Array(bytes[16..<20]), hopLimit: bytes[8],
            interfaceIndex: index)
    }

    /// A received IPv6 payload: source from the socket address, destination and interface from
    /// IPV6_PKTINFO (`in6_pktinfo`: address, then index), hop limit from IPV6_HOPLIMIT (an int).
    static func ipv6Packet(
        _ bytes: [UInt8], source: SocketAddress, control: [(level: Int32, type: Int32, data: [UInt8])]
    ) -> ReceivedPacket? {
        let level = Int32(IPPROTO_IPV6)
        guard let from = source.ipAddress, from.count == 16,
              let info = control.first(where: { $0.level == level && $0.type == IPV6_PKTINFO }), info.data.count >= 20,
              let hops = control.first(where: { $0.level == level && $0.type == IPV6_HOPLIMIT }),
              let hopLimit = readHostOrder(hops.data, at: 0, as: Int32.self)
        else { return nil }
        return ReceivedPacket(
            bytes: bytes, source: from, destination: Array(info.data[0..<16]), hopLimit: UInt8(clamping: hopLimit),
            interfaceIndex: readHostOrder(info.data, at: 16, as: UInt32.self) ?? 0)
    }
}
