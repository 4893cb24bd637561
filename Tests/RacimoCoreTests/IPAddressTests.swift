import RacimoCore
import Testing

/// IPAddress text in and out (RFC 4291 §2.2 in, RFC 5952 out), order and multicast.
@Suite("IPAddress")
struct IPAddressTests {
    @Test(
        "IPv6 text parses and prints in RFC 5952 form",
        arguments: [
            ("fd00::1", "fd00::1"),
            ("FD00:0:0:0:0:0:0:1", "fd00::1"),
            ("2001:0db8:0000:0000:0000:ff00:0042:8329", "2001:db8::ff00:42:8329"),
            ("::", "::"),
            ("::1", "::1"),
            ("1::", "1::"),
            ("0:0:0:0:0:0:0:0", "::"),
            ("1:0:0:2:0:0:0:3", "1:0:0:2::3"),  // the longest run of zeros
            ("1:0:0:2:0:0:3:4", "1::2:0:0:3:4"),  // the first of two equal runs
            ("1:0:2:3:4:5:6:7", "1:0:2:3:4:5:6:7"),  // never "::" for a single zero group
            ("1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0"),
            ("::2:3:4:5:6:7:8", "0:2:3:4:5:6:7:8"),
            ("fe80::aff:fed5:c801", "fe80::aff:fed5:c801"),
            ("ff02::12", "ff02::12"),
            ("::FFFF:c000:0201", "::ffff:192.0.2.1"),  // IPv4-mapped: mixed notation
            ("::ffff:192.0.2.1", "::ffff:192.0.2.1"),
            ("::192.0.2.1", "::c000:201"),  // IPv4-compatible (deprecated): plain hex
            ("64:ff9b::192.0.2.1", "64:ff9b::c000:201"),  // other embeddings: plain hex
            ("1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:102:304"),
            ("ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"),
        ])
    func ipv6(text: String, canonical: String) throws {
        let address = try #require(IPAddress(parsing: text))
        #expect(address.family == .v6)
        #expect(address.bytes.count == 16)
        #expect(address.description == canonical)
        #expect(IPAddress(parsing: canonical) == address)
    }

    @Test("IPv4 dotted quads parse and print unchanged",
          arguments: ["10.213.200.1", "0.0.0.0", "255.255.255.255", "224.0.0.18", "1.2.3.4"])
    func ipv4(text: String) throws {
        let address = try #require(IPAddress(parsing: text))
        #expect(address.family == .v4)
        #expect(address.description == text)
    }

    @Test(
        "anything else, however close, is not an address",
        arguments: [
            "", "1", "010.0.0.1", "1.2.3.04", "256.0.0.1", "1.2.3", "1.2.3.4.5", "1..2.3", ".1.2.3", "1.2.3.",
            "1.2.3.4 ", " 1.2.3.4", "+1.2.3.4", "1.2.3.-4", "0x1.2.3.4",
            "fe80::1%eth0", ":::", "1::2::3", "1:2:3:4:5:6:7:8:9", "12345::", "1:2:3:4:5:6:7:1.2.3.4",
            "::1.2.3", "1.2.3.4::", "::1.2.3.4:5", "1:", ":1", "1:2:3:4:5:6:7:8:", ":1:2:3:4:5:6:7:8",
            "1:2:3:4:5:6:7", "1::2:3:4:5:6:7:8", "g::1", "::ffff:01.2.3.4", "[::1]", "1:::2", "::1:",
            "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7:8",
        ])
    func invalid(text: String) {
        #expect(IPAddress(parsing: text) == nil)
    }

    @Test("bytes: 4 or 16 of them, nothing else")
    func bytes() {
        #expect(IPAddress(bytes: [192, 0, 2, 1])?.description == "192.0.2.1")
        #expect(IPAddress(bytes: Array(repeating: 0, count: 15) + [1])?.description == "::1")
        for count in [0, 1, 3, 5, 8, 15, 17, 32] {
            #expect(IPAddress(bytes: Array(repeating: 1, count: count)) == nil)
        }
    }

    @Test("order is unsigned, network byte order, IPv4 before IPv6")
    func order() throws {
        #expect(try #require(IPAddress(parsing: "10.0.0.2")) < IPAddress(parsing: "10.0.0.10")!)
        #expect(try #require(IPAddress(parsing: "127.255.255.255")) < IPAddress(parsing: "128.0.0.0")!)  // not signed
        #expect(try #require(IPAddress(parsing: "9.255.255.255")) < IPAddress(parsing: "10.0.0.0")!)
        #expect(try #require(IPAddress(parsing: "fe80::2")) < IPAddress(parsing: "fe80::1:0")!)
        #expect(try #require(IPAddress(parsing: "7fff::")) < IPAddress(parsing: "8000::")!)
        #expect(try #require(IPAddress(parsing: "255.255.255.255")) < IPAddress(parsing: "::")!)
        let sorted = ["10.0.0.10", "10.0.0.2", "192.0.2.1", "10.0.0.1"].compactMap(IPAddress.init(parsing:)).sorted()
        #expect(sorted.map(\.description) == ["10.0.0.1", "10.0.0.2", "10.0.0.10", "192.0.2.1"])
        #expect(sorted.max()?.description == "192.0.2.1")  // the VRRP tie-break winner
    }

    @Test("multicast: 224.0.0.0/4 and ff00::/8",
          arguments: [("224.0.0.18", true), ("239.255.255.255", true), ("223.255.255.255", false),
                      ("240.0.0.0", false), ("10.0.0.1", false), ("ff02::12", true), ("ff00::", true),
                      ("fe80::1", false), ("::ffff:224.0.0.18", false)])
    func multicast(text: String, expected: Bool) throws {
        #expect(try #require(IPAddress(parsing: text)).isMulticast == expected)
    }

    @Test("equal addresses hash alike; the text they came from does not matter")
    func hashing() {
        let set: Set = [IPAddress(parsing: "FD00::1")!, IPAddress(parsing: "fd00:0::0:1")!, IPAddress(parsing: "fd00::1")!]
        #expect(set.count == 1)
    }

    @Test("the IPv4 address inside an IPv4-mapped one; none inside any other",
          arguments: [("::ffff:192.0.2.7", "192.0.2.7"), ("::ffff:0.0.0.0", "0.0.0.0"), ("::192.0.2.7", nil),
                      ("::fffe:192.0.2.7", nil), ("192.0.2.7", nil), ("2001:db8::ffff:c000:207", nil)])
    func unmapped(text: String, expected: String?) throws {
        #expect(try #require(IPAddress(parsing: text)).unmappedIPv4?.description == expected)
    }
}
