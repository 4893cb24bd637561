import NIOCore

/// A channel's autoRead as last set, so that it is changed only when it differs: setting a
/// channel option goes through an existential and a chain of dynamic casts, too slow to do
/// for every request. The data handlers use it for backpressure.
struct AutoReadSwitch {
    /// Accepted and connected channels start reading.
    private(set) var isOn = true

    mutating func set(_ on: Bool, for context: ChannelHandlerContext?) {
        guard on != isOn, let context else { return }
        isOn = on
        try? context.channel.syncOptions?.setOption(.autoRead, value: on)
    }
}
