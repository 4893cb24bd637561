import RacimoCore

/// Every virtual router of one `racimo vrrp` (or agent), standalone or in sync groups, behind
/// one set of events keyed by instance name, so that a driver has one thing to feed.
///
/// Actions come back tagged with their instance (a group's own transitions with the group's
/// name), in the order the machines produced them.
public struct RouterSet: Sendable {
    /// One instance's action, or a sync group's own transition (keepalived's group notify).
    public enum Action: Hashable, Sendable {
        case instance(String, VirtualRouter.Action)
        case group(String, from: VirtualRouter.State, to: VirtualRouter.State)
    }

    private enum Unit: Sendable {
        case single(VirtualRouter)
        case group(SyncGroup)
    }

    private var units: [Unit]
    /// Which unit holds each instance.
    private var unitOf: [String: Int] = [:]

    /// Routers not named by any group stand alone; `groups` lists each group's members by name.
    public init(routers: [VirtualRouter], groups: [(name: String, members: [String], trackingWeight: Bool)] = []) {
        var units: [Unit] = []
        var grouped: Set<String> = []
        for group in groups {
            let members = group.members.compactMap { name in routers.first { $0.settings.name == name } }
            grouped.formUnion(members.map(\.settings.name))
            units.append(.group(SyncGroup(name: group.name, members: members, trackingWeight: group.trackingWeight)))
        }
        for router in routers where !grouped.contains(router.settings.name) {
            units.append(.single(router))
        }
        self.units = units
        for (index, unit) in units.enumerated() {
            switch unit {
            case .single(let router): unitOf[router.settings.name] = index
            case .group(let group): for member in group.members { unitOf[member.settings.name] = index }
            }
        }
    }

    /// Every router, in the order of their units.
    public var routers: [VirtualRouter] {
        units.flatMap { unit -> [VirtualRouter] in
            switch unit {
            case .single(let router): [router]
            case .group(let group): group.members
            }
        }
    }

    /// The router named `instance`.
    public func router(_ instance: String) -> VirtualRouter? {
        guard let index = unitOf[instance] else { return nil }
        switch units[index] {
        case .single(let router): return router
        case .group(let group): return group.member(instance)
        }
    }

    /// Starts every router. MUST be called once, before any other event.
    public mutating func start(now: Instant) -> [Action] {
        units.indices.flatMap { index in
            apply(index, single: { $0.start(now: now) }, group: { $0.start(now: now) })
        }
    }

    /// An advertisement for `instance` (the driver matched interface, family and VRID).
    public mutating func receive(_ advert: Advertisement, from source: IPAddress, instance: String, now: Instant) -> [Action] {
        guard let index = unitOf[instance] else { return [] }
        return apply(index, single: { $0.receive(advert, from: source, now: now) },
                     group: { $0.receive(advert, from: source, instance: instance, now: now) })
    }

    /// A timer of `instance` expired.
    public mutating func timerFired(_ timer: VirtualRouter.Timer, instance: String, now: Instant) -> [Action] {
        guard let index = unitOf[instance] else { return [] }
        return apply(index, single: { $0.timerFired(timer, now: now) },
                     group: { $0.timerFired(timer, instance: instance, now: now) })
    }

    /// A tracker reading, for every router that tracks that name.
    public mutating func trackerObserved(_ tracker: String, _ observation: Tracker.Observation, now: Instant) -> [Action] {
        units.indices.flatMap { index in
            apply(index, single: { router in
                router.tracked.tracks(tracker) ? router.trackerObserved(tracker, observation, now: now) : []
            }, group: { $0.trackerObserved(tracker, observation, now: now) })
        }
    }

    /// The own interface of `instance` went down or came back.
    public mutating func interfaceChanged(instance: String, isUp: Bool, now: Instant) -> [Action] {
        guard let index = unitOf[instance] else { return [] }
        return apply(index, single: { $0.interfaceChanged(isUp: isUp, now: now) },
                     group: { $0.interfaceChanged(instance: instance, isUp: isUp, now: now) })
    }

    /// Stops every router: masters send priority 0 and release their addresses.
    public mutating func shutdown(now: Instant) -> [Action] {
        units.indices.flatMap { index in
            apply(index, single: { $0.shutdown(now: now) }, group: { $0.shutdown(now: now) })
        }
    }

    private mutating func apply(
        _ index: Int, single: (inout VirtualRouter) -> [VirtualRouter.Action], group: (inout SyncGroup) -> [SyncGroup.Action]
    ) -> [Action] {
        switch units[index] {
        case .single(var router):
            let actions = single(&router)
            units[index] = .single(router)
            return actions.map { .instance(router.settings.name, $0) }
        case .group(var syncGroup):
            let actions = group(&syncGroup)
            units[index] = .group(syncGroup)
            return actions.map { action in
                switch action {
                case .member(let name, let action): .instance(name, action)
                case .groupTransition(let from, let to): .group(syncGroup.name, from: from, to: to)
                }
            }
        }
    }
}
