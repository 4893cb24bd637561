/// One netlink message (netlink(7)): a 16-byte `nlmsghdr` and a payload, built and parsed as
/// bytes so the rules are testable without a socket.
///
/// Alignment rules: every message starts on a 4-byte boundary (NLMSG_ALIGN), and so does every
/// attribute (RTA_ALIGN). A header's length field counts exactly its own bytes (nlmsg_len
/// includes the header; rta_len includes the 4-byte attribute header but not the padding that
/// follows). Integers are in host byte order; addresses in attributes stay in network order.
public struct NetlinkMessage: Equatable, Sendable {
    /// `sizeof(struct nlmsghdr)`.
    public static let headerLength = 16

    /// NLMSG_ALIGN and RTA_ALIGN: up to a multiple of 4.
    public static func align(_ length: Int) -> Int { (length + 3) & ~3 }

    /// Message types this target sends or reads.
    public enum MessageType {
        public static let error: UInt16 = 2  // NLMSG_ERROR: an ack (code 0) or a failure (-errno)
        public static let done: UInt16 = 3  // NLMSG_DONE
        public static let newAddress: UInt16 = 20  // RTM_NEWADDR
        public static let deleteAddress: UInt16 = 21  // RTM_DELADDR
    }

    /// `nlmsg_flags` bits.
    public enum Flags {
        public static let request: UInt16 = 0x01  // NLM_F_REQUEST
        public static let acknowledge: UInt16 = 0x04  // NLM_F_ACK
        public static let exclusive: UInt16 = 0x200  // NLM_F_EXCL: fail with EEXIST if it is there
        public static let create: UInt16 = 0x400  // NLM_F_CREATE
        /// On an NLMSG_ERROR: the request was not echoed back in full (NETLINK_CAP_ACK).
        public static let capped: UInt16 = 0x100
        /// On an NLMSG_ERROR: extended-ack attributes follow (NETLINK_EXT_ACK).
        public static let ackTLVs: UInt16 = 0x200
    }

    /// One attribute: its type (with the nested and byte-order bits cleared) and value bytes.
    public struct Attribute: Equatable, Sendable {
        public var type: UInt16
        public var value: [UInt8]

        public init(type: UInt16, value: [UInt8]) {
            self.type = type
            self.value = value
        }
    }

    public var type: UInt16
    public var flags: UInt16
    public var sequence: UInt32
    /// The sender's port ID; 0 for messages to and from the kernel.
    public var portID: UInt32
    /// Everything after the header: a family header (such as `ifaddrmsg`) and attributes, each
    /// padded to 4 bytes as it was appended.
    public var payload: [UInt8]

    public init(type: UInt16, flags: UInt16, sequence: UInt32 = 0, portID: UInt32 = 0, payload: [UInt8] = []) {
        self.type = type
        self.flags = flags
        self.sequence = sequence
        self.portID = portID
        self.payload = payload
    }

    /// Appends a fixed family header (such as the 8-byte `ifaddrmsg`), padded to 4 bytes.
    public mutating func appendHeader(_ bytes: [UInt8]) {
        payload += bytes
        pad()
    }

    /// Appends an attribute (`rtattr`): length (4 + value, unpadded), type, value, padding.
    public mutating func appendAttribute(_ type: UInt16, _ value: [UInt8]) {
        payload += hostOrder(UInt16(4 + value.count)) + hostOrder(type) + value
        pad()
    }

    /// The message as it goes on the wire: header (nlmsg_len = 16 + payload) and payload.
    public func encoded() -> [UInt8] {
        var bytes = hostOrder(UInt32(Self.headerLength + payload.count))
        bytes += hostOrder(type) + hostOrder(flags) + hostOrder(sequence) + hostOrder(portID)
        return bytes + payload
    }

    /// The messages in one received datagram, in order. A datagram may hold several; each next
    /// one starts at the aligned end of the previous (the last may lack its padding).
    public static func parse(_ datagram: [UInt8]) throws(NetError) -> [NetlinkMessage] {
        var messages: [NetlinkMessage] = []
        var offset = 0
        while offset < datagram.count {
            guard let length = readHostOrder(datagram, at: offset, as: UInt32.self).map(Int.init),
                  length >= headerLength, offset + length <= datagram.count
            else {
                throw .malformedReply("netlink message at byte \(offset) of \(datagram.count) has a bad length")
            }
            messages.append(NetlinkMessage(
                type: readHostOrder(datagram, at: offset + 4)!,
                flags: readHostOrder(datagram, at: offset + 6)!,
                sequence: readHostOrder(datagram, at: offset + 8)!,
                portID: readHostOrder(datagram, at: offset + 12)!,
                payload: Array(datagram[(offset + headerLength)..<(offset + length)])))
            offset += align(length)
        }
        return messages
    }

    /// The attributes in `bytes`, which start at an attribute (after any family header).
    public static func attributes(in bytes: ArraySlice<UInt8>) throws(NetError) -> [Attribute] {
        var attributes: [Attribute] = []
        var offset = bytes.startIndex
        while offset + 4 <= bytes.endIndex {
            let length = Int(readHostOrder(bytes, at: offset - bytes.startIndex, as: UInt16.self)!)
            let type = readHostOrder(bytes, at: offset - bytes.startIndex + 2, as: UInt16.self)!
            guard length >= 4, offset + length <= bytes.endIndex else {
                throw .malformedReply("netlink attribute of type \(type) has length \(length)")
            }
            // The top two bits are NLA_F_NESTED and NLA_F_NET_BYTEORDER, not part of the type.
            attributes.append(Attribute(type: type & 0x3FFF, value: Array(bytes[(offset + 4)..<(offset + length)])))
            offset += align(length)
        }
        return attributes
    }

    /// For an NLMSG_ERROR message, the code (0 for an ack, else minus an errno) and the
    /// kernel's extended-ack text (NLMSGERR_ATTR_MSG) when it sent one; nil for other types.
    public var errorReply: (code: Int32, message: String?)? {
        guard type == MessageType.error, let code = readHostOrder(payload, at: 0, as: Int32.self) else { return nil }
        guard flags & Flags.ackTLVs != 0 else { return (code, nil) }
        // After the code comes the request's header, and its payload too unless capped.
        var offset = 4 + Self.headerLength
        if flags & Flags.capped == 0, let echoed = readHostOrder(payload, at: 4, as: UInt32.self) {
            offset = 4 + Self.align(Int(echoed))
        }
        guard offset <= payload.count, let attributes = try? Self.attributes(in: payload[offset...]) else {
            return (code, nil)
        }
        let text = attributes.first { $0.type == 1 }.map {  // NLMSGERR_ATTR_MSG, NUL-terminated
            String(decoding: $0.value.prefix { $0 != 0 }, as: UTF8.self)
        }
        return (code, text)
    }

    private mutating func pad() {
        payload += [UInt8](repeating: 0, count: Self.align(payload.count) - payload.count)
    }
}
