import NIOCore
import RacimoCore

/// The first byte of a membership payload: which message follows (docs/protocol.md).
enum MembershipMessageKind: UInt8 {
    case ping = 1
    case ack = 2
    case pingRequest = 3
    case nack = 4
    case gossip = 5
    case pushPull = 6
}

extension MembershipMessage {
    /// Bit 0 of a push-pull's flags byte: the message answers a push-pull.
    static let pushPullReplyFlag: UInt8 = 0x01

    /// Writes the message as the payload of a membership frame (type 0x02), in the layout of
    /// docs/protocol.md, "Membership messages": kind ‖ the kind's fields.
    ///
    /// Never traps. Lists beyond the wire's bounds are cut (the first 255 gossip items, 8
    /// addresses, 32 roles, 65535 members), strings are cut to 255 bytes at a character
    /// boundary, numbers are clamped to their field's range and fractions rounded to its grid
    /// (see `NodeInfo`'s fields); IPv6 hosts are written as bytes and read back in RFC 5952
    /// form. Everything else reads back equal.
    public func write(to buffer: inout ByteBuffer) {
        switch self {
        case .ping(let sequence, let target, let gossip):
            buffer.writeInteger(MembershipMessageKind.ping.rawValue)
            buffer.writeInteger(sequence)
            buffer.writeNodeName(target)
            buffer.writeGossipList(gossip)
        case .ack(let sequence, let gossip):
            buffer.writeInteger(MembershipMessageKind.ack.rawValue)
            buffer.writeInteger(sequence)
            buffer.writeGossipList(gossip)
        case .pingRequest(let sequence, let target, let addresses, let gossip):
            buffer.writeInteger(MembershipMessageKind.pingRequest.rawValue)
            buffer.writeInteger(sequence)
            buffer.writeNodeName(target)
            buffer.writeAddresses(addresses)
            buffer.writeGossipList(gossip)
        case .nack(let sequence, let gossip):
            buffer.writeInteger(MembershipMessageKind.nack.rawValue)
            buffer.writeInteger(sequence)
            buffer.writeGossipList(gossip)
        case .gossip(let gossip):
            buffer.writeInteger(MembershipMessageKind.gossip.rawValue)
            buffer.writeGossipList(gossip)
        case .pushPull(let members, let isReply):
            let written = members.prefix(MemberSnapshot.maxWireMembers)
            buffer.writeInteger(MembershipMessageKind.pushPull.rawValue)
            buffer.writeInteger(isReply ? Self.pushPullReplyFlag : 0)
            buffer.writeInteger(UInt16(written.count))
            for member in written { member.write(to: &buffer) }
        }
    }
}
