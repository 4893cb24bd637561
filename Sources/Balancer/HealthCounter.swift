/// The rise/fall counter every health checker feeds (DESIGN.md rule 7).
///
/// HAProxy's `check.health` (`src/check.c`, `set_server_check_status`; `doc/configuration.txt`
/// "rise"/"fall"): a number in `0...rise+fall-1`; the server is UP while it is `>= rise`. A pass
/// adds one and, on reaching `rise`, jumps to the top ("OK now"), so a fully-up server takes
/// `fall` consecutive failures to go DOWN; a failure at or below `rise` drops it to 0, so a DOWN
/// server needs `rise` consecutive passes to come back. A server configured in HAProxy starts at
/// `health = rise` ("up, but will fall down at first failure", `src/server.c`): UP, yet one failure
/// takes it down. ldirectord's `failurecount` defaults to 1 (ldirectord(8)): `rise: 1, fall: 1`.
public struct HealthCounter: Hashable, Sendable {
    /// Where counting starts: HAProxy 3.x `init-state` names; keepalived's `alpha` is `.down`.
    public enum InitialState: Hashable, Sendable {
        /// UP, but the first failure marks it DOWN (HAProxy's default).
        case up
        /// UP with the full `fall` failures of margin.
        case fullyUp
        /// DOWN, but the first pass marks it UP.
        case down
        /// DOWN, needing `rise` passes.
        case fullyDown
    }

    /// What one result did to the verdict.
    public enum Transition: Hashable, Sendable { case wentUp, wentDown }

    /// HAProxy's defaults (`include/haproxy/defaults.h`): rise 2, fall 3.
    public static let haproxyRise = 2, haproxyFall = 3

    public let rise: Int
    public let fall: Int
    /// HAProxy's `health`, in `0...rise+fall-1`.
    public private(set) var health: Int
    public private(set) var isUp: Bool

    /// `rise` and `fall` are clamped to at least 1: zero would make a verdict without a result.
    public init(rise: Int = haproxyRise, fall: Int = haproxyFall, initial: InitialState = .up) {
        self.rise = max(1, rise)
        self.fall = max(1, fall)
        switch initial {
        case .up: health = self.rise; isUp = true
        case .fullyUp: health = self.rise + self.fall - 1; isUp = true
        case .down: health = self.rise - 1; isUp = false
        case .fullyDown: health = 0; isUp = false
        }
    }

    /// ldirectord's counting: `failurecount` failures take a server down (default 1), one pass
    /// brings it back (ldirectord(8), "failurecount").
    public static func ldirectord(failureCount: Int = 1) -> HealthCounter {
        HealthCounter(rise: 1, fall: failureCount, initial: .fullyUp)
    }

    private var top: Int { rise + fall - 1 }

    /// Counts one check result; returns the transition it caused, if any.
    @discardableResult
    public mutating func record(passed: Bool) -> Transition? {
        if passed {
            if health < top { health += 1 }
            // Reaching `rise` makes the server fully up at once, as HAProxy does.
            if health >= rise { health = top }
            guard !isUp, health >= rise else { return nil }
            isUp = true
            return .wentUp
        } else {
            if health > rise { health -= 1; return nil }
            health = 0
            guard isUp else { return nil }
            isUp = false
            return .wentDown
        }
    }
}
