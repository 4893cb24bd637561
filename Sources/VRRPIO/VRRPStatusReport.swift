import Foundation
import RacimoCore
import VRRP

/// What `racimo vrrp status` shows, as JSON: per instance its state, effective priority with
/// each tracker's part, the master it hears, and the last transitions as a timeline; and the
/// driver's counters (adverts sent, dropped by reason, two masters seen).
public struct VRRPStatusReport: Codable, Sendable, Equatable {
    public struct Tracker: Codable, Sendable, Equatable {
        public var name: String
        public var kind: String
        public var weight: Int
        public var reading: String
        public var delta: Int
        public var faults: Bool
        public var ignored: String?
    }

    public struct Event: Codable, Sendable, Equatable {
        /// Wall-clock time, ISO 8601 with milliseconds.
        public var time: String
        public var text: String
    }

    public struct Instance: Codable, Sendable, Equatable {
        public var name: String
        public var state: String
        public var interface: String
        public var virtualRouterID: Int
        public var version: Int
        public var basePriority: Int
        public var effectivePriority: Int
        /// `base 100; chk (script, weight -20) down: -20; total 80 -> 80`.
        public var priorityExplanation: String
        public var trackers: [Tracker]
        public var faultCause: String?
        public var master: String?
        public var masterPriority: Int?
        public var advertInterval: Double
        public var masterDownInterval: Double
        public var virtualAddresses: [String]
        public var advertsReceived: Int
        public var becameMaster: Int
        public var twoMastersSeen: Int
        public var timeline: [Event]
    }

    public var instances: [Instance] = []
    /// The process that wrote it, so a reader can tell a stale file from a live daemon.
    public var pid: Int32 = 0
    public var advertsSent = 0
    public var twoMastersSeen = 0
    /// Adverts dropped before reaching an instance, or discarded by it, by reason.
    public var dropped: [String: Int] = [:]
    /// The last events of each instance, newest last (kept here, copied into `instances`).
    var events: [String: [Event]] = [:]

    private enum CodingKeys: String, CodingKey {
        case instances, pid, advertsSent, twoMastersSeen, dropped
    }

    /// How many events each instance keeps.
    static let timelineLength = 20

    public init() {}

    mutating func record(_ instance: String, _ text: String) {
        var list = events[instance, default: []]
        list.append(Event(time: Date().formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted)), text: text))
        if list.count > Self.timelineLength { list.removeFirst(list.count - Self.timelineLength) }
        events[instance] = list
    }

    func timeline(of instance: String) -> [Event] { events[instance] ?? [] }

    static func describe(_ reason: VirtualRouter.TransitionReason) -> String {
        switch reason {
        case .started: "started"
        case .startedAsOwner: "address owner (priority 255) at start-up"
        case .masterDownTimer: "no advert within the master-down interval"
        case .priorityZeroReceived: "the master stopped (priority 0 advert)"
        case .preempted: "preempted a lower-priority master"
        case .higherPriorityAdvert: "heard a higher priority"
        case .equalPriorityHigherAddress: "heard the same priority from a higher address"
        case .trackerFault(let tracker): "tracker \(tracker) is down"
        case .interfaceDown: "interface down"
        case .trackerRecovered: "trackers recovered"
        case .interfaceUp: "interface up"
        case .syncGroup(let member): "sync group follows \(member)"
        case .shutdown: "shutting down"
        }
    }
}

extension VRRPStatusReport.Instance {
    init(router: VirtualRouter, runner: VRRPDriver.Runner, timeline: [VRRPStatusReport.Event]) {
        let status = router.status
        let seconds = { (d: Duration) in Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
        self.init(
            name: status.name, state: status.state.rawValue, interface: runner.plan.interface,
            virtualRouterID: Int(status.virtualRouterID), version: Int(router.settings.version.rawValue),
            basePriority: Int(status.basePriority), effectivePriority: Int(status.effectivePriority),
            priorityExplanation: status.priority.description,
            trackers: status.priority.lines.map {
                VRRPStatusReport.Tracker(name: $0.tracker, kind: $0.kind.rawValue, weight: $0.weight, reading: $0.reading,
                                         delta: $0.delta, faults: $0.faults, ignored: $0.ignored.map { "\($0)" })
            },
            faultCause: status.faultCause.map(VRRPStatusReport.describe),
            master: status.state == .master ? "self" : status.masterAddress?.description,
            masterPriority: status.state == .master ? Int(status.effectivePriority) : status.masterPriority.map(Int.init),
            advertInterval: seconds(status.masterAdvertInterval), masterDownInterval: seconds(status.masterDownInterval),
            virtualAddresses: runner.plan.virtualAddresses.map { "\($0.address)/\($0.prefixLength)" },
            advertsReceived: status.statistics.advertsReceived, becameMaster: status.statistics.becameMaster,
            twoMastersSeen: status.statistics.conflicts, timeline: timeline)
    }
}
