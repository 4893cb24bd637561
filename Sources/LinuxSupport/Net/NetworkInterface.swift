import Glibc

/// One network interface as the kernel sees it at lookup time: index, hardware address, state
/// flags and addresses. A snapshot: look it up again after a link or address change.
///
/// Everything is read through sockets (if_nametoindex, SIOCGIFHWADDR, getifaddrs' netlink dump),
/// never through /sys/class/net: sysfs shows the network namespace of whoever mounted it, while
/// sockets follow the calling thread's namespace, which is what a thread that entered a
/// namespace with setns(2) (as the tests do) expects.
public struct NetworkInterface: Equatable, Sendable {
    /// An address on the interface with its prefix length.
    public struct Address: Equatable, Sendable, CustomStringConvertible {
        /// 4 or 16 bytes, network order.
        public var address: [UInt8]
        public var prefixLength: Int

        public init(address: [UInt8], prefixLength: Int) {
            self.address = address
            self.prefixLength = prefixLength
        }

        public var description: String { "\(IPBytes.format(address))/\(prefixLength)" }
    }

    /// The interface name, such as `eth0`.
    public var name: String
    /// The kernel's interface index (if_nametoindex).
    public var index: UInt32
    /// The link-layer address, 6 bytes on Ethernet; all zeros on loopback.
    public var hardwareAddress: [UInt8]
    /// The ARPHRD_* type of the link (1 for Ethernet, 772 for loopback).
    public var hardwareType: UInt16
    /// The IFF_* flags as getifaddrs reports them (32 bits, so IFF_LOWER_UP is there too).
    public var flags: UInt32
    /// Every address on the interface, IPv4 ones in the kernel's order, then IPv6.
    public var addresses: [Address]

    public init(
        name: String, index: UInt32, hardwareAddress: [UInt8], hardwareType: UInt16, flags: UInt32,
        addresses: [Address]
    ) {
        self.name = name
        self.index = index
        self.hardwareAddress = hardwareAddress
        self.hardwareType = hardwareType
        self.flags = flags
        self.addresses = addresses
    }

    /// IFF_UP: administratively up (`ip link set NAME up`).
    public var isUp: Bool { flags & UInt32(IFF_UP) != 0 }
    /// IFF_RUNNING: operationally up (operstate UP, or UNKNOWN for drivers that do not say).
    public var isRunning: Bool { flags & UInt32(IFF_RUNNING) != 0 }
    /// IFF_LOWER_UP: the driver reports carrier.
    public var hasCarrier: Bool { flags & Self.lowerUp != 0 }
    /// IFF_NOARP: the link does not use ARP, so gratuitous ARP is pointless there (keepalived
    /// skips it too).
    public var isARPDisabled: Bool { flags & UInt32(IFF_NOARP) != 0 }

    /// The primary IPv4 address: the first IPv4 address the kernel lists. Linux keeps primary
    /// addresses ahead of secondaries in its list, and getifaddrs reports them in that order,
    /// so a virtual address added later (a secondary, or a /32 of its own) never comes first.
    public var primaryIPv4: [UInt8]? {
        addresses.first { $0.address.count == 4 }?.address
    }

    /// The first IPv6 link-local (fe80::/10) address, the source VRRP for IPv6 must use.
    public var ipv6LinkLocal: [UInt8]? {
        addresses.first { IPBytes.isIPv6LinkLocal($0.address) }?.address
    }

