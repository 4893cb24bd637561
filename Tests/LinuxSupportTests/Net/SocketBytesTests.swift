import Glibc
import Testing
@testable import LinuxSupport

// Socket addresses, control messages and the receive-side parsers (little-endian host).
@Suite struct SocketBytesTests {
    @Test func ipv4SocketAddress() {
        let address = SocketAddress.ipv4([224, 0, 0, 18])
        #expect(address.bytes == [2, 0, 0, 0, 224, 0, 0, 18, 0, 0, 0, 0, 0, 0, 0, 0])
        #expect(address.bytes.count == MemoryLayout<sockaddr_in>.size)
        #expect(address.ipAddress == [224, 0, 0, 18])
    }

    @Test func ipv6SocketAddressCarriesTheScope() {
        let address = SocketAddress.ipv6(IPBytes.vrrpGroupV6, scopeID: 5)
        #expect(address.bytes.count == MemoryLayout<sockaddr_in6>.size)
        #expect(Array(address.bytes[0..<8]) == [10, 0, 0, 0, 0, 0, 0, 0])
        #expect(address.ipAddress == IPBytes.vrrpGroupV6)
        #expect(address.scopeID == 5)
        #expect(Array(address.bytes[24..<28]) == [5, 0, 0, 0])
    }

    @Test func linkLayerSocketAddress() {
        let address = SocketAddress.link(interfaceIndex: 3, protocol: 0x0806, destination: NeighbourFrames.broadcastMAC)
        #expect(address.bytes == [17, 0, 0x08, 0x06, 3, 0, 0, 0, 1, 0, 0, 6, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0])
    }

    @Test func netlinkSocketAddress() {
        #expect(SocketAddress.netlink(portID: 0).bytes == [16, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    }

    @Test func controlMessageLayout() {
        let source = IPBytes.parse("fe80::1")!
        let message = ControlMessages.ipv6PacketInfo(interfaceIndex: 4, source: source)
        // cmsg_len = 16 + 20 = 36; padded to CMSG_SPACE(20) = 40.
        #expect(message.count == 40)
        #expect(Array(message[0..<16]) == [36, 0, 0, 0, 0, 0, 0, 0, 41, 0, 0, 0, 50, 0, 0, 0])
        #expect(Array(message[16..<32]) == source)
        #expect(Array(message[32..<40]) == [4, 0, 0, 0, 0, 0, 0, 0])
        let v4 = ControlMessages.ipv4PacketInfo(interfaceIndex: 2, source: [10, 0, 0, 1])
        #expect(v4.count == ControlMessages.space(12))
        #expect(Array(v4[16..<28]) == [2, 0, 0, 0, 10, 0, 0, 1, 0, 0, 0, 0])
    }

    @Test func controlMessagesRoundTrip() {
        let hops = ControlMessages.encode(level: 41, type: 52, data: hostOrder(Int32(255)))
        let info = ControlMessages.ipv6PacketInfo(interfaceIndex: 9, source: IPBytes.vrrpGroupV6)
        let decoded = ControlMessages.decode(hops + info)
        #expect(decoded.count == 2)
        #expect(decoded[0].level == 41 && decoded[0].type == 52 && decoded[0].data == [255, 0, 0, 0])
        #expect(decoded[1].type == 50 && decoded[1].data == IPBytes.vrrpGroupV6 + [9, 0, 0, 0])
        // A header that claims more than the buffer holds ends the walk.
        #expect(ControlMessages.decode(Array(hops.prefix(18))).isEmpty)
    }

    @Test func ipv4PacketFieldsComeFromTheHeader() {
        var packet: [UInt8] = [0x45, 0xC0, 0, 60, 0, 0, 0, 0, 255, 112, 0, 0, 10, 213, 201, 1, 224, 0, 0, 18]
        packet += [UInt8](repeating: 7, count: 40)
        let control = ControlMessages.decode(ControlMessages.ipv4PacketInfo(interfaceIndex: 6, source: [0, 0, 0, 0]))
        let received = VRRPSocket.ipv4Packet(packet, control: control)
        #expect(received == VRRPSocket.ReceivedPacket(
            bytes: packet, source: [10, 213, 201, 1], destination: [224, 0, 0, 18], hopLimit: 255, interfaceIndex: 6))
        #expect(VRRPSocket.ipv4Packet(Array(packet.prefix(19)), control: control) == nil)
    }

    @Test func ipv6PacketFieldsComeFromControlMessages() {
        let source = IPBytes.parse("fe80::1")!
        let control = ControlMessages.decode(
            ControlMessages.ipv6PacketInfo(interfaceIndex: 3, source: IPBytes.vrrpGroupV6)
                + ControlMessages.encode(level: 41, type: 52, data: hostOrder(Int32(255))))
        let received = VRRPSocket.ipv6Packet([1, 2, 3], source: .ipv6(source, scopeID: 3), control: control)
        #expect(received == VRRPSocket.ReceivedPacket(
            bytes: [1, 2, 3], source: source, destination: IPBytes.vrrpGroupV6, hopLimit: 255, interfaceIndex: 3))
        #expect(VRRPSocket.ipv6Packet([1], source: .ipv6(source), control: Array(control.prefix(1))) == nil)
    }

    @Test func descriptorsAreClosedByCloseAndByDeinit() throws {
        // Compare inodes, not numbers: a test running alongside may reuse the number at once.
        func inode(_ fd: Int32) -> UInt? {
            var info = stat()
            return fstat(fd, &info) == 0 ? UInt(info.st_ino) : nil
        }
        var socket: Socket? = try Socket(domain: AF_INET, type: Int32(SOCK_DGRAM.rawValue), protocol: 0, name: "test socket")
        let fd = try socket!.fd()
        let before = try #require(inode(fd))
        socket = nil
        #expect(inode(fd) != before)

        let closed = try Socket(domain: AF_INET, type: Int32(SOCK_DGRAM.rawValue), protocol: 0, name: "test socket")
        let other = try closed.fd(), otherInode = inode(other)
        closed.close()
        closed.close()
        #expect(closed.isClosed)
        #expect(inode(other) != otherInode)
        #expect(throws: NetError.system(operation: "cannot use", subject: "test socket (closed)", errno: EBADF)) { try closed.fd() }
    }

    @Test func pollTimeoutRoundsUp() {
        #expect(Socket.milliseconds(roundingUp: .zero) == 0)
        #expect(Socket.milliseconds(roundingUp: .microseconds(1)) == 1)
        #expect(Socket.milliseconds(roundingUp: .milliseconds(250)) == 250)
        #expect(Socket.milliseconds(roundingUp: .seconds(2)) == 2000)
    }
}

