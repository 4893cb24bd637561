import NIOCore
import RacimoCore

extension MemberSnapshot {
    /// Smallest encoding: a 1-character name with its length, status, incarnation, an empty
    /// address list and an absent info.
    static let minimumWireLength = 13
    /// Most members one push-pull carries: the count is two bytes.
    static let maxWireMembers = 65535

    /// Writes name ‖ status ‖ incarnation ‖ addresses ‖ info presence (0 or 1) ‖ info.
    func write(to buffer: inout ByteBuffer) {
        buffer.writeNodeName(name)
        buffer.writeInteger(status.rawValue)
        buffer.writeInteger(incarnation.rawValue)
        buffer.writeAddresses(addresses)
        if let info {
            buffer.writeInteger(UInt8(1))
            info.write(to: &buffer)
        } else {
            buffer.writeInteger(UInt8(0))
        }
    }

    /// Reads one member's entry.
    init(parsing reader: inout WireReader) throws(FrameRejection) {
        let name = try reader.readNodeName()
        let statusByte = try reader.readUInt8("member status")
        guard let status = MemberStatus(rawValue: statusByte) else {
            throw .malformed("unknown member status \(statusByte)")
        }
        let incarnation = try reader.readIncarnation()
        let addresses = try reader.readAddresses()
        let presence = try reader.readUInt8("info presence")
        let info: NodeInfo?
        switch presence {
        case 0: info = nil
        case 1: info = try NodeInfo(parsing: &reader)
        default: throw .malformed("info presence \(presence)")
        }
        self.init(name: name, addresses: addresses, status: status, incarnation: incarnation, info: info)
    }
}
