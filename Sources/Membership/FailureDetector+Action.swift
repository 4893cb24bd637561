import RacimoCore

extension FailureDetector {
    /// The timers the failure detector asks its driver for. Setting a timer that is already
    /// armed replaces its deadline.
    public enum Timer: Hashable, Sendable {
        /// End of one protocol period: judge the running probe, start the next.
        case probe
        /// A direct probe's ack is overdue: ask others to probe indirectly.
        case probeTimeout(UInt32)
        /// A ping this node relays for another (ping-req) is overdue: answer nack.
        case relayTimeout(UInt32)
        /// A member's suspicion runs out: declare it dead.
        case suspicion(NodeName)
        /// Send gossip to a few members.
        case gossip
        /// Exchange full state with one member.
        case pushPull
    }

    /// What the driver must do, in order.
    public enum Action: Hashable, Sendable {
        /// Send the message to the address (push-pull over TCP, the rest over UDP).
        case send(MembershipMessage, to: Endpoint)
        case setTimer(TimerRequest<Timer>)
        /// A member's status changed here; the driver logs it and tells the roles.
        case memberChanged(MemberChange)
    }
}
