import RacimoCore
import Testing
import VRRP

/// The codec against what keepalived really sends (`KeepalivedCaptures`): every capture decodes
/// to the advertisement its config describes, and encodes back to the same bytes.
@Suite("VRRP advertisements: keepalived captures")
struct KeepalivedCaptureTests {
    typealias Captures = KeepalivedCaptures

    static let keepalived = ip("10.213.200.1")
    static let group = ip("224.0.0.18")
    static let linkLocal = ip("fe80::aff:fed5:c801")
    static let group6 = ip("ff02::12")

    /// What each capture's config says it should carry.
    static let expected: [String: (Advertisement, destination: IPAddress)] = [
        "v2Password": (
            Advertisement(
                version: .v2, virtualRouterID: 21, priority: 150, interval: .seconds(1),
                addresses: [ip("10.213.200.100")], authentication: .password("secret12")), group),
        "v2PasswordStopping": (
            Advertisement(
                version: .v2, virtualRouterID: 21, priority: 0, interval: .seconds(1),
                addresses: [ip("10.213.200.100")], authentication: .password("secret12")), group),
        "v2NoAuthentication": (
            Advertisement(
                version: .v2, virtualRouterID: 22, priority: 100, interval: .seconds(2),
                addresses: [ip("10.213.200.101")]), group),
        "v2TwoAddressesLongPassword": (
            Advertisement(
                version: .v2, virtualRouterID: 23, priority: 90, interval: .seconds(1),
                addresses: [ip("10.213.200.120"), ip("10.213.200.121")], authentication: .password("longerth")),
            group),
        "v3Multicast": (
            Advertisement(
                version: .v3, virtualRouterID: 31, priority: 200, interval: .milliseconds(100),
                addresses: [ip("10.213.200.102")]), group),
        "v3MulticastStopping": (
            Advertisement(
                version: .v3, virtualRouterID: 31, priority: 0, interval: .milliseconds(100),
                addresses: [ip("10.213.200.102")]), group),
        "v3Unicast": (
            Advertisement(
                version: .v3, virtualRouterID: 32, priority: 120, interval: .seconds(1),
                addresses: [ip("10.213.200.103")]), ip("10.213.200.2")),
        "v3ChecksumAsV2": (
            Advertisement(
                version: .v3, virtualRouterID: 33, priority: 110, interval: .seconds(1),
                addresses: [ip("10.213.200.104")]), group),
        "v3ThreeAddresses": (
            Advertisement(
                version: .v3, virtualRouterID: 34, priority: 254, interval: .milliseconds(1500),
                addresses: [ip("10.213.200.110"), ip("10.213.200.111"), ip("10.213.200.112")]), group),
        "v3IPv6": (
            Advertisement(
                version: .v3, virtualRouterID: 61, priority: 100, interval: .seconds(1),
                addresses: [ip("fd00:213:200::100")]), group6),
        "v3IPv6Stopping": (
            Advertisement(
                version: .v3, virtualRouterID: 61, priority: 0, interval: .seconds(1),
                addresses: [ip("fd00:213:200::100")]), group6),
        "v3IPv6TwoAddresses": (
            Advertisement(
                version: .v3, virtualRouterID: 62, priority: 100, interval: .seconds(1),
                addresses: [ip("fd00:213:200::110"), ip("fd00:213:200::111")]), group6),
    ]

    /// An IPv6 capture split as an IPv6 raw socket hands it over: payload, hop limit, addresses.
    static func ipv6Parts(_ packet: [UInt8]) -> (payload: [UInt8], hopLimit: UInt8, addresses: PacketAddresses) {
        let addresses = PacketAddresses(
            source: IPAddress(bytes: Array(packet[8..<24]))!, destination: IPAddress(bytes: Array(packet[24..<40]))!)
        return (Array(packet[40...]), packet[7], addresses)
    }

    @Test("every IPv4 capture decodes to its config and re-encodes to the same bytes",
          arguments: KeepalivedCaptures.ipv4.map(\.name))
    func ipv4RoundTrip(name: String) throws {
        let capture = try #require(Captures.ipv4.first { $0.name == name })
        let (advertisement, addresses) = try Advertisement.decodeIPv4Packet(capture.packet, checksum: capture.rule)
        let (expected, destination) = try #require(Self.expected[name])
        #expect(advertisement == expected)
        #expect(addresses == PacketAddresses(source: Self.keepalived, destination: destination))
        let encoded = advertisement.encode(addresses: addresses, checksum: capture.rule)
        #expect(hexString(encoded) == hexString(capture.packet[20...]))
    }

