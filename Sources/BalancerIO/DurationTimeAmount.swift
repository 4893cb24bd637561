import NIOCore

extension Duration {
    /// NIO's TimeAmount for this duration.
    var timeAmount: TimeAmount {
        .nanoseconds(components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000)
    }
}
