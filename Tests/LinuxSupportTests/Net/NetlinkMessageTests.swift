import Testing
@testable import LinuxSupport

// Byte-for-byte expectations are written for a little-endian host (x86-64, arm64), where
// netlink's host-order integers put the low byte first.
@Suite struct NetlinkMessageTests {
    @Test func alignsToFourBytes() {
        #expect([0, 1, 2, 3, 4, 5, 8, 13].map(NetlinkMessage.align) == [0, 4, 4, 4, 4, 8, 8, 16])
    }

    @Test func attributeLengthCountsHeaderAndValueButNotPadding() {
        var message = NetlinkMessage(type: 20, flags: 1)
        message.appendAttribute(3, [0x61, 0x62, 0x00])  // "ab\0": 3 bytes, length 7, padded to 8
        #expect(message.payload == [7, 0, 3, 0, 0x61, 0x62, 0x00, 0])
        message.appendAttribute(1, [1, 2, 3, 4])
        #expect(message.payload.count == 16)
        #expect(Array(message.payload[8...]) == [8, 0, 1, 0, 1, 2, 3, 4])
    }

    @Test func headerIsPaddedLikeAnAttribute() {
        var message = NetlinkMessage(type: 20, flags: 1)
        message.appendHeader([1, 2, 3, 4, 5])
        #expect(message.payload == [1, 2, 3, 4, 5, 0, 0, 0])
    }

    @Test func encodesHeaderInHostOrder() {
        let message = NetlinkMessage(type: 21, flags: 0x0005, sequence: 0x01020304, portID: 7, payload: [9, 9, 9, 9])
        #expect(message.encoded() == [20, 0, 0, 0, 21, 0, 5, 0, 4, 3, 2, 1, 7, 0, 0, 0, 9, 9, 9, 9])
    }

    @Test func parsesSeveralMessagesAndAnUnpaddedLastOne() throws {
        // A 22-byte message (padded to 24), then a 17-byte one whose padding is missing.
        let first = NetlinkMessage(type: 2, flags: 0, sequence: 1, payload: [1, 2, 3, 4, 5, 6]).encoded()
        let second = NetlinkMessage(type: 3, flags: 2, sequence: 2, payload: [7]).encoded()
        let datagram = first + [0, 0] + second
        let messages = try NetlinkMessage.parse(datagram)
        #expect(messages.count == 2)
        #expect(messages[0] == NetlinkMessage(type: 2, flags: 0, sequence: 1, payload: [1, 2, 3, 4, 5, 6]))
        #expect(messages[1] == NetlinkMessage(type: 3, flags: 2, sequence: 2, payload: [7]))
    }

    @Test func refusesALengthPastTheEnd() {
        var bytes = NetlinkMessage(type: 2, flags: 0, payload: [0, 0, 0, 0]).encoded()
        bytes[0] = 40
        #expect(throws: NetError.self) { try NetlinkMessage.parse(bytes) }
        #expect(throws: NetError.self) { try NetlinkMessage.parse([8, 0, 0, 0, 2, 0, 0, 0]) }
    }

    @Test func parsesAttributesAndClearsTheNestedBit() throws {
        let bytes: [UInt8] = [5, 0, 0x03, 0x80, 0x2A, 0, 0, 0] + [8, 0, 2, 0, 10, 0, 0, 1]
        let attributes = try NetlinkMessage.attributes(in: bytes[...])
        #expect(attributes == [
            NetlinkMessage.Attribute(type: 3, value: [0x2A]),
            NetlinkMessage.Attribute(type: 2, value: [10, 0, 0, 1]),
        ])
        #expect(throws: NetError.self) { try NetlinkMessage.attributes(in: [12, 0, 1, 0, 0, 0][...]) }
    }

    @Test func readsAnAck() {
        let ack = NetlinkMessage(type: 2, flags: 0x100, sequence: 5, payload: [0, 0, 0, 0] + [UInt8](repeating: 0, count: 16))
        #expect(ack.errorReply?.code == 0)
        #expect(ack.errorReply?.message == nil)
        #expect(NetlinkMessage(type: 3, flags: 0, payload: [0, 0, 0, 0]).errorReply == nil)
    }

    @Test func readsAnErrorWithExtendedAckText() {
        // -17 (EEXIST), the capped request header, then NLMSGERR_ATTR_MSG "Address exists".
        let text = Array("Address exists".utf8) + [0]
        var message = NetlinkMessage(type: 2, flags: 0x100 | 0x200, sequence: 9)
        message.payload = hostOrder(Int32(-17)) + NetlinkMessage(type: 20, flags: 0x605, sequence: 9, payload: [1, 2, 3, 4]).encoded().prefix(16)
        message.appendAttribute(1, text)
        let reply = message.errorReply
        #expect(reply?.code == -17)
        #expect(reply?.message == "Address exists")
    }

    @Test func skipsTheEchoedRequestWhenNotCapped() {
        // Not capped: the whole 24-byte request is echoed before the attributes.
        let request = NetlinkMessage(type: 20, flags: 0x605, sequence: 3, payload: [1, 2, 3, 4, 5, 6, 7, 8]).encoded()
        var message = NetlinkMessage(type: 2, flags: 0x200, sequence: 3)
        message.payload = hostOrder(Int32(-19)) + request
        message.appendAttribute(1, Array("no device".utf8) + [0])
        #expect(message.errorReply?.code == -19)
        #expect(message.errorReply?.message == "no device")
    }
}
