import NIOCore

/// Payload of a `hello` frame: a node telling its seed peers it is alive.
///
/// The foundation's stand-in for membership gossip: enough for every agent to know which peers
/// it hears, their versions and their clocks. Layout: version length (1), version (UTF-8).
public struct Hello: Hashable, Sendable {
    public var softwareVersion: String

    public init(softwareVersion: String) { self.softwareVersion = softwareVersion }

    public init(parsing buffer: inout ByteBuffer) throws(FrameRejection) {
        guard let length = buffer.readInteger(as: UInt8.self),
              let version = buffer.readString(length: Int(length)), buffer.readableBytes == 0
        else { throw .malformed("hello payload") }
        self.softwareVersion = version
    }

    public func write(to buffer: inout ByteBuffer) {
        let bytes = Array(softwareVersion.utf8.prefix(255))
        buffer.writeInteger(UInt8(bytes.count))
        buffer.writeBytes(bytes)
    }
}
