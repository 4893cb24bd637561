import Membership
import NIOCore
import RacimoCore
import Testing

/// How the membership codec treats values at the edges of its layout (docs/protocol.md,
/// "Membership messages"): address literals, fixed-point fractions, lists and strings too long.
@Suite("Membership message wire format: values at the edges")
struct MembershipMessageWireEdgeTests {
    typealias Wire = MembershipMessageWireTests

    /// Sends `host` as the one address of a ping-req and returns the host that comes back.
    static func hostAfterRoundTrip(_ host: String) throws -> (family: UInt8, host: String) {
        let message = MembershipMessage.pingRequest(
            sequence: 1, target: Wire.name("t"), addresses: [Endpoint(host: host, port: 9401)], gossip: [])
        let bytes = Wire.encode(message)
        guard case .pingRequest(_, _, let addresses, _) = try Wire.decode(bytes) else {
            Issue.record("not a ping-req")
            return (0, "")
        }
        // kind 1 ‖ sequence 4 ‖ name 2 ‖ address count 1, then the family byte.
        return (bytes[8], addresses[0].host)
    }

    @Test(
        "IPv6 literals travel as 16 bytes and come back in RFC 5952 form",
        arguments: [
            ("fd00::1", "fd00::1"),
            ("FD00:0:0:0:0:0:0:1", "fd00::1"),
            ("2001:0db8:0000:0000:0000:ff00:0042:8329", "2001:db8::ff00:42:8329"),
            ("::", "::"),
            ("::1", "::1"),
            ("1::", "1::"),
            ("1:0:0:2:0:0:0:3", "1:0:0:2::3"),  // the longest run of zeros
            ("1:0:0:2:0:0:3:4", "1::2:0:0:3:4"),  // the first of two equal runs
            ("1:0:2:3:4:5:6:7", "1:0:2:3:4:5:6:7"),  // never "::" for a single zero group
            ("1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0"),
            ("::FFFF:c000:0201", "::ffff:192.0.2.1"),  // IPv4-mapped: mixed notation
            ("::ffff:192.0.2.1", "::ffff:192.0.2.1"),
            ("64:ff9b::192.0.2.1", "64:ff9b::c000:201"),  // other embeddings: plain hex
            ("ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"),
        ])
    func ipv6(text: String, canonical: String) throws {
        let (family, host) = try Self.hostAfterRoundTrip(text)
        #expect(family == 6)
        #expect(host == canonical)
    }

    @Test(
        "dotted quads travel as 4 bytes; anything else, however close, as an unchanged hostname",
        arguments: [
            ("10.213.0.1", UInt8(4)), ("0.0.0.0", 4), ("255.255.255.255", 4),
            ("010.0.0.1", 0), ("256.0.0.1", 0), ("1.2.3", 0), ("1.2.3.4.5", 0), ("1..2.3", 0),
            ("fe80::1%eth0", 0), (":::", 0), ("1::2::3", 0), ("1:2:3:4:5:6:7:8:9", 0), ("12345::", 0),
            ("1:2:3:4:5:6:7:1.2.3.4", 0), ("::1.2.3", 0), ("1:", 0), (":1", 0), ("node3", 0), ("g::1", 0),
        ])
    func hostFamilies(text: String, expectedFamily: UInt8) throws {
        let (family, host) = try Self.hostAfterRoundTrip(text)
        #expect(family == expectedFamily)
        #expect(host == text)
    }

    static func infoAfterRoundTrip(_ info: NodeInfo) throws -> NodeInfo {
        let decoded = try Wire.decode(Wire.encode(.gossip([.info(Wire.name("h1"), info)])))
        guard case .gossip(let items) = decoded, case .info(_, let back) = items.first else {
            Issue.record("not an info item")
            return info
        }
        return back
    }

    @Test("fractions off the grid are rounded to the nearest step and clamped to the field")
    func fixedPoint() throws {
        let back = try Self.infoAfterRoundTrip(
            NodeInfo(loadAverage: 2.0004, runQueueLoad: 2.0006, cpus: 70000, speed: -5, cpuUtilization: 0.12344))
        #expect(back.loadAverage == 2.0)
        #expect(back.runQueueLoad == 2.001)
        #expect(back.cpuUtilization == 0.1234)
        #expect(back.cpus == 65535)
        #expect(back.speed == 0)
        let extremes = try Self.infoAfterRoundTrip(
            NodeInfo(loadAverage: -1, runQueueLoad: 1e12, cpuUtilization: 1.5))
        #expect(extremes.loadAverage == 0)
        #expect(extremes.runQueueLoad == 4294967.295)
        #expect(extremes.cpuUtilization == 1)
        let nan = try Self.infoAfterRoundTrip(NodeInfo(loadAverage: .nan, cpuUtilization: -.infinity))
        #expect(nan.loadAverage == 0)
        #expect(nan.cpuUtilization == 0)
    }

    @Test("every value on the fixed-point grid comes back exactly")
    func gridIsExact() throws {
        var random = SeededRandom(seed: 7)
        for _ in 0..<2000 {
            let load = Double(UInt32.random(in: 0...UInt32.max, using: &random)) / 1000
            let utilization = Double(UInt16.random(in: 0...10000, using: &random)) / 10000
            let info = NodeInfo(loadAverage: load, runQueueLoad: load, cpuUtilization: utilization)
            #expect(try Self.infoAfterRoundTrip(info) == info)
        }
    }

    @Test("the writer cuts lists and strings to the wire's bounds, and the result parses")
    func writerCuts() throws {
        let many = (0..<300).map { Gossip.left(Wire.name("n\($0)"), Incarnation(UInt64($0))) }
        let addresses = (1...10).map { Endpoint(host: "10.0.0.\($0)", port: 9401) }
        let longVersion = String(repeating: "é", count: 200)  // 400 bytes
        let info = NodeInfo(roles: (0..<40).map { "role\($0)" }, softwareVersion: longVersion)
        let message = MembershipMessage.pingRequest(
            sequence: 9, target: Wire.name("t"), addresses: addresses, gossip: many + [.info(Wire.name("t"), info)])
        guard case .pingRequest(_, _, let backAddresses, let backGossip) = try Wire.decode(Wire.encode(message)) else {
            Issue.record("not a ping-req")
            return
        }
        #expect(backAddresses == Array(addresses.prefix(8)))
        #expect(backGossip == Array(many.prefix(255)))

        let cut = try Self.infoAfterRoundTrip(info)
        #expect(cut.roles == Array(info.roles.prefix(32)))
        // 255 bytes would split the 128th "é": the cut backs off to 254 bytes, 127 whole ones.
        #expect(cut.softwareVersion == String(repeating: "é", count: 127))
    }

    @Test("control flags this version does not know are not written")
    func unknownFlagsDropped() throws {
        let back = try Self.infoAfterRoundTrip(NodeInfo(flags: ControlFlags(rawValue: 0xF5)))
        #expect(back.flags == [.block, .stay, .expel, .bring])
    }
}
