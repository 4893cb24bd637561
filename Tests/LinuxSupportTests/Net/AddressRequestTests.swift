import Testing
@testable import LinuxSupport

// Little-endian host assumed for the integers (see NetlinkMessageTests).
@Suite struct AddressRequestTests {
    @Test func ipv4AddWithBroadcastAndLabel() throws {
        let message = try AddressTable.addRequest(
            [10, 213, 201, 100], prefixLength: 24, interfaceIndex: 7, broadcast: [10, 213, 201, 255],
            label: "vr0:vip", sequence: 42)
        let expected: [UInt8] = [
            60, 0, 0, 0, 20, 0, 0x05, 0x06, 42, 0, 0, 0, 0, 0, 0, 0,  // nlmsghdr: RTM_NEWADDR, REQUEST|ACK|EXCL|CREATE
            2, 24, 0, 0, 7, 0, 0, 0,  // ifaddrmsg: AF_INET, /24, flags 0, scope universe, index 7
            8, 0, 2, 0, 10, 213, 201, 100,  // IFA_LOCAL
            8, 0, 1, 0, 10, 213, 201, 100,  // IFA_ADDRESS
            8, 0, 4, 0, 10, 213, 201, 255,  // IFA_BROADCAST
            12, 0, 3, 0, 0x76, 0x72, 0x30, 0x3A, 0x76, 0x69, 0x70, 0,  // IFA_LABEL "vr0:vip\0"
        ]
        #expect(message.encoded() == expected)
    }

    @Test func ipv6AddWithNoDAD() throws {
        let address = IPBytes.parse("fd00:213:201::100")!
        let message = try AddressTable.addRequest(address, prefixLength: 64, interfaceIndex: 3, options: [.noDAD], sequence: 1)
        var expected: [UInt8] = [72, 0, 0, 0, 20, 0, 0x05, 0x06, 1, 0, 0, 0, 0, 0, 0, 0]
        expected += [10, 64, 2, 0, 3, 0, 0, 0]  // AF_INET6, /64, IFA_F_NODAD in ifa_flags too
        expected += [20, 0, 2, 0] + address
        expected += [20, 0, 1, 0] + address
        expected += [8, 0, 8, 0, 2, 0, 0, 0]  // IFA_FLAGS = IFA_F_NODAD
        #expect(message.encoded() == expected)
    }

    @Test func labelIsPaddedToFourBytes() throws {
        let message = try AddressTable.addRequest([192, 0, 2, 1], prefixLength: 32, interfaceIndex: 1, label: "lo:a", sequence: 1)
        // "lo:a\0" is 5 bytes: rta_len 9, then 3 bytes of padding.
        #expect(Array(message.payload.suffix(12)) == [9, 0, 3, 0, 0x6C, 0x6F, 0x3A, 0x61, 0, 0, 0, 0])
        #expect(message.encoded().count % 4 == 0)
    }

    @Test func deprecatedSendsCacheInfoAndNoFlag() throws {
        let address = IPBytes.parse("fd00:213:201::7")!
        let message = try AddressTable.addRequest(
            address, prefixLength: 128, interfaceIndex: 2, options: [.noDAD, .deprecated], sequence: 1)
        let attributes = try NetlinkMessage.attributes(in: message.payload[8...])
        #expect(attributes.map(\.type) == [2, 1, 8, 6])
        #expect(attributes[2].value == [2, 0, 0, 0])
        #expect(attributes[3].value == [0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0])
    }

    @Test func removeRequest() throws {
        let message = try AddressTable.removeRequest([10, 213, 201, 100], prefixLength: 24, interfaceIndex: 7, sequence: 43)
        let expected: [UInt8] = [
            40, 0, 0, 0, 21, 0, 0x05, 0x00, 43, 0, 0, 0, 0, 0, 0, 0,  // RTM_DELADDR, REQUEST|ACK
            2, 24, 0, 0, 7, 0, 0, 0,
            8, 0, 2, 0, 10, 213, 201, 100,
            8, 0, 1, 0, 10, 213, 201, 100,
        ]
        #expect(message.encoded() == expected)
    }

    @Test func refusesWhatCannotWork() {
        let v6 = IPBytes.parse("fd00::1")!
        #expect(throws: NetError.invalidArgument("an address must be 4 or 16 bytes, not 5")) {
            try AddressTable.addRequest([1, 2, 3, 4, 5], prefixLength: 8, interfaceIndex: 1, sequence: 1)
        }
        #expect(throws: NetError.invalidArgument("prefix length 33 is not in 0...32 for 10.0.0.1")) {
            try AddressTable.addRequest([10, 0, 0, 1], prefixLength: 33, interfaceIndex: 1, sequence: 1)
        }
        #expect(throws: NetError.invalidArgument("IPv6 addresses have no labels")) {
            try AddressTable.addRequest(v6, prefixLength: 64, interfaceIndex: 1, label: "x", sequence: 1)
        }
        #expect(throws: NetError.self) {
            try AddressTable.addRequest(v6, prefixLength: 64, interfaceIndex: 1, broadcast: [1, 2, 3, 4], sequence: 1)
        }
        #expect(throws: NetError.self) {
            try AddressTable.addRequest([10, 0, 0, 1], prefixLength: 8, interfaceIndex: 1, label: "a-very-long-label", sequence: 1)
        }
    }
}
