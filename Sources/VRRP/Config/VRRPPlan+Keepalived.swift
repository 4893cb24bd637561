import RacimoCore

extension VRRPPlan {
    /// The plan a keepalived.conf describes, read by `KeepalivedConfiguration.parse` (which
    /// has already applied keepalived's defaults, roundings and overrides).
    public init(keepalived configuration: KeepalivedConfiguration) {
        let globals = configuration.globals
        var tracked: Set<String> = []
        var instances = configuration.instances.map { source -> Instance in
            let family = source.family
            var settings = VirtualRouter.Settings(
                name: source.name, virtualRouterID: UInt8(source.virtualRouterID),
                primaryAddress: source.sourceAddress ?? VRRPPlan.unspecified(family),
                virtualAddresses: source.virtualAddresses.map(\.address))
            settings.version = source.version == 3 ? .v3 : .v2
            settings.priority = UInt8(source.priority)
            settings.advertInterval = source.advertInterval
            settings.preempt = source.preempt
            settings.preemptDelay = source.preemptDelay
            settings.initialState = source.state == .master ? .master : .backup
            settings.authentication = source.authPassword.map { .password($0) } ?? .none
            settings.lowerPriorityNoAdvert = source.lowerPriorityNoAdvert || globals.lowerPriorityNoAdvert
            settings.higherPrioritySendAdvert = source.higherPrioritySendAdvert || globals.higherPrioritySendAdvert
            settings.gratuitousARP.masterDelay = source.garp.masterDelay
            settings.gratuitousARP.masterRepeat = source.garp.masterRepeat
            settings.gratuitousARP.refreshInterval = source.garp.masterRefresh
            settings.gratuitousARP.refreshRepeat = source.garp.masterRefreshRepeat

            var instance = Instance(settings: settings, interface: source.interface ?? "", family: family)
            instance.sourceAddress = source.sourceAddress
            instance.virtualAddresses = source.virtualAddresses
            instance.unicastPeers = source.unicastPeers.map(\.address)
            instance.checksum = source.v3ChecksumAsV2 || globals.v3ChecksumAsV2 ? .asVersion2 : .pseudoHeader
            instance.tracksInterface = !source.dontTrackPrimary
            instance.notify = source.notify
            for track in source.trackScripts {
                guard let script = configuration.script(named: track.script) else { continue }
                tracked.insert(script.name)
                instance.trackers.append(Tracker(script.name, kind: .script, weight: track.weight, reverse: track.reverse,
                                                 rise: script.rise, fall: script.fall,
                                                 status: script.initFail ? .down : .unknown))
            }
            for track in source.trackInterfaces {
                // An interface's state is read when tracking starts; until then it counts as up.
                instance.trackers.append(Tracker(track.interface, kind: .interface, weight: track.weight,
                                                 reverse: track.reverse, status: .up))
            }
            return instance
        }
        // A sync group's own track_script and track_interface go to each of its members, as
        // keepalived configures them (SyncGroup then applies its weight rules).
        for group in configuration.syncGroups {
            for index in instances.indices where group.members.contains(instances[index].settings.name) {
                for track in group.trackScripts {
                    guard let script = configuration.script(named: track.script) else { continue }
                    tracked.insert(script.name)
                    instances[index].trackers.append(Tracker(script.name, kind: .script, weight: track.weight, reverse: track.reverse,
                                                             rise: script.rise, fall: script.fall,
                                                             status: script.initFail ? .down : .unknown))
                }
                for track in group.trackInterfaces {
                    instances[index].trackers.append(Tracker(track.interface, kind: .interface, weight: track.weight,
                                                             reverse: track.reverse, status: .up))
                }
            }
        }
        let groups = configuration.syncGroups.map {
            Group(name: $0.name, members: $0.members, trackingWeight: $0.trackingWeight, notify: $0.notify)
        }
        self.init(instances: instances, scripts: configuration.scripts.filter { tracked.contains($0.name) }, groups: groups)
        if let user = globals.scriptUser { scriptUser = (user, globals.scriptGroup) }
    }
}
