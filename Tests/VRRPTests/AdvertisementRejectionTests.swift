import RacimoCore
import Testing
import VRRP

/// Each receive check, with the smallest hand-made packet that fails it and only it.
@Suite("VRRP advertisements: rejected packets")
struct AdvertisementRejectionTests {
    static let v4 = PacketAddresses(source: ip("192.0.2.1"), destination: ip("224.0.0.18"))
    static let v6 = PacketAddresses(source: ip("fe80::1"), destination: ip("ff02::12"))

    /// A valid v3 IPv4 message: VRID 1, priority 100, 1 s, 192.0.2.100; checksum with the
    /// pseudo-header, written out by hand.
    static let v3Message: [UInt8] = resealed(
        [0x31, 1, 100, 1, 0x00, 0x64, 0, 0, 192, 0, 2, 100], checksumAt: 6, covering: 0..<12,
        after: [192, 0, 2, 1, 224, 0, 0, 18, 0, 112, 0, 12])

    /// A valid v2 message: VRID 1, priority 100, no auth, 1 s, 192.0.2.100, 8 zero bytes.
    static let v2Message: [UInt8] = resealed(
        [0x21, 1, 100, 1, 0, 1, 0, 0, 192, 0, 2, 100] + Array(repeating: 0, count: 8), checksumAt: 6, covering: 0..<20)

    /// `v3Message` in an IPv4 header from 192.0.2.1 to 224.0.0.18, TTL 255, checksum right.
    static let v3Packet: [UInt8] = ipv4Packet(v3Message)

    static func ipv4Packet(_ message: [UInt8], options: [UInt8] = [], protocol number: UInt8 = 112) -> [UInt8] {
        let headerLength = 20 + options.count
        let total = headerLength + message.count
        let header: [UInt8] = [
            0x40 | UInt8(headerLength / 4), 0xC0, UInt8(total >> 8), UInt8(total & 0xFF), 0, 1, 0, 0,
            255, number, 0, 0, 192, 0, 2, 1, 224, 0, 0, 18,
        ] + options
        return resealed(header, checksumAt: 10, covering: 0..<headerLength) + message
    }

    /// `message` with byte `index` set to `value` and the v3 IPv4 checksum made right again, so
    /// that only the intended check fails.
    static func v3Message(setting index: Int, to value: UInt8) -> [UInt8] {
        var bytes = v3Message
        bytes[index] = value
        let pseudo: [UInt8] = [192, 0, 2, 1, 224, 0, 0, 18, 0, 112, 0, UInt8(bytes.count)]
        return resealed(bytes, checksumAt: 6, covering: 0..<bytes.count, after: pseudo)
    }

    @Test("the hand-made packets themselves are accepted")
    func baselines() throws {
        #expect(try Advertisement.decode(Self.v3Message, addresses: Self.v4, ttl: 255).priority == 100)
        #expect(try Advertisement.decode(Self.v2Message, addresses: Self.v4, ttl: 255).authentication == .none)
        #expect(try Advertisement.decodeIPv4Packet(Self.v3Packet).0.addresses == [ip("192.0.2.100")])
    }

    @Test("source and destination of different families: family")
    func familyMismatch() {
        let mixed = PacketAddresses(source: ip("192.0.2.1"), destination: ip("ff02::12"))
        #expect(throws: AdvertisementError.familyMismatch) { try Advertisement.decode(Self.v3Message, addresses: mixed, ttl: 255) }
    }

    @Test("a TTL or hop limit other than 255: ttl", arguments: [UInt8(0), 1, 64, 254])
    func wrongTTL(ttl: UInt8) {
        #expect(throws: AdvertisementError.wrongTTL(ttl)) { try Advertisement.decode(Self.v3Message, addresses: Self.v4, ttl: ttl) }
        var packet = Self.v3Packet
        packet[8] = ttl
        packet = resealed(packet, checksumAt: 10, covering: 0..<20)
        #expect(throws: AdvertisementError.wrongTTL(ttl)) { try Advertisement.decodeIPv4Packet(packet) }
    }

