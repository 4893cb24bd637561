import NIOCore

extension Frame {
    /// Writes everything the tag covers: header and payload. `FrameSealer` appends the tag.
    public func writeSignedPart(to buffer: inout ByteBuffer) {
        let sender = Array(self.sender.rawValue.utf8)
        buffer.writeInteger(Frame.magic)
        buffer.writeInteger(Frame.version)
        buffer.writeInteger(type.rawValue)
        buffer.writeInteger(keyID.rawValue)
        buffer.writeInteger(sequence)
        buffer.writeInteger(timestamp.millisecondsSinceEpoch)
        buffer.writeInteger(UInt8(sender.count))
        buffer.writeBytes(sender)
        buffer.writeInteger(UInt32(payload.readableBytes))
        buffer.writeImmutableBuffer(payload)
    }
}
