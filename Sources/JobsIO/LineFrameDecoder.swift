import NIOCore

/// Cuts a byte stream into newline-terminated lines (without the newline): the framing of the
/// schedd's local socket, one JSON request or reply per line.
struct LineFrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = ByteBuffer
    /// A submission of 20,000 jobs is a few tens of MB of JSON; anything far beyond is refused.
    static let maximumLength = 256 << 20
    /// How many bytes of the current line have been searched for a newline already: a
    /// submission's line arrives in many reads, and searching it from its start each time
    /// would cost time quadratic in its length.
    private var searched = 0

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        let view = buffer.readableBytesView
        guard let newline = view[(view.startIndex + searched)...].firstIndex(of: UInt8(ascii: "\n")) else {
            searched = view.count
            if buffer.readableBytes > Self.maximumLength { throw LineTooLong() }
            return .needMoreData
        }
        searched = 0
        let length = newline - buffer.readerIndex
        let line = buffer.readSlice(length: length)!
        buffer.moveReaderIndex(forwardBy: 1)
        context.fireChannelRead(Self.wrapInboundOut(line))
        return .continue
    }

    struct LineTooLong: Error {}
}
