import NIOCore

/// Cuts a byte stream into newline-terminated lines (without the newline): the framing of the
/// schedd's local socket, one JSON request or reply per line.
struct LineFrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = ByteBuffer
    /// A submission of 20,000 jobs is a few tens of MB of JSON; anything far beyond is refused.
    static let maximumLength = 256 << 20

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > Self.maximumLength { throw LineTooLong() }
            return .needMoreData
        }
        let length = newline - buffer.readerIndex
        let line = buffer.readSlice(length: length)!
        buffer.moveReaderIndex(forwardBy: 1)
        context.fireChannelRead(Self.wrapInboundOut(line))
        return .continue
    }

    struct LineTooLong: Error {}
}
