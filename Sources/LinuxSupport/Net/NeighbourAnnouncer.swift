import Glibc

/// Tells the link that virtual addresses now live at this interface's MAC: gratuitous ARP for
/// IPv4, unsolicited neighbour advertisements for IPv6 (frames from ``NeighbourFrames``).
///
/// Both sockets are opened by `init`, in the calling thread's network namespace, and are
/// send-only: the packet socket has protocol 0 and the ICMPv6 socket filters every type, so
/// no queue of unread traffic builds up behind them.
public final class NeighbourAnnouncer: Sendable {
    /// The interface whose MAC is announced (as looked up; look up again after a MAC change).
    public let interface: NetworkInterface
    /// The router flag of the adverts: whether the host forwards IPv6 on the interface, read
    /// when the announcer was made (keepalived decides it the same way).
    public let isRouter: Bool

    private let packetSocket: Socket
    /// nil when the kernel has no IPv6 (EAFNOSUPPORT); adverts then throw.
    private let icmpSocket: Socket?

    /// Opens the sockets for `interface`. Needs CAP_NET_RAW.
    public init(interface: NetworkInterface) throws(NetError) {
        self.interface = interface
        isRouter = interface.isIPv6Forwarding()
        // Protocol 0: "no packets are received" (packet(7)); this socket only sends.
        packetSocket = try Socket(
            domain: AF_PACKET, type: Int32(SOCK_RAW.rawValue), protocol: 0, name: "ARP socket on \(interface.name)")
        do {
            let icmp = try Socket(
                domain: AF_INET6, type: Int32(SOCK_RAW.rawValue), protocol: Int32(IPPROTO_ICMPV6),
                name: "ICMPv6 socket on \(interface.name)")
            try icmp.bindToDevice(interface.name)
            // Neighbour discovery is dropped unless its hop limit is 255 (RFC 4861 §7.1.2).
            try icmp.set(Int32(IPPROTO_IPV6), IPV6_MULTICAST_HOPS, int: 255, "IPV6_MULTICAST_HOPS")
            try icmp.set(Int32(IPPROTO_IPV6), IPV6_UNICAST_HOPS, int: 255, "IPV6_UNICAST_HOPS")
            try icmp.set(Int32(IPPROTO_IPV6), IPV6_MULTICAST_LOOP, int: 0, "IPV6_MULTICAST_LOOP")
            // ICMP6_FILTER with every bit set blocks every type: nothing is ever queued here.
            try icmp.set(Int32(IPPROTO_ICMPV6), 1, bytes: [UInt8](repeating: 0xFF, count: 32), "ICMP6_FILTER")
            icmpSocket = icmp
        } catch where error.errno == EAFNOSUPPORT {
            icmpSocket = nil
        }
    }

    deinit { close() }

    /// Closes both sockets; later sends throw. Also done by deinit.
    public func close() {
        packetSocket.close()
        icmpSocket?.close()
    }

    /// Announces `address`: a gratuitous ARP for 4 bytes, a neighbour advert for 16.
    public func announce(_ address: [UInt8]) throws(NetError) {
        switch try IPBytes.requireFamily(address, "an announced address") {
        case AF_INET: try sendGratuitousARP(for: address)
        default: try sendNeighbourAdvertisement(for: address)
        }
    }

    /// Sends one gratuitous ARP for the IPv4 `address` with the interface's MAC, as an
    /// Ethernet broadcast on the interface.
    ///
    /// - Returns: false, sending nothing, when the interface has IFF_NOARP (as keepalived).
    @discardableResult
    public func sendGratuitousARP(for address: [UInt8]) throws(NetError) -> Bool {
        guard address.count == 4 else { throw .invalidArgument("gratuitous ARP needs an IPv4 address, not \(address.count) bytes") }
        guard !interface.isARPDisabled else { return false }
        let mac = try ethernetAddress()
        let frame = NeighbourFrames.gratuitousARP(mac: mac, address: address)
        let destination = SocketAddress.link(
            interfaceIndex: interface.index, protocol: NeighbourFrames.etherTypeARP, destination: NeighbourFrames.broadcastMAC)
        try packetSocket.send(frame, to: destination, what: "gratuitous ARP for \(IPBytes.format(address))")
        return true
    }

    /// Sends one unsolicited neighbour advertisement for the IPv6 `address` to ff02::1.
    ///
    /// The IPv6 source is `address` itself, as keepalived's adverts have it, so the address must
    /// be on the interface and not tentative (add it with ``AddressTable/Options/noDAD``);
    /// otherwise the kernel refuses the source with EINVAL. `router` overrides ``isRouter``.
    public func sendNeighbourAdvertisement(for address: [UInt8], router: Bool? = nil) throws(NetError) {
        guard address.count == 16 else { throw .invalidArgument("a neighbour advert needs an IPv6 address, not \(address.count) bytes") }
        guard let icmpSocket else {
            throw .system(operation: "cannot send a neighbour advert on", subject: interface.name, errno: EAFNOSUPPORT)
        }
        let mac = try ethernetAddress()
        let message = NeighbourFrames.unsolicitedNeighbourAdvertisement(address: address, mac: mac, router: router ?? isRouter)
        try icmpSocket.send(
            message, to: .ipv6(IPBytes.allNodes, scopeID: interface.index),
            control: ControlMessages.ipv6PacketInfo(interfaceIndex: interface.index, source: address),
            what: "neighbour advert for \(IPBytes.format(address))")
    }

    private func ethernetAddress() throws(NetError) -> [UInt8] {
        guard interface.hardwareAddress.count == 6 else {
            throw .invalidArgument("interface '\(interface.name)' has no Ethernet address to announce")
        }
        return interface.hardwareAddress
    }
}
