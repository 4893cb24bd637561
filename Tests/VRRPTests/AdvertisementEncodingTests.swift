import RacimoCore
import Testing
import VRRP

/// What the encoder does with values the wire cannot carry exactly, and with v2 authentication.
@Suite("VRRP advertisements: encoding edges")
struct AdvertisementEncodingTests {
    static let v4 = PacketAddresses(source: ip("192.0.2.1"), destination: ip("224.0.0.18"))
    static let v6 = PacketAddresses(source: ip("fe80::1"), destination: ip("ff02::12"))

    static func advert(
        _ version: VRRPVersion, interval: Duration = .seconds(1), addresses: [IPAddress] = [ip("192.0.2.100")],
        authentication: VRRPAuthentication = .none
    ) -> Advertisement {
        Advertisement(
            version: version, virtualRouterID: 7, priority: 100, interval: interval, addresses: addresses,
            authentication: authentication)
    }

    @Test(
        "v2 intervals go as whole seconds, rounded as keepalived rounds advert_int",
        arguments: [
            (Duration.seconds(1), UInt8(1)), (.milliseconds(1499), 1), (.milliseconds(1500), 2),
            (.milliseconds(300), 1),  // positive never becomes 0
            (.zero, 0), (.seconds(-3), 0), (.milliseconds(-300), 0),
            (.seconds(255), 255), (.seconds(256), 255), (.seconds(86400 * 365), 255),
        ])
    func v2Interval(interval: Duration, wire: UInt8) throws {
        let bytes = Self.advert(.v2, interval: interval).encode(addresses: Self.v4)
        #expect(bytes[5] == wire)
        #expect(try Advertisement.decode(bytes, addresses: Self.v4, ttl: 255).interval == .seconds(Int(wire)))
    }

    @Test(
        "v3 intervals go as centiseconds in 12 bits, rounded half up and clamped",
        arguments: [
            (Duration.milliseconds(100), 10), (.milliseconds(104), 10), (.milliseconds(105), 11),
            (.microseconds(1), 1), (.zero, 0), (.milliseconds(40950), 4095), (.seconds(41), 4095),
            (.seconds(Int64.max), 4095), (.seconds(1) + .nanoseconds(4_999_999), 100),
        ])
    func v3Interval(interval: Duration, centiseconds: Int) throws {
        let bytes = Self.advert(.v3, interval: interval).encode(addresses: Self.v4)
        #expect(Int(bytes[4]) << 8 | Int(bytes[5]) == centiseconds)
        #expect(try Advertisement.decode(bytes, addresses: Self.v4, ttl: 255).interval == .milliseconds(centiseconds * 10))
    }

    @Test("a v2 password goes as its first 8 bytes, zero padded")
    func passwords() throws {
        let short = Self.advert(.v2, authentication: .password("abc")).encode(addresses: Self.v4)
        #expect(short[4] == 1)
        #expect(Array(short.suffix(8)) == Array("abc".utf8) + [0, 0, 0, 0, 0])
        let long = Self.advert(.v2, authentication: .password("longerthan8")).encode(addresses: Self.v4)
        #expect(Array(long.suffix(8)) == Array("longerth".utf8))
        let back = try Advertisement.decode(long, addresses: Self.v4, ttl: 255).authentication
        #expect(back == .password("longerth"))
        #expect(back != .password("longerthan8"))
        #expect(back.matchesOnWire(.password("longerthan8")))
        #expect(back.matchesOnWire(.password("longerthan9")))  // the same first 8 bytes
        #expect(!back.matchesOnWire(.password("longert")))
        #expect(!VRRPAuthentication.none.matchesOnWire(.password("")))
        #expect(VRRPAuthentication.ipAH.matchesOnWire(.ipAH))
    }

