import Glibc

/// A socket address as the raw bytes of a `sockaddr_*`, built and read by hand because Glibc's
/// Swift module does not import `sockaddr_ll` (packet(7)), and byte building keeps every family
/// the same shape. Family fields are in host order, ports in network order, as the kernel wants.
struct SocketAddress: Equatable {
    var bytes: [UInt8]

    /// `sockaddr_in` (16 bytes) for an IPv4 address, port 0 (raw sockets have no ports).
    static func ipv4(_ address: [UInt8]) -> SocketAddress {
        precondition(address.count == 4)
        return SocketAddress(bytes: hostOrder(UInt16(AF_INET)) + [0, 0] + address + [UInt8](repeating: 0, count: 8))
    }

    /// `sockaddr_in6` (28 bytes); `scopeID` is the interface index that link-local and
    /// multicast destinations need, ignored by the kernel for global ones.
    static func ipv6(_ address: [UInt8], scopeID: UInt32 = 0) -> SocketAddress {
        precondition(address.count == 16)
        return SocketAddress(bytes: hostOrder(UInt16(AF_INET6)) + [0, 0] + [0, 0, 0, 0] + address + hostOrder(scopeID))
    }

    /// An IP address of either family (`scopeID` is used by IPv6 only).
    static func ip(_ address: [UInt8], scopeID: UInt32 = 0) -> SocketAddress {
        address.count == 4 ? ipv4(address) : ipv6(address, scopeID: scopeID)
    }

    /// `sockaddr_ll` (20 bytes) for sending on interface `index`: the EtherType in network
    /// order and the link-layer destination, padded to the structure's 8 address bytes.
    static func link(interfaceIndex index: UInt32, protocol etherType: UInt16, destination: [UInt8]) -> SocketAddress {
        precondition(destination.count <= 8)
        var bytes = hostOrder(UInt16(AF_PACKET)) + [UInt8(etherType >> 8), UInt8(etherType & 0xFF)]
        bytes += hostOrder(Int32(bitPattern: index))
        bytes += hostOrder(UInt16(1))  // sll_hatype: ARPHRD_ETHER (ignored on send)
        bytes += [0, UInt8(destination.count)]  // sll_pkttype, sll_halen
        bytes += destination + [UInt8](repeating: 0, count: 8 - destination.count)
        return SocketAddress(bytes: bytes)
    }

    /// The family field, or nil for an address too short to have one.
    var family: Int32? {
        guard bytes.count >= 2 else { return nil }
        return Int32(bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt16.self) })
    }

    /// The IP address inside a `sockaddr_in` or `sockaddr_in6`, or nil for other families.
    var ipAddress: [UInt8]? {
        switch family {
        case AF_INET where bytes.count >= 8: Array(bytes[4..<8])
        case AF_INET6 where bytes.count >= 24: Array(bytes[8..<24])
        default: nil
        }
    }

    /// The scope ID of a `sockaddr_in6`, or nil for other families.
    var scopeID: UInt32? {
        guard family == AF_INET6, bytes.count >= 28 else { return nil }
        return bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 24, as: UInt32.self) }
    }
}

/// The bytes of an integer in host order, as netlink, sockaddr families and cmsg headers want.
func hostOrder<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
    withUnsafeBytes(of: value) { Array($0) }
}

/// An integer read in host order from `bytes` at `offset`, or nil past the end.
func readHostOrder<T: FixedWidthInteger>(_ bytes: some RandomAccessCollection<UInt8>, at offset: Int, as: T.Type = T.self) -> T? {
    let size = MemoryLayout<T>.size
    guard offset >= 0, offset + size <= bytes.count else { return nil }
    var value = T.zero
    withUnsafeMutableBytes(of: &value) { raw in
        for i in 0..<size { raw[i] = bytes[bytes.index(bytes.startIndex, offsetBy: offset + i)] }
    }
    return value
}

/// Ancillary data (cmsg(3)) as bytes. The CMSG_* macros do not reach Swift, so the layout is
/// spelled out: a header of `size_t len, int level, int type`, the data, and padding so that
/// the next header starts on a `size_t` boundary.
enum ControlMessages {
    /// `sizeof(struct cmsghdr)`: 16 on 64-bit Linux.
    static let headerLength = MemoryLayout<cmsghdr>.size

    /// CMSG_ALIGN: up to a multiple of `sizeof(size_t)`.
    static func align(_ length: Int) -> Int {
        let unit = MemoryLayout<Int>.size
        return (length + unit - 1) & ~(unit - 1)
    }

    /// CMSG_SPACE: room one message with `length` data bytes takes in a control buffer.
    static func space(_ length: Int) -> Int { align(headerLength) + align(length) }

    /// One control message: header (cmsg_len = CMSG_LEN, without the trailing padding), data,
    /// padding up to CMSG_SPACE.
    static func encode(level: Int32, type: Int32, data: [UInt8]) -> [UInt8] {
        var bytes = hostOrder(Int(align(headerLength) + data.count)) + hostOrder(level) + hostOrder(type)
        bytes += [UInt8](repeating: 0, count: align(headerLength) - headerLength)
        bytes += data
        bytes += [UInt8](repeating: 0, count: space(data.count) - bytes.count)
        return bytes
    }

    /// The messages in a received control buffer, in order; stops at a header that does not fit.
    static func decode(_ bytes: [UInt8]) -> [(level: Int32, type: Int32, data: [UInt8])] {
        var messages: [(level: Int32, type: Int32, data: [UInt8])] = []
        var offset = 0
        while offset + headerLength <= bytes.count,
              let length = readHostOrder(bytes, at: offset, as: Int.self),
              let level = readHostOrder(bytes, at: offset + MemoryLayout<Int>.size, as: Int32.self),
              let type = readHostOrder(bytes, at: offset + MemoryLayout<Int>.size + 4, as: Int32.self),
              length >= align(headerLength), offset + length <= bytes.count
        {
            messages.append((level, type, Array(bytes[(offset + align(headerLength))..<(offset + length)])))
            offset += align(length)
        }
        return messages
    }

    /// `struct in_pktinfo` (ip(7)): interface index, the source to use (`ipi_spec_dst`) and,
    /// on receipt, the header's destination (`ipi_addr`).
    static func ipv4PacketInfo(interfaceIndex: UInt32, source: [UInt8]) -> [UInt8] {
        encode(level: Int32(IPPROTO_IP), type: IP_PKTINFO,
               data: hostOrder(Int32(bitPattern: interfaceIndex)) + source + [0, 0, 0, 0])
    }

    /// `struct in6_pktinfo` (ipv6(7)): the source address, then the interface index.
    static func ipv6PacketInfo(interfaceIndex: UInt32, source: [UInt8]) -> [UInt8] {
        encode(level: Int32(IPPROTO_IPV6), type: IPV6_PKTINFO, data: source + hostOrder(interfaceIndex))
    }
}
