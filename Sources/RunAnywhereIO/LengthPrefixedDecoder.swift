import NIOCore

/// Cuts the client socket's stream into messages: a 4-byte big-endian length, then that
/// many bytes. The local socket needs no authentication (the kernel says who is calling),
/// only framing.
struct LengthPrefixedDecoder: ByteToMessageDecoder {
    typealias InboundOut = ByteBuffer
    /// A client message is at most a chunk of stdin or a start with its environment.
    static let maximum = 8 << 20

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let length = buffer.getInteger(at: buffer.readerIndex, as: UInt32.self) else { return .needMoreData }
        guard Int(length) <= Self.maximum else { throw RunMessage.Malformed(description: "message of \(length) bytes") }
        guard buffer.readableBytes >= 4 + Int(length) else { return .needMoreData }
        buffer.moveReaderIndex(forwardBy: 4)
        context.fireChannelRead(wrapInboundOut(buffer.readSlice(length: Int(length))!))
        return .continue
    }

    /// One message with its length in front.
    static func frame(_ message: RunMessage) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(UInt32(0))
        message.encode(into: &buffer)
        buffer.setInteger(UInt32(buffer.readableBytes - 4), at: 0)
        return buffer
    }
}
