import NIOCore
import RacimoCore

/// The tag byte that starts each gossip item on the membership wire (docs/protocol.md).
enum GossipTag: UInt8 {
    case alive = 1
    case suspect = 2
    case dead = 3
    case left = 4
    case info = 5
}

extension Gossip {
    /// Most items one message carries: the count is one byte.
    static let maxWireItems = 255
    /// Smallest encoding: tag, a 1-character name with its length, incarnation (a `left`).
    static let minimumWireLength = 11

    /// Writes tag ‖ subject name ‖ the claim's fields.
    func write(to buffer: inout ByteBuffer) {
        switch self {
        case .alive(let name, let incarnation, let addresses):
            buffer.writeInteger(GossipTag.alive.rawValue)
            buffer.writeNodeName(name)
            buffer.writeInteger(incarnation.rawValue)
            buffer.writeAddresses(addresses)
        case .suspect(let name, let incarnation, let by):
            buffer.writeInteger(GossipTag.suspect.rawValue)
            buffer.writeNodeName(name)
            buffer.writeInteger(incarnation.rawValue)
            buffer.writeNodeName(by)
        case .dead(let name, let incarnation, let by):
            buffer.writeInteger(GossipTag.dead.rawValue)
            buffer.writeNodeName(name)
            buffer.writeInteger(incarnation.rawValue)
            buffer.writeNodeName(by)
        case .left(let name, let incarnation):
            buffer.writeInteger(GossipTag.left.rawValue)
            buffer.writeNodeName(name)
            buffer.writeInteger(incarnation.rawValue)
        case .info(let name, let info):
            buffer.writeInteger(GossipTag.info.rawValue)
            buffer.writeNodeName(name)
            info.write(to: &buffer)
        }
    }

    /// Reads one gossip item.
    init(parsing reader: inout WireReader) throws(FrameRejection) {
        let tagByte = try reader.readUInt8("gossip tag")
        guard let tag = GossipTag(rawValue: tagByte) else { throw .malformed("unknown gossip tag \(tagByte)") }
        let name = try reader.readNodeName()
        // Arguments are evaluated left to right, so fields are read in wire order.
        switch tag {
        case .alive: self = .alive(name, try reader.readIncarnation(), addresses: try reader.readAddresses())
        case .suspect: self = .suspect(name, try reader.readIncarnation(), by: try reader.readNodeName())
        case .dead: self = .dead(name, try reader.readIncarnation(), by: try reader.readNodeName())
        case .left: self = .left(name, try reader.readIncarnation())
        case .info: self = .info(name, try NodeInfo(parsing: &reader))
        }
    }
}

extension ByteBuffer {
    /// A gossip list: count (0…255) ‖ items. Only the first 255 items are written.
    mutating func writeGossipList(_ gossip: [Gossip]) {
        let written = gossip.prefix(Gossip.maxWireItems)
        writeInteger(UInt8(written.count))
        for item in written { item.write(to: &self) }
    }

}

extension WireReader {
    /// Reads a gossip list.
    mutating func readGossipList() throws(FrameRejection) -> [Gossip] {
        let count = try readCount(
            "gossip count", limit: Gossip.maxWireItems, minimumItemLength: Gossip.minimumWireLength)
        var gossip: [Gossip] = []
        gossip.reserveCapacity(count)
        for _ in 0..<count { gossip.append(try Gossip(parsing: &self)) }
        return gossip
    }
}
