import Testing
@testable import LinuxSupport

@Suite struct NeighbourFramesTests {
    let mac: [UInt8] = [0x02, 0x11, 0x22, 0x33, 0x44, 0x55]

    @Test func gratuitousARPIsKeepalivedsRequest() {
        let frame = NeighbourFrames.gratuitousARP(mac: mac, address: [10, 213, 201, 100])
        let expected: [UInt8] = [
            0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,  // Ethernet destination: broadcast
            0x02, 0x11, 0x22, 0x33, 0x44, 0x55,  // Ethernet source: the interface
            0x08, 0x06,  // EtherType ARP
            0x00, 0x01,  // hardware type Ethernet
            0x08, 0x00,  // protocol type IPv4
            6, 4,  // address lengths
            0x00, 0x01,  // operation: request
            0x02, 0x11, 0x22, 0x33, 0x44, 0x55,  // sender hardware address
            10, 213, 201, 100,  // sender IP: the VIP
            0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,  // target hardware address: broadcast, as keepalived
            10, 213, 201, 100,  // target IP: the VIP again
        ]
        #expect(frame == expected)
        #expect(frame.count == 42)
    }

    @Test func unsolicitedAdvertWithoutRouterFlag() {
        let target = IPBytes.parse("fd00:213:201::100")!
        let message = NeighbourFrames.unsolicitedNeighbourAdvertisement(address: target, mac: mac, router: false)
        let expected: [UInt8] = [136, 0, 0, 0]  // type, code, checksum left to the kernel
            + [0x20, 0, 0, 0]  // override only: not solicited, not a router
            + target
            + [2, 1, 0x02, 0x11, 0x22, 0x33, 0x44, 0x55]  // target link-layer address option
        #expect(message == expected)
        #expect(message.count == 32)
    }

    @Test func routerFlagIsTheTopBit() {
        let target = IPBytes.parse("fd00::1")!
        let message = NeighbourFrames.unsolicitedNeighbourAdvertisement(address: target, mac: mac, router: true)
        #expect(message[4] == 0xA0)
        #expect(message[5...7] == [0, 0, 0])
    }
}
