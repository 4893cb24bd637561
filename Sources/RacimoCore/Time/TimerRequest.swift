/// "Fire timer `key` at `deadline`": the action every state machine returns to arm a timer.
///
/// Setting a key that is already armed replaces its deadline; the driver calls the machine's
/// `timerFired(_:now:)` with the key when it expires (DESIGN.md, rule 3).
public struct TimerRequest<Key: Hashable & Sendable>: Hashable, Sendable {
    public var key: Key
    public var deadline: Instant

    public init(_ key: Key, at deadline: Instant) {
        self.key = key
        self.deadline = deadline
    }
}
