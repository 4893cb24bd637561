import Foundation
import Glibc
import Testing
@testable import LinuxSupport

/// Protocol-112 traffic between two namespaces, multicast and unicast, both families. Root only.
@Suite(.enabled(if: geteuid() == 0, "needs root for network namespaces and raw sockets"))
struct VRRPSocketTests {
    /// 40 bytes shaped like a VRRPv3 advert (the socket does not care what they say).
    static let payload: [UInt8] = [0x31, 51, 100, 8, 0x00, 0x64, 0, 0] + (0..<32).map { UInt8($0) }

    /// A socket in each namespace, on vr0.
    static func sockets(
        _ pair: NamespacePair, _ family: VRRPSocket.Family, sourceA: [UInt8]? = nil, multicast: Bool = true
    ) async throws -> (a: VRRPSocket, b: VRRPSocket) {
        let b = try await NamespacePair.run(in: pair.b) {
            try VRRPSocket(interface: .named(NamespacePair.interface), family: family, multicast: multicast)
        }
        let a = try await NamespacePair.run(in: pair.a) {
            try VRRPSocket(interface: .named(NamespacePair.interface), family: family, source: sourceA, multicast: multicast)
        }
        return (a, b)
    }

    @Test func ipv4Multicast() async throws {
        let pair = try NamespacePair()
        defer { pair.down() }
        let (a, b) = try await Self.sockets(pair, .ipv4)
        defer { a.close(); b.close() }
        #expect(a.source == NamespacePair.addressA)

        try a.send(Self.payload, to: IPBytes.vrrpGroupV4)
        let packet = try #require(try await NamespacePair.blocking { try b.receive(timeout: .seconds(5)) })
        #expect(packet.source == NamespacePair.addressA)
        #expect(packet.destination == IPBytes.vrrpGroupV4)
        #expect(packet.hopLimit == 255)
        #expect(packet.interfaceIndex == b.interface.index)
        #expect(packet.bytes.count == 60)
        #expect(packet.bytes[0] == 0x45 && packet.bytes[1] == 0xC0 && packet.bytes[9] == 112)
        #expect(Array(packet.bytes[20...]) == Self.payload)
        // Loop is off: the sender does not hear itself.
        #expect(try await NamespacePair.blocking { try a.receive(timeout: .milliseconds(200)) } == nil)
    }

    @Test func ipv6Multicast() async throws {
        let pair = try NamespacePair()
        defer { pair.down() }
        let (a, b) = try await Self.sockets(pair, .ipv6)
        defer { a.close(); b.close() }
        #expect(IPBytes.isIPv6LinkLocal(a.source))

        try a.send(Self.payload, to: IPBytes.vrrpGroupV6)
        let packet = try #require(try await NamespacePair.blocking { try b.receive(timeout: .seconds(5)) })
        #expect(packet.source == a.source)
        #expect(packet.destination == IPBytes.vrrpGroupV6)
        #expect(packet.hopLimit == 255)
        #expect(packet.interfaceIndex == b.interface.index)
        #expect(packet.bytes.count == 40)
        // The kernel filled the checksum (IPV6_CHECKSUM 6); the rest is as sent.
        var expected = Self.payload
        expected[6] = packet.bytes[6]
        expected[7] = packet.bytes[7]
        #expect(packet.bytes == expected)
        #expect(packet.bytes[6] != 0 || packet.bytes[7] != 0)
        #expect(ipv6Checksum(source: a.source, destination: IPBytes.vrrpGroupV6, nextHeader: 112, payload: packet.bytes) == 0)
        #expect(try await NamespacePair.blocking { try a.receive(timeout: .milliseconds(200)) } == nil)
    }

    @Test func ipv4Unicast() async throws {
        let pair = try NamespacePair()
        defer { pair.down() }
        let (a, b) = try await Self.sockets(pair, .ipv4, multicast: false)
        defer { a.close(); b.close() }

        try a.send(Self.payload, to: NamespacePair.addressB)
        let packet = try #require(try await NamespacePair.blocking { try b.receive(timeout: .seconds(5)) })
        #expect(packet.source == NamespacePair.addressA)
        #expect(packet.destination == NamespacePair.addressB)
        #expect(packet.hopLimit == 255)
        #expect(Array(packet.bytes[20...]) == Self.payload)
    }

    @Test func ipv6UnicastFromAConfiguredSource() async throws {
        let pair = try NamespacePair()
        defer { pair.down() }
        let (a, b) = try await Self.sockets(pair, .ipv6, sourceA: NamespacePair.address6A, multicast: false)
        defer { a.close(); b.close() }

        try a.send(Self.payload, to: NamespacePair.address6B)
        let packet = try #require(try await NamespacePair.blocking { try b.receive(timeout: .seconds(5)) })
        #expect(packet.source == NamespacePair.address6A)
        #expect(packet.destination == NamespacePair.address6B)
        #expect(packet.hopLimit == 255)
        #expect(Array(packet.bytes[8...]) == Array(Self.payload[8...]))
        #expect(ipv6Checksum(source: packet.source, destination: packet.destination, nextHeader: 112, payload: packet.bytes) == 0)
    }

    @Test func wrongFamilyAndClosedSocketAreErrors() async throws {
        let pair = try NamespacePair()
        defer { pair.down() }
        let (a, b) = try await Self.sockets(pair, .ipv4)
        b.close()
        #expect(throws: NetError.self) { try a.send(Self.payload, to: IPBytes.vrrpGroupV6) }
        a.close()
        a.close()  // twice is fine
        #expect(throws: NetError.self) { try a.send(Self.payload, to: IPBytes.vrrpGroupV4) }
        #expect(throws: NetError.self) { try a.receive(timeout: .milliseconds(1)) }
        let noSource = NetworkInterface(name: "vr0", index: 1, hardwareAddress: [], hardwareType: 1, flags: 0, addresses: [])
        #expect(throws: NetError.invalidArgument("interface 'vr0' has no IPv6 link-local address to send VRRP from")) {
            try VRRPSocket(interface: noSource, family: .ipv6)
        }
    }
}
