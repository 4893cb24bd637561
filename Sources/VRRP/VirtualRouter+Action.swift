import RacimoCore

extension VirtualRouter {
    /// The protocol states (RFC 5798 §6.4; keepalived adds FAULT).
    public enum State: String, Hashable, Sendable {
        /// Not started, or shut down.
        case initialize
        case backup
        case master
        /// Down because its interface or a weight-0 tracker is (keepalived's FAULT).
        case fault
    }

    /// The timers a virtual router asks its driver for. Setting one that is armed replaces its
    /// deadline; one that fires after the machine stopped caring is ignored.
    public enum Timer: Hashable, Sendable {
        /// Master: send the next advertisement (Adver_Timer).
        case advertisement
        /// Backup: the master is presumed down (Master_Down_Timer).
        case masterDown
        /// Master: the second gratuitous-ARP burst after taking over.
        case garpRepeat
        /// Master: periodic gratuitous ARP, when configured.
        case garpRefresh
        /// Master: the second burst after hearing a lower-priority advert.
        case lowerPriorityGarp
        /// Owner: a rival owner should have stopped advertising by now (keepalived's rogue timer).
        case rivalOwner
    }

    /// Why a transition happened, for logs and notifications.
    public enum TransitionReason: Hashable, Sendable {
        /// Backup after start (keepalived "Entering BACKUP STATE (init)").
        case started
        /// An address owner became master at start-up (RFC 5798 §6.4.1).
        case startedAsOwner
        /// No advert within Master_Down_Interval.
        case masterDownTimer
        /// The master sent priority 0 and Skew_Time passed.
        case priorityZeroReceived
        /// This backup ignored a lower-priority master's adverts until its timer ran out.
        case preempted
        /// A master heard a higher priority.
        case higherPriorityAdvert
        /// A master heard its own priority from a higher primary address.
        case equalPriorityHigherAddress
        /// A weight-0 tracker went down (or a track_file reached −254).
        case trackerFault(tracker: String)
        case interfaceDown
        /// The tracker that held the instance in FAULT recovered (and nothing else holds it).
        case trackerRecovered
        case interfaceUp
        /// The sync group moved this member with another (into or out of FAULT too).
        case syncGroup(member: String)
        case shutdown
    }

    /// Why a received advert was not processed.
    public enum DiscardReason: Hashable, Sendable {
        case otherVirtualRouter(UInt8)
        case versionMismatch(VRRPVersion)
        case authenticationMismatch
        case wrongPassword
        /// v2 only: every router must use the same interval (RFC 3768 §7.1).
        case advertIntervalMismatch(Duration)
        /// An owner configured to ignore adverts.
        case addressOwner
        /// A backup that preempts ignores a lower priority (RFC 5798 §6.4.2).
        case lowerPriority(UInt8)
    }

    /// Something to log that did not stop the advert from being processed.
    public enum Warning: Hashable, Sendable {
        /// The advert lists other virtual addresses than ours; logged and accepted, as keepalived
        /// does (`vrrp.c` l.1290-1318), though RFC 3768 would drop it from a non-owner.
        case addressListMismatch(from: IPAddress, received: [IPAddress])
        /// v3: the master advertises another interval; backups adopt it.
        case advertIntervalMismatch(from: IPAddress, received: Duration)
        /// An advert with our priority from our own address.
        case ownAddressWithEqualPriority
        /// Another router claims priority 255 too: a configuration error.
        case anotherAddressOwner(IPAddress)
    }

    /// A master heard another master: two masters were on the segment.
    public struct Conflict: Hashable, Sendable {
        public enum Resolution: Hashable, Sendable {
            /// The other is lower (or equal with a lower address); we stay master.
            case weStayMaster(readvertised: Bool)
            /// The other is higher (or equal with a higher address); we become backup.
            case weYield
        }

        public var other: IPAddress
        public var otherPriority: UInt8
        public var ourPriority: UInt8
        public var resolution: Resolution
        /// Adverts from another master heard by this instance so far, this one included.
        public var count: Int
    }

    /// Why addresses are announced.
    public enum AnnounceReason: Hashable, Sendable {
        case becameMaster
        case repeatAfterBecomingMaster
        case refresh
        case lowerPriorityAdvert
        case repeatAfterLowerPriorityAdvert
    }

    /// What the driver must do, in order.
    public enum Action: Hashable, Sendable {
        /// Multicast (or unicast to the peers) this advertisement from `primaryAddress`.
        case send(Advertisement)
        case setTimer(TimerRequest<Timer>)
        case transition(from: State, to: State, reason: TransitionReason)
        /// Configure the virtual addresses on the interface.
        case addAddresses([IPAddress])
        case removeAddresses([IPAddress])
        /// Send `count` gratuitous ARPs (IPv4) or unsolicited neighbour adverts (IPv6) per address.
        case announceAddresses([IPAddress], count: Int, reason: AnnounceReason)
        case conflict(Conflict)
        case discarded(from: IPAddress, reason: DiscardReason)
        case warning(Warning)
        /// The effective priority changed (keepalived's priority notification).
        case priorityChanged(from: UInt8, to: UInt8)
    }
}