    @Test("a password cut inside a UTF-8 character is cut as keepalived cuts it, and reads back with U+FFFD")
    func passwordCutInsideCharacter() throws {
        // "aaaaaa€": 6 + 3 bytes; the 8 sent end inside the euro sign.
        let bytes = Self.advert(.v2, authentication: .password("aaaaaa€")).encode(addresses: Self.v4)
        #expect(Array(bytes.suffix(8)) == Array("aaaaaa".utf8) + [0xE2, 0x82])
        let back = try Advertisement.decode(bytes, addresses: Self.v4, ttl: 255).authentication
        #expect(back == .password("aaaaaa\u{FFFD}"))
        let whole = Self.advert(.v2, authentication: .password("pässwö")).encode(addresses: Self.v4)  // exactly 8 bytes
        #expect(try Advertisement.decode(whole, addresses: Self.v4, ttl: 255).authentication == .password("pässwö"))
    }

    @Test("v2 AH and no-auth data are zeros; v3 carries no authentication at all")
    func authenticationData() throws {
        let ah = Self.advert(.v2, authentication: .ipAH).encode(addresses: Self.v4)
        #expect(ah[4] == 2)
        #expect(ah.suffix(8).allSatisfy { $0 == 0 })
        let v3WithPassword = Self.advert(.v3, authentication: .password("ignored")).encode(addresses: Self.v4)
        #expect(v3WithPassword == Self.advert(.v3).encode(addresses: Self.v4))
        #expect(try Advertisement.decode(v3WithPassword, addresses: Self.v4, ttl: 255).authentication == .none)
    }

    @Test("lengths: 8 + 4n (+ 8 for v2) over IPv4, 8 + 16n over IPv6, no padding")
    func lengths() {
        let three = [ip("192.0.2.1"), ip("192.0.2.2"), ip("192.0.2.3")]
        #expect(Self.advert(.v2, addresses: three).encode(addresses: Self.v4).count == 28)
        #expect(Self.advert(.v3, addresses: three).encode(addresses: Self.v4).count == 20)
        #expect(Self.advert(.v3, addresses: [ip("fd00::1"), ip("fd00::2")]).encode(addresses: Self.v6).count == 40)
    }

    @Test("more than 255 addresses: the first 255 are written")
    func tooManyAddresses() throws {
        let many = (0..<300).map { IPAddress(bytes: [10, 0, UInt8($0 >> 8), UInt8($0 & 0xFF)])! }
        let bytes = Self.advert(.v3, addresses: many).encode(addresses: Self.v4)
        #expect(bytes[3] == 255)
        #expect(try Advertisement.decode(bytes, addresses: Self.v4, ttl: 255).addresses == Array(many.prefix(255)))
    }

    @Test("no addresses: written with count 0, which receivers refuse")
    func noAddresses() {
        let bytes = Self.advert(.v2, addresses: []).encode(addresses: Self.v4)
        #expect(bytes.count == 16)
        #expect(bytes[3] == 0)
        #expect(throws: AdvertisementError.noAddresses) { try Advertisement.decode(bytes, addresses: Self.v4, ttl: 255) }
    }

    @Test("the v3 checksum, computed independently for each family and rule")
    func checksums() {
        let v3 = Self.advert(.v3)
        let withPseudo = v3.encode(addresses: Self.v4)
        #expect(internetChecksum([192, 0, 2, 1, 224, 0, 0, 18, 0, 112, 0, 12] + withPseudo) == 0)
        let asV2 = v3.encode(addresses: Self.v4, checksum: .asVersion2)
        #expect(internetChecksum(asV2) == 0)
        #expect(withPseudo[..<6] == asV2[..<6] && withPseudo[8...] == asV2[8...])
        let v6 = Self.advert(.v3, addresses: [ip("fd00::100")]).encode(addresses: Self.v6)
        #expect(internetChecksum(Self.v6.source.bytes + Self.v6.destination.bytes + [0, 0, 0, 24, 0, 0, 0, 112] + v6) == 0)
    }
}
