import NIOCore
import RacimoCore

extension MembershipMessage {
    /// Parses the payload of a membership frame (type 0x02), consuming all of it; on error the
    /// buffer is left as it was.
    ///
    /// Throws `FrameRejection.malformed` with the reason (the frame then counts as `malformed`)
    /// for an empty or truncated payload, bytes left over after the message, an unknown message
    /// kind, gossip tag, address family, member status or flag bit, a name that is not a valid
    /// `NodeName`, a hostname that is empty or not printable ASCII, port 0, more than 8
    /// addresses or 32 roles, a CPU utilisation over 10000 ten-thousandths, invalid UTF-8 in a
    /// role or version, or a count that the remaining bytes cannot hold. Never traps, and never
    /// reserves memory for a count before checking the bytes left can hold it.
    public init(parsing buffer: inout ByteBuffer) throws(FrameRejection) {
        var reader = WireReader(buffer.withUnsafeReadableBytes { [UInt8]($0) })
        try self.init(parsing: &reader)
        guard reader.remaining == 0 else { throw .malformed("trailing bytes: \(reader.remaining)") }
        buffer.moveReaderIndex(forwardBy: buffer.readableBytes)
    }

    private init(parsing reader: inout WireReader) throws(FrameRejection) {
        guard reader.remaining > 0 else { throw .malformed("empty payload") }
        let kindByte = try reader.readUInt8("message kind")
        guard let kind = MembershipMessageKind(rawValue: kindByte) else {
            throw .malformed("unknown message kind \(kindByte)")
        }
        switch kind {
        case .ping:
            let sequence = try reader.readUInt32("sequence")
            let target = try reader.readNodeName()
            self = .ping(sequence: sequence, target: target, gossip: try reader.readGossipList())
        case .ack:
            let sequence = try reader.readUInt32("sequence")
            self = .ack(sequence: sequence, gossip: try reader.readGossipList())
        case .pingRequest:
            let sequence = try reader.readUInt32("sequence")
            let target = try reader.readNodeName()
            let addresses = try reader.readAddresses()
            self = .pingRequest(
                sequence: sequence, target: target, addresses: addresses, gossip: try reader.readGossipList())
        case .nack:
            let sequence = try reader.readUInt32("sequence")
            self = .nack(sequence: sequence, gossip: try reader.readGossipList())
        case .gossip:
            self = .gossip(try reader.readGossipList())
        case .pushPull:
            let flags = try reader.readUInt8("push-pull flags")
            guard flags & ~Self.pushPullReplyFlag == 0 else {
                throw .malformed("unknown push-pull flags 0x\(hexByte(flags))")
            }
            let count = try reader.readCount(
                "member count", wide: true, limit: MemberSnapshot.maxWireMembers,
                minimumItemLength: MemberSnapshot.minimumWireLength)
            var members: [MemberSnapshot] = []
            members.reserveCapacity(count)
            for _ in 0..<count { members.append(try MemberSnapshot(parsing: &reader)) }
            self = .pushPull(members: members, isReply: flags & Self.pushPullReplyFlag != 0)
        }
    }
}