@Suite struct IPBytesTests {
    @Test func formatsAndParses() {
        #expect(IPBytes.format([10, 213, 201, 1]) == "10.213.201.1")
        #expect(IPBytes.format(IPBytes.vrrpGroupV6) == "ff02::12")
        #expect(IPBytes.format([1, 2, 3]) == "<3 bytes: 1 2 3>")
        #expect(IPBytes.parse("224.0.0.18") == IPBytes.vrrpGroupV4)
        #expect(IPBytes.parse("ff02::1") == IPBytes.allNodes)
        #expect(IPBytes.parse("eth0") == nil)
    }

    @Test func classifies() {
        #expect(IPBytes.isIPv6LinkLocal(IPBytes.parse("fe80::1")!))
        #expect(IPBytes.isIPv6LinkLocal(IPBytes.parse("febf::1")!))
        #expect(!IPBytes.isIPv6LinkLocal(IPBytes.parse("fec0::1")!))
        #expect(IPBytes.isMulticast(IPBytes.vrrpGroupV4) && IPBytes.isMulticast(IPBytes.vrrpGroupV6))
        #expect(!IPBytes.isMulticast([10, 0, 0, 1]))
    }

    @Test func prefixLengthOfMasks() {
        #expect(IPBytes.prefixLength(ofMask: [255, 255, 255, 0]) == 24)
        #expect(IPBytes.prefixLength(ofMask: [255, 255, 240, 0]) == 20)
        #expect(IPBytes.prefixLength(ofMask: [0, 0, 0, 0]) == 0)
        #expect(IPBytes.prefixLength(ofMask: [UInt8](repeating: 255, count: 8) + [UInt8](repeating: 0, count: 8)) == 64)
        #expect(IPBytes.prefixLength(ofMask: [UInt8](repeating: 255, count: 16)) == 128)
    }
}

@Suite struct NetworkInterfaceTests {
    @Test func loopbackIsFound() throws {
        let loopback = try NetworkInterface.named("lo")
        #expect(loopback.index > 0)
        #expect(loopback.hardwareType == 772)
        #expect(loopback.isUp)
        #expect(loopback.primaryIPv4 == [127, 0, 0, 1] || loopback.primaryIPv4 == nil)
    }

    @Test func aMissingInterfaceIsNamed() {
        #expect(throws: NetError.noInterface("eth7x")) { try NetworkInterface.named("eth7x") }
        #expect(NetError.noInterface("eth7").description == "no interface 'eth7'")
        #expect(throws: NetError.noInterface("a-name-far-too-long")) { try NetworkInterface.named("a-name-far-too-long") }
    }

    @Test func systemErrorsCarryErrnoText() {
        let error = NetError.system(operation: "cannot add", subject: "10.0.0.1/24 on interface 9", errno: ENODEV, detail: "no device")
        #expect(error.description == "cannot add 10.0.0.1/24 on interface 9: No such device (no device)")
    }
}
