import Foundation
import Glibc
import Testing
@testable import LinuxSupport

/// Tests against the real kernel, in namespaces the tests make and delete themselves. Root only.
@Suite(.enabled(if: geteuid() == 0, "needs root for network namespaces and raw sockets"))
struct NamespaceTests {
    let vip: [UInt8] = [10, 213, 201, 100]
    let vip6 = IPBytes.parse("fd00:213:201::100")!

    @Test func interfaceLookupInsideANamespace() async throws {
        let pair = try NamespacePair()
        defer { pair.down() }
        let found = try await NamespacePair.run(in: pair.a) { try NetworkInterface.named(NamespacePair.interface) }
        #expect(found.isUp && found.isRunning && found.hasCarrier)
        #expect(found.hardwareType == 1 && found.hardwareAddress.count == 6)
        #expect(try pair.ip(pair.a, "link", "show", "dev", "vr0").contains("link/ether \(macText(found.hardwareAddress))"))
        #expect(found.primaryIPv4 == NamespacePair.addressA)
        #expect(found.ipv6LinkLocal.map(IPBytes.isIPv6LinkLocal) == true)
        #expect(found.addresses.contains(NetworkInterface.Address(address: NamespacePair.addressA, prefixLength: 24)))
        #expect(found.addresses.contains(NetworkInterface.Address(address: NamespacePair.address6A, prefixLength: 64)))
        #expect(!found.isIPv6Forwarding())

        // A VIP in the same subnet is a secondary: the primary stays first.
        try pair.ip(pair.a, "addr", "add", "10.213.201.100/24", "dev", "vr0")
        let again = try await NamespacePair.run(in: pair.a) { try NetworkInterface.named(NamespacePair.interface) }
        #expect(again.primaryIPv4 == NamespacePair.addressA)
        #expect(again.addresses.contains(NetworkInterface.Address(address: vip, prefixLength: 24)))

        await #expect(throws: NetError.noInterface("eth7")) {
            try await NamespacePair.run(in: pair.a) { try NetworkInterface.named("eth7") }
        }
    }

    @Test func addressTableAddsAndRemovesIPv4() async throws {
        let pair = try NamespacePair()
        defer { pair.down() }
        let (table, index) = try await NamespacePair.run(in: pair.a) {
            (try AddressTable(), try NetworkInterface.named(NamespacePair.interface).index)
        }
        defer { table.close() }
        let show = { try pair.ip(pair.a, "-o", "-4", "addr", "show", "dev", "vr0") }

        #expect(try table.add(vip, prefixLength: 24, interfaceIndex: index, broadcast: [10, 213, 201, 255], label: "vr0:vip") == .added)
        let line = try show().split(separator: "\n").first { $0.contains("10.213.201.100/24") }
        #expect(line?.contains("brd 10.213.201.255") == true)
        #expect(line?.contains("vr0:vip") == true)
        #expect(try table.add(vip, prefixLength: 24, interfaceIndex: index) == .alreadyPresent)

        #expect(try table.remove(vip, prefixLength: 24, interfaceIndex: index) == .removed)
        #expect(try !show().contains("10.213.201.100"))
        #expect(try show().contains("10.213.201.1/24"))
        #expect(try table.remove(vip, prefixLength: 24, interfaceIndex: index) == .alreadyAbsent)
    }

    @Test func addressTableAddsAndRemovesIPv6() async throws {
        let pair = try NamespacePair()
        defer { pair.down() }
        let (table, index) = try await NamespacePair.run(in: pair.a) {
            (try AddressTable(), try NetworkInterface.named(NamespacePair.interface).index)
        }
        defer { table.close() }
        let show = { try pair.ip(pair.a, "-o", "-6", "addr", "show", "dev", "vr0") }

        #expect(try table.add(vip6, prefixLength: 64, interfaceIndex: index, options: [.noDAD]) == .added)
        let line = try show().split(separator: "\n").first { $0.contains("fd00:213:201::100/64") }
        #expect(line != nil)
        #expect(line?.contains("tentative") == false)
        #expect(line?.contains("nodad") == true)
        #expect(try table.add(vip6, prefixLength: 64, interfaceIndex: index) == .alreadyPresent)
        #expect(try table.remove(vip6, prefixLength: 64, interfaceIndex: index) == .removed)
        #expect(try !show().contains("fd00:213:201::100"))
        #expect(try table.remove(vip6, prefixLength: 64, interfaceIndex: index) == .alreadyAbsent)
    }

    @Test func addressTableReportsTheKernelsError() async throws {
        let pair = try NamespacePair()
        defer { pair.down() }
        let table = try await NamespacePair.run(in: pair.a) { try AddressTable() }
        do {
            try table.add(vip, prefixLength: 24, interfaceIndex: 9999)
            Issue.record("adding to a missing interface succeeded")
        } catch {
            #expect(error.errno == ENODEV)
            #expect(error.description.hasPrefix("cannot add 10.213.201.100/24 on interface 9999: No such device"))
        }
        table.close()
        #expect(throws: NetError.self) { try table.remove(vip, prefixLength: 24, interfaceIndex: 1) }
    }

    @Test func gratuitousARPReachesThePeerAndMovesItsEntry() async throws {
        let pair = try NamespacePair()
        defer { pair.down() }
        // The peer knows the VIP at some other MAC, as it would after a failover.
        try pair.ip(pair.b, "neigh", "replace", "10.213.201.100", "lladdr", "02:00:00:00:00:99", "dev", "vr0", "nud", "stale")
        let capture = try await NamespacePair.run(in: pair.b) {
            try FrameCapture(interfaceIndex: NetworkInterface.named(NamespacePair.interface).index, etherType: 0x0806)
        }
        let (announcer, mac) = try await NamespacePair.run(in: pair.a) {
            let interface = try NetworkInterface.named(NamespacePair.interface)
            try AddressTable().add([10, 213, 201, 100], prefixLength: 24, interfaceIndex: interface.index)
            return (try NeighbourAnnouncer(interface: interface), interface.hardwareAddress)
        }
        defer { announcer.close() }

        #expect(try announcer.sendGratuitousARP(for: vip))
        let vip = self.vip
        let frame = try await NamespacePair.blocking {
            try capture.first(within: .seconds(5)) { $0.count >= 42 && Array($0[28..<32]) == vip }
        }
        #expect(frame.map { Array($0.prefix(42)) } == NeighbourFrames.gratuitousARP(mac: mac, address: vip))
        let updated = poll(timeout: .seconds(5)) {
            ((try? pair.ip(pair.b, "neigh", "show", "10.213.201.100", "dev", "vr0")) ?? "").contains(macText(mac))
        }
        #expect(updated, "peer's neighbour entry still \(String(describing: try? pair.ip(pair.b, "neigh", "show", "dev", "vr0")))")
    }

    @Test func neighbourAdvertReachesThePeerAndMovesItsEntry() async throws {
        let pair = try NamespacePair()
        defer { pair.down() }
        try pair.ip(pair.b, "neigh", "replace", "fd00:213:201::100", "lladdr", "02:00:00:00:00:99", "dev", "vr0", "nud", "stale")
        let capture = try await NamespacePair.run(in: pair.b) {
            try FrameCapture(interfaceIndex: NetworkInterface.named(NamespacePair.interface).index, etherType: 0x86DD)
        }
        let vip6 = self.vip6
        let (announcer, mac) = try await NamespacePair.run(in: pair.a) {
            let interface = try NetworkInterface.named(NamespacePair.interface)
            try AddressTable().add(vip6, prefixLength: 64, interfaceIndex: interface.index, options: [.noDAD])
            return (try NeighbourAnnouncer(interface: interface), interface.hardwareAddress)
        }
        defer { announcer.close() }
        #expect(!announcer.isRouter)

        try announcer.sendNeighbourAdvertisement(for: vip6)
        // Ethernet (14) + IPv6 (40) + ICMPv6 type 136 whose target is the VIP.
        let frame = try await NamespacePair.blocking {
            try capture.first(within: .seconds(5)) { $0.count >= 86 && $0[20] == 58 && $0[54] == 136 && Array($0[62..<78]) == vip6 }
        }
        let captured = try #require(frame)
        #expect(Array(captured[0..<6]) == [0x33, 0x33, 0, 0, 0, 1])  // all-nodes multicast MAC
        #expect(Array(captured[6..<12]) == mac)
        #expect(captured[21] == 255)  // hop limit
        #expect(Array(captured[22..<38]) == vip6)  // source: the VIP, as keepalived sends it
        #expect(Array(captured[38..<54]) == IPBytes.allNodes)
        let icmp = Array(captured[54..<86])
        var expected = NeighbourFrames.unsolicitedNeighbourAdvertisement(address: vip6, mac: mac, router: false)
        expected[2] = icmp[2]
        expected[3] = icmp[3]
        #expect(icmp == expected)
        #expect(ipv6Checksum(source: vip6, destination: IPBytes.allNodes, nextHeader: 58, payload: icmp) == 0)

        let updated = poll(timeout: .seconds(5)) {
            ((try? pair.ip(pair.b, "neigh", "show", "fd00:213:201::100", "dev", "vr0")) ?? "").contains(macText(mac))
        }
        #expect(updated, "peer's neighbour entry still \(String(describing: try? pair.ip(pair.b, "-6", "neigh", "show", "dev", "vr0")))")
    }
}