    @Test("fewer than the 8 header bytes: truncated", arguments: [0, 1, 7])
    func truncated(count: Int) {
        #expect(throws: AdvertisementError.truncated) {
            try Advertisement.decode(Self.v3Message.prefix(count), addresses: Self.v4, ttl: 255)
        }
    }

    @Test("a version other than 2 or 3: version", arguments: [UInt8(0), 1, 4, 15])
    func wrongVersion(version: UInt8) {
        let bytes = Self.v3Message(setting: 0, to: version << 4 | 1)
        #expect(throws: AdvertisementError.wrongVersion(version)) { try Advertisement.decode(bytes, addresses: Self.v4, ttl: 255) }
    }

    @Test("version 2 over IPv6: version")
    func version2OverIPv6() {
        // A well-formed v2 shape for one IPv6 address: header, 16 bytes, 8 auth bytes.
        var bytes: [UInt8] = [0x21, 1, 100, 1, 0, 1, 0, 0] + ip("fd00::100").bytes + Array(repeating: 0, count: 8)
        bytes = resealed(bytes, checksumAt: 6, covering: 0..<bytes.count)
        #expect(throws: AdvertisementError.wrongVersion(2)) { try Advertisement.decode(bytes, addresses: Self.v6, ttl: 255) }
    }

    @Test("a type other than 1: type", arguments: [UInt8(0), 2, 15])
    func wrongType(type: UInt8) {
        let bytes = Self.v3Message(setting: 0, to: 0x30 | type)
        #expect(throws: AdvertisementError.wrongType(type)) { try Advertisement.decode(bytes, addresses: Self.v4, ttl: 255) }
    }

    @Test("a count of 0: no_addresses")
    func noAddresses() {
        // What keepalived sends for an instance without VIPs: header and auth data only.
        let v2 = resealed([0x21, 1, 100, 0, 0, 1, 0, 0] + Array(repeating: 0, count: 8), checksumAt: 6, covering: 0..<16)
        #expect(throws: AdvertisementError.noAddresses) { try Advertisement.decode(v2, addresses: Self.v4, ttl: 255) }
        let v3 = Array(Self.v3Message(setting: 3, to: 0).prefix(8))
        #expect(throws: AdvertisementError.noAddresses) { try Advertisement.decode(v3, addresses: Self.v4, ttl: 255) }
    }

    @Test(
        "a length other than the count adds up to: length",
        arguments: [
            ("one byte of padding", AdvertisementRejectionTests.v3Message + [0]),
            ("four bytes of padding", AdvertisementRejectionTests.v3Message + [0, 0, 0, 0]),
            ("one byte short", Array(AdvertisementRejectionTests.v3Message.dropLast())),
            ("count 2, one address", AdvertisementRejectionTests.v3Message(setting: 3, to: 2)),
            ("v2 without its auth data", Array(AdvertisementRejectionTests.v2Message.prefix(12))),
        ])
    func lengthMismatch(what: String, bytes: [UInt8]) {
        #expect(throws: AdvertisementError.lengthMismatch, "\(what)") {
            try Advertisement.decode(bytes, addresses: Self.v4, ttl: 255)
        }
    }

    @Test("a checksum that does not verify: checksum")
    func badChecksum() {
        var flipped = Self.v3Message
        flipped[7] ^= 0x01
        #expect(throws: AdvertisementError.badChecksum) { try Advertisement.decode(flipped, addresses: Self.v4, ttl: 255) }
        var corrupted = Self.v2Message
        corrupted[2] = 101
        #expect(throws: AdvertisementError.badChecksum) { try Advertisement.decode(corrupted, addresses: Self.v4, ttl: 255) }
        // Right for the pseudo-header, wrong without it; and a different destination.
        #expect(throws: AdvertisementError.badChecksum) {
            try Advertisement.decode(Self.v3Message, addresses: Self.v4, ttl: 255, checksum: .asVersion2)
        }
        let unicast = PacketAddresses(source: ip("192.0.2.1"), destination: ip("192.0.2.2"))
        #expect(throws: AdvertisementError.badChecksum) { try Advertisement.decode(Self.v3Message, addresses: unicast, ttl: 255) }
    }

    @Test("a v2 Auth Type other than 0, 1, 2: auth_type", arguments: [UInt8(3), 4, 255])
    func wrongAuthType(type: UInt8) {
        var bytes = Self.v2Message
        bytes[4] = type
        bytes = resealed(bytes, checksumAt: 6, covering: 0..<bytes.count)
        #expect(throws: AdvertisementError.wrongAuthType(type)) { try Advertisement.decode(bytes, addresses: Self.v4, ttl: 255) }
    }

    @Test("AH (2) is a known Auth Type; v3 has none, so byte 4 there is the interval")
    func authTypes() throws {
        var ah = Self.v2Message
        ah[4] = 2
        ah = resealed(ah, checksumAt: 6, covering: 0..<ah.count)
        #expect(try Advertisement.decode(ah, addresses: Self.v4, ttl: 255).authentication == .ipAH)
        let slow = Self.v3Message(setting: 4, to: 0x03)  // 0x364 cs = 8.68 s
        #expect(try Advertisement.decode(slow, addresses: Self.v4, ttl: 255).interval == .milliseconds(8680))
    }

    @Test("v3's 4 reserved bits are ignored on receipt and written as zero")
    func reservedBits() throws {
        let bytes = Self.v3Message(setting: 4, to: 0xF0)
        let advertisement = try Advertisement.decode(bytes, addresses: Self.v4, ttl: 255)
        #expect(advertisement.interval == .seconds(1))
        #expect(advertisement.encode(addresses: Self.v4) == Self.v3Message)
    }

    // MARK: - The IPv4 header

    @Test(
        "IPv4 packets cut short: truncated",
        arguments: [0, 19, 20, 27])
    func ipv4Truncated(count: Int) {
        #expect(throws: AdvertisementError.truncated) { try Advertisement.decodeIPv4Packet(Array(Self.v3Packet.prefix(count))) }
    }

    @Test("an IHL beyond the bytes, or a total length beyond them: truncated")
    func ipv4HeaderBeyondBytes() {
        var longHeader = Array(Self.v3Packet.prefix(20))
        longHeader[0] = 0x46  // 24-byte header, 20 bytes given
        #expect(throws: AdvertisementError.truncated) { try Advertisement.decodeIPv4Packet(longHeader) }
        var longer = Self.v3Packet
        longer[3] += 1
        longer = resealed(longer, checksumAt: 10, covering: 0..<20)
        #expect(throws: AdvertisementError.truncated) { try Advertisement.decodeIPv4Packet(longer) }
    }

    @Test("bytes after the IPv4 total length (Ethernet padding): length")
    func ipv4TrailingBytes() {
        #expect(throws: AdvertisementError.lengthMismatch) { try Advertisement.decodeIPv4Packet(Self.v3Packet + [0, 0]) }
    }

    @Test(
        "IPv4 headers that are not one: ip_header",
        arguments: [
            ("version 6", 0, UInt8(0x65)),
            ("IHL 4", 0, 0x44),
            ("IHL 0", 0, 0x40),
            ("total length below the header", 3, 19),
            ("more fragments", 6, 0x20),
            ("fragment offset", 7, 0x01),
            ("fragment offset, high bits", 6, 0x01),
        ])
    func badIPHeader(what: String, index: Int, value: UInt8) {
        var packet = Self.v3Packet
        packet[index] = value
        packet = resealed(packet, checksumAt: 10, covering: 0..<20)
        #expect(throws: AdvertisementError.badIPHeader, "\(what)") { try Advertisement.decodeIPv4Packet(packet) }
    }

    @Test("a bad IPv4 header checksum: ip_header")
    func badIPHeaderChecksum() {
        var packet = Self.v3Packet
        packet[11] ^= 0x80
        #expect(throws: AdvertisementError.badIPHeader) { try Advertisement.decodeIPv4Packet(packet) }
    }

    @Test("a protocol other than 112, such as AH (51): not_vrrp", arguments: [UInt8(51), 17, 0])
    func notVRRP(number: UInt8) {
        let packet = Self.ipv4Packet(Self.v3Message, protocol: number)
        #expect(throws: AdvertisementError.notVRRP) { try Advertisement.decodeIPv4Packet(packet) }
    }

    @Test("IPv4 options are skipped; DF and the reserved flag are allowed")
    func ipv4Options() throws {
        let withOptions = Self.ipv4Packet(Self.v3Message, options: [1, 1, 1, 0])  // NOP NOP NOP EOL
        #expect(try Advertisement.decodeIPv4Packet(withOptions).0.virtualRouterID == 1)
        var dontFragment = Self.v3Packet
        dontFragment[6] = 0xC0
        dontFragment = resealed(dontFragment, checksumAt: 10, covering: 0..<20)
        #expect(try Advertisement.decodeIPv4Packet(dontFragment).0.virtualRouterID == 1)
    }

    // MARK: - Labels

    @Test("every reason has a distinct label, all listed in allReasons")
    func reasons() {
        let all: [AdvertisementError] = [
            .truncated, .wrongTTL(1), .wrongVersion(1), .wrongType(2), .noAddresses, .lengthMismatch,
            .badChecksum, .wrongAuthType(3), .familyMismatch, .notVRRP, .badIPHeader,
        ]
        #expect(all.map(\.reason) == AdvertisementError.allReasons)
        #expect(Set(all.map(\.reason)).count == all.count)
        #expect(all.map(AdvertisementFuzzTests.reasonIndex) == Array(all.indices))
        #expect(AdvertisementError.wrongTTL(64).reason == "ttl")
        #expect(AdvertisementError.badChecksum.reason == "checksum")
        #expect(AdvertisementError.wrongTTL(64).description == "advertisement TTL/hop limit 64, expected 255")
    }
}
