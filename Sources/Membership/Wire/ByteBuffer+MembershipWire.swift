import NIOCore
import RacimoCore

// The primitives every membership writer shares (their readers are in `WireReader`).

extension ByteBuffer {
    /// A node name: length (1…64) ‖ ASCII from NodeName's alphabet.
    mutating func writeNodeName(_ name: NodeName) {
        let bytes = name.rawValue.utf8
        writeInteger(UInt8(truncatingIfNeeded: bytes.count))
        writeBytes(bytes)
    }

    /// A short string: length (0…255) ‖ UTF-8. Longer text is cut at the last whole character
    /// that fits in 255 bytes, so what is written is always valid UTF-8.
    mutating func writeShortString(_ text: String) {
        var bytes = Array(text.utf8)
        if bytes.count > 255 {
            var end = 255
            // Back off continuation bytes (10xxxxxx) so no character is split.
            while end > 0, bytes[end] & 0xC0 == 0x80 { end -= 1 }
            bytes.removeSubrange(end...)
        }
        writeInteger(UInt8(bytes.count))
        writeBytes(bytes)
    }
}
