import NIOCore

extension Frame {
    /// The length of the frame at the start of `buffer`, tag included, or nil when the header is
    /// not all there yet. A TCP reader MUST wait for this many bytes before calling
    /// `init(parsing:)`; it throws as soon as the header is impossible, so a reader never waits
    /// for 4 GiB that a corrupt length promised.
    public static func wireLength(peekingAt buffer: ByteBuffer) throws(FrameRejection) -> Int? {
        let start = buffer.readerIndex
        // Magic and version are checked as soon as they are in, so a stream of something else
        // (a port scan, an HTTP request) is refused before its first 25 bytes arrive.
        if let found = buffer.getInteger(at: start, as: UInt16.self), found != magic {
            throw .malformed("bad magic")
        }
        if let version = buffer.getInteger(at: start + 2, as: UInt8.self), version != Frame.version {
            throw .malformed("unsupported version")
        }
        guard buffer.readableBytes >= fixedHeaderLength else { return nil }
        let senderLength = Int(buffer.getInteger(at: start + 24, as: UInt8.self)!)
        guard (1...NodeName.maxLength).contains(senderLength) else {
            throw .malformed("sender length \(senderLength)")
        }
        let payloadLengthAt = start + fixedHeaderLength + senderLength
        guard let payloadLength = buffer.getInteger(at: payloadLengthAt, as: UInt32.self) else { return nil }
        guard payloadLength <= maxPayloadLength else { throw .malformed("payload length \(payloadLength)") }
        return fixedHeaderLength + senderLength + 4 + Int(payloadLength) + tagLength
    }

    /// Parses one frame's header and payload, and returns it with its tag and the bytes the tag
    /// covers; the tag is NOT checked here (`FrameVerifier` does that). Consumes exactly one frame.
    /// Throws `.malformed` for anything but a complete, well-formed frame.
    public static func parse(
        _ buffer: inout ByteBuffer
    ) throws(FrameRejection) -> (frame: Frame, signedPart: ByteBuffer, tag: [UInt8]) {
        guard let length = try wireLength(peekingAt: buffer) else { throw .malformed("truncated header") }
        guard buffer.readableBytes >= length else { throw .malformed("truncated frame") }
        var frameBytes = buffer.readSlice(length: length)!
        let signedPart = frameBytes.getSlice(at: frameBytes.readerIndex, length: length - tagLength)!
        // wireLength has validated magic, version and lengths, so these reads cannot fail.
        frameBytes.moveReaderIndex(forwardBy: 3)
        let type = FrameType(rawValue: frameBytes.readInteger()!)
        let keyID = KeyID(rawValue: frameBytes.readInteger()!)
        let sequence: UInt64 = frameBytes.readInteger()!
        let timestamp: Int64 = frameBytes.readInteger()!
        let senderLength = Int(frameBytes.readInteger(as: UInt8.self)!)
        let senderText = frameBytes.readString(length: senderLength)
        guard let senderText, let sender = NodeName(senderText) else {
            throw .malformed("invalid sender name")
        }
        let payloadLength = Int(frameBytes.readInteger(as: UInt32.self)!)
        let payload = frameBytes.readSlice(length: payloadLength)!
        let tag = frameBytes.readBytes(length: tagLength)!
        let frame = Frame(
            type: type, sender: sender, keyID: keyID, sequence: sequence,
            timestamp: WallClock(millisecondsSinceEpoch: timestamp), payload: payload)
        return (frame, signedPart, tag)
    }
}