    @Test("every IPv6 capture's payload decodes with the header's addresses and re-encodes exactly",
          arguments: KeepalivedCaptures.ipv6.map(\.name))
    func ipv6RoundTrip(name: String) throws {
        let capture = try #require(Captures.ipv6.first { $0.name == name })
        let (payload, hopLimit, addresses) = Self.ipv6Parts(capture.packet)
        #expect(Int(capture.packet[4]) << 8 | Int(capture.packet[5]) == payload.count)
        #expect(capture.packet[6] == 112)
        #expect(addresses == PacketAddresses(source: Self.linkLocal, destination: Self.group6))
        let advertisement = try Advertisement.decode(payload, addresses: addresses, ttl: hopLimit)
        let (expected, _) = try #require(Self.expected[name])
        #expect(advertisement == expected)
        #expect(hexString(advertisement.encode(addresses: addresses)) == hexString(payload))
        // The IPv6 pseudo-header is part of v3 itself: the rule does not change it.
        #expect(hexString(advertisement.encode(addresses: addresses, checksum: .asVersion2)) == hexString(payload))
        #expect(try Advertisement.decode(payload, addresses: addresses, ttl: hopLimit, checksum: .asVersion2) == expected)
    }

    @Test("the whole-packet and message-only decoders agree on IPv4 captures",
          arguments: KeepalivedCaptures.ipv4.map(\.name))
    func messageOnly(name: String) throws {
        let capture = try #require(Captures.ipv4.first { $0.name == name })
        let (advertisement, addresses) = try Advertisement.decodeIPv4Packet(capture.packet, checksum: capture.rule)
        let alone = try Advertisement.decode(
            capture.packet[20...], addresses: addresses, ttl: capture.packet[8], checksum: capture.rule)
        #expect(alone == advertisement)
    }

    @Test("a v3 IPv4 checksum verifies under the rule it was made with and no other")
    func checksumRuleMatters() throws {
        #expect(throws: AdvertisementError.badChecksum) {
            try Advertisement.decodeIPv4Packet(Captures.v3Multicast, checksum: .asVersion2)
        }
        #expect(throws: AdvertisementError.badChecksum) {
            try Advertisement.decodeIPv4Packet(Captures.v3ChecksumAsV2, checksum: .pseudoHeader)
        }
        // The same advertisement, the two rules, the two checksums keepalived sent.
        let (advertisement, addresses) = try Advertisement.decodeIPv4Packet(Captures.v3ChecksumAsV2, checksum: .asVersion2)
        let withPseudoHeader = advertisement.encode(addresses: addresses)
        #expect(hexString(withPseudoHeader[6..<8]) != hexString(Captures.v3ChecksumAsV2[26..<28]))
        // v2 never has a pseudo-header, so the rule is ignored.
        #expect(try Advertisement.decodeIPv4Packet(Captures.v2Password, checksum: .asVersion2).0.priority == 150)
    }

    @Test("keepalived's unicast checksum covers the peer's address, not the multicast group (since 1.3.6)")
    func unicastPseudoHeader() throws {
        let message = Array(Captures.v3Unicast[20...])
        let toPeer = PacketAddresses(source: Self.keepalived, destination: ip("10.213.200.2"))
        let toGroup = PacketAddresses(source: Self.keepalived, destination: Self.group)
        #expect(throws: Never.self) { try Advertisement.decode(message, addresses: toPeer, ttl: 255) }
        #expect(throws: AdvertisementError.badChecksum) { try Advertisement.decode(message, addresses: toGroup, ttl: 255) }
    }

    @Test("the captured checksums are what an independent computation of each rule gives")
    func independentChecksums() {
        // v2: the message alone.
        let v2 = Array(Captures.v2Password[20...])
        #expect(internetChecksum(v2) == 0)
        // v3 IPv4: {src, dst, 0, 112, length} then the message.
        let v3 = Array(Captures.v3Multicast[20...])
        let pseudo4 = Array(Captures.v3Multicast[12..<20]) + [0, 112, 0, UInt8(v3.count)]
        #expect(internetChecksum(pseudo4 + v3) == 0)
        #expect(internetChecksum(v3) != 0)
        #expect(internetChecksum(Array(Captures.v3ChecksumAsV2[20...])) == 0)
        // v3 IPv6: {src, dst, 32-bit length, 0, 0, 0, 112} then the message.
        let v6 = Array(Captures.v3IPv6[40...])
        let pseudo6 = Array(Captures.v3IPv6[8..<40]) + [0, 0, 0, UInt8(v6.count), 0, 0, 0, 112]
        #expect(internetChecksum(pseudo6 + v6) == 0)
    }
}