    /// `/proc/sys/net/ipv6/conf/NAME/forwarding` is 1: the host routes IPv6 on this interface,
    /// so its neighbour adverts carry the router flag (as keepalived decides it). /proc/sys/net
    /// follows the calling thread's network namespace.
    public func isIPv6Forwarding() -> Bool {
        let fd = open("/proc/sys/net/ipv6/conf/\(name)/forwarding", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var byte: UInt8 = 0
        return read(fd, &byte, 1) == 1 && byte == UInt8(ascii: "1")
    }

    /// Looks an interface up by name in the calling thread's network namespace.
    ///
    /// - Throws: ``NetError/noInterface(_:)`` when there is none ("no interface 'eth7'"),
    ///   ``NetError/system(operation:subject:errno:detail:)`` when a query fails.
    public static func named(_ name: String) throws(NetError) -> NetworkInterface {
        guard !name.isEmpty, name.utf8.count < Int(IF_NAMESIZE) else { throw .noInterface(name) }
        let index = if_nametoindex(name)
        guard index != 0 else {
            if errno == ENODEV || errno == ENXIO { throw .noInterface(name) }
            throw .lastSystemError("cannot look up interface", "'\(name)'")
        }
        let (hardwareAddress, hardwareType) = try hardware(of: name)
        let (flags, addresses) = try flagsAndAddresses(of: name)
        return NetworkInterface(
            name: name, index: index, hardwareAddress: hardwareAddress, hardwareType: hardwareType,
            flags: flags, addresses: addresses)
    }

    // MARK: - Private

    /// IFF_LOWER_UP lives in linux/if.h, which Glibc's module does not bring in.
    static let lowerUp: UInt32 = 0x10000

    /// The link-layer address and type with SIOCGIFHWADDR (netdevice(7)).
    private static func hardware(of name: String) throws(NetError) -> ([UInt8], UInt16) {
        let socket = try Socket(domain: AF_INET, type: Int32(SOCK_DGRAM.rawValue), protocol: 0, name: "query socket for '\(name)'")
        var request = ifreq()
        withUnsafeMutableBytes(of: &request.ifr_ifrn.ifrn_name) { raw in
            for (i, byte) in name.utf8.prefix(raw.count - 1).enumerated() { raw[i] = byte }
        }
        let fd = try socket.fd()
        guard ioctl(fd, UInt(SIOCGIFHWADDR), &request) == 0 else {
            if errno == ENODEV { throw .noInterface(name) }
            throw .lastSystemError("cannot read the hardware address of", "'\(name)'")
        }
        let address = request.ifr_ifru.ifru_hwaddr
        let type = address.sa_family
        // sa_data holds the address; its length follows from the type. Ethernet and loopback
        // (which reports a zero Ethernet address) have 6 bytes; other links keep what fits.
        let bytes = withUnsafeBytes(of: address.sa_data) { Array($0) }
        let length = (type == 1 || type == 772) ? 6 : bytes.count
        return (Array(bytes.prefix(length)), type)
    }

    /// Flags (from the AF_PACKET entry) and addresses with prefixes, through getifaddrs(3).
    private static func flagsAndAddresses(of name: String) throws(NetError) -> (UInt32, [Address]) {
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0 else { throw .lastSystemError("cannot list addresses of", "'\(name)'") }
        defer { freeifaddrs(list) }
        var flags: UInt32 = 0
        var v4: [Address] = [], v6: [Address] = []
        var entry = list
        while let current = entry?.pointee {
            defer { entry = current.ifa_next }
            guard let entryName = current.ifa_name, String(cString: entryName) == name else { continue }
            flags |= current.ifa_flags
            guard let address = current.ifa_addr else { continue }
            switch Int32(address.pointee.sa_family) {
            case AF_INET:
                let bytes = ipBytes(address, offset: 4, count: 4)
                let mask = current.ifa_netmask.map { ipBytes($0, offset: 4, count: 4) } ?? [255, 255, 255, 255]
                v4.append(Address(address: bytes, prefixLength: IPBytes.prefixLength(ofMask: mask)))
            case AF_INET6:
                let bytes = ipBytes(address, offset: 8, count: 16)
                let mask = current.ifa_netmask.map { ipBytes($0, offset: 8, count: 16) } ?? [UInt8](repeating: 255, count: 16)
                v6.append(Address(address: bytes, prefixLength: IPBytes.prefixLength(ofMask: mask)))
            default:
                continue
            }
        }
        return (flags, v4 + v6)
    }

    /// `count` bytes at `offset` inside a sockaddr (sin_addr is at 4, sin6_addr at 8).
    private static func ipBytes(_ address: UnsafeMutablePointer<sockaddr>, offset: Int, count: Int) -> [UInt8] {
        let raw = UnsafeRawPointer(address)
        return (0..<count).map { raw.load(fromByteOffset: offset + $0, as: UInt8.self) }
    }
}
