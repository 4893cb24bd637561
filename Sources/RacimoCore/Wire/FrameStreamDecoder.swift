import NIOCore

/// Cuts a TCP byte stream into whole frames, using the length the frame header announces.
///
/// Only framing happens here; `FrameVerifier` checks each frame. A header that can never
/// become a valid frame (bad magic, absurd length) throws, which closes the connection: a
/// stream that lost its framing cannot be resynchronised.
public struct FrameStreamDecoder: ByteToMessageDecoder {
    public typealias InboundOut = ByteBuffer

    public init() {}

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let length = try Frame.wireLength(peekingAt: buffer), buffer.readableBytes >= length else {
            return .needMoreData
        }
        context.fireChannelRead(Self.wrapInboundOut(buffer.readSlice(length: length)!))
        return .continue
    }

    public mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        // Bytes left at EOF are a frame the peer never finished: malformed, so it is counted.
        if buffer.readableBytes > 0 {
            throw FrameRejection.malformed("stream ended inside a frame")
        }
        return .needMoreData
    }
}
