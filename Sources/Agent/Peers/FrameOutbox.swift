import NIOCore
import RacimoCore

/// Frames waiting to be sent by the peer service: any role hands a signed frame here, from any
/// thread, and the service's send loop writes it (UDP), or opens a connection for it (TCP).
public final class FrameOutbox: Sendable {
    public enum Item: Sendable {
        case datagram(ByteBuffer, to: Endpoint)
        /// A frame whose answers come back on the same connection (push-pull); each answer frame
        /// is handed to `onReply` as it arrives.
        case stream(ByteBuffer, to: Endpoint, onReply: @Sendable (ByteBuffer, Endpoint) -> Void)
    }

    let items: AsyncStream<Item>
    private let continuation: AsyncStream<Item>.Continuation

    public init() {
        // Bounded: under a flood the oldest frames go first, as a full socket buffer would drop them.
        (items, continuation) = AsyncStream.makeStream(of: Item.self, bufferingPolicy: .bufferingNewest(4096))
    }

    public func send(_ item: Item) { continuation.yield(item) }

    func finish() { continuation.finish() }
}
