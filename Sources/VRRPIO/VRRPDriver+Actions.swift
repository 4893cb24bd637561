import Foundation
import LinuxSupport
import Logging
import RacimoCore
import VRRP

extension VRRPDriver {
    /// Carries out the routers' actions in order; `quietly` leaves them out of the timeline
    /// (clearing stale addresses at start-up is not a transition).
    func perform(_ actions: [RouterSet.Action], quietly: Bool = false) {
        guard !actions.isEmpty else { return }
        var changed = false
        for action in actions {
            switch action {
            case .instance(let name, let action):
                guard let runner = runners[name] else { continue }
                changed = perform(action, for: runner, quietly: quietly) || changed
            case .group(let name, let from, let to):
                logger.info("sync group \(to)", metadata: ["group": "\(name)", "from": "\(from)"])
                if let group = groups.first(where: { $0.name == name }) { notify(group: group, state: to) }
                changed = true
            }
        }
        if changed { writeStatus() }
    }

    /// One instance's action; true when it changed what status shows.
    private func perform(_ action: VirtualRouter.Action, for runner: Runner, quietly: Bool) -> Bool {
        let name = runner.plan.settings.name
        let link = runner.link
        switch action {
        case .send(let advert):
            let destinations = runner.plan.unicastPeers.isEmpty ? [link.group] : runner.plan.unicastPeers
            for destination in destinations {
                let bytes = advert.encode(addresses: PacketAddresses(source: link.primaryAddress, destination: destination),
                                          checksum: runner.plan.checksum)
                do {
                    try link.socket.send(bytes, to: destination.bytes)
                } catch {
                    logger.error("cannot send advert", metadata: ["instance": "\(name)", "to": "\(destination)", "error": "\(error)"])
                }
            }
            state.withLock { $0.report.advertsSent += 1 }
            return false
        case .setTimer(let request):
            state.withLock { $0.timers[TimerKey(instance: name, timer: request.key)] = request.deadline }
            return false
        case .transition(let from, let to, let reason):
            logger.info("entering \(to.rawValue.uppercased()) state", metadata: ["instance": "\(name)", "from": "\(from)", "reason": "\(reason)"])
            note(name, "\(from) -> \(to): \(VRRPStatusReport.describe(reason))")
            notify(runner, state: to)
            return true
        case .addAddresses(let addresses):
            for address in addresses { add(address, for: runner) }
            runResources(runner.plan.resources, "start")
            note(name, "took \(addresses.map(\.description).joined(separator: ", "))")
            return true
        case .removeAddresses(let addresses):
            if quietly {
                for address in addresses { remove(address, for: runner) }
                return false
            }
            runResources(runner.plan.resources.reversed(), "stop")
            for address in addresses { remove(address, for: runner) }
            note(name, "released \(addresses.map(\.description).joined(separator: ", "))")
            return true
        case .announceAddresses(let addresses, let count, let reason):
            for address in addresses {
                for _ in 0..<count {
                    do {
                        try announcer(for: address, runner: runner).announce(address.bytes)
                    } catch {
                        logger.error("cannot announce address", metadata: ["instance": "\(name)", "address": "\(address)", "error": "\(error)"])
                    }
                }
            }
            note(name, "sent \(count) gratuitous \(link.family == .v4 ? "ARP" : "NA") per address (\(reason))")
            return true
        case .conflict(let conflict):
            logger.warning("two masters seen", metadata: [
                "instance": "\(name)", "other": "\(conflict.other)", "other_priority": "\(conflict.otherPriority)",
                "our_priority": "\(conflict.ourPriority)", "resolution": "\(conflict.resolution)",
            ])
            state.withLock { $0.report.twoMastersSeen += 1 }
            note(name, "two masters seen: \(conflict.other) at priority \(conflict.otherPriority) (ours \(conflict.ourPriority)); \(conflict.resolution)")
            return true
        case .discarded(let from, let reason):
            logger.debug("advert discarded", metadata: ["instance": "\(name)", "from": "\(from)", "reason": "\(reason)"])
            state.withLock { $0.report.dropped[Self.label(reason), default: 0] += 1 }
            return false
        case .warning(let warning):
            logger.warning("\(warning)", metadata: ["instance": "\(name)"])
            return false
        case .priorityChanged(let from, let to):
            logger.info("effective priority changed", metadata: ["instance": "\(name)", "from": "\(from)", "to": "\(to)"])
            note(name, "priority \(from) -> \(to)")
            return true
        }
    }

    /// Heartbeat's resource group, one command after the other (each waits for the one before,
    /// as haresources orders them) on the resource queue: the event loop goes on sending
    /// adverts while a slow init script runs, so no backup mistakes it for a dead master.
    private func runResources(_ resources: [VRRPPlan.Resource], _ verb: String) {
        guard !resources.isEmpty else { return }
        let commands = self.commands
        resourceQueue.async {
            for resource in resources {
                let status = commands.run(resource.command + [verb], what: "resource \(resource.name) \(verb)", wait: true)
                if status != 0 { commands.logger.warning("resource \(resource.name) \(verb) failed", metadata: ["status": "\(status.map(String.init) ?? "none")"]) }
            }
        }
    }

    private func configured(_ address: IPAddress, in runner: Runner) -> KeepalivedConfiguration.VirtualAddress? {
        runner.plan.virtualAddresses.first { $0.address == address }
    }

    private func interfaceIndex(for address: IPAddress, runner: Runner) -> UInt32 {
        if let device = configured(address, in: runner)?.device, device != runner.link.interface.name,
           let interface = try? NetworkInterface.named(device) {
            return interface.index
        }
        return runner.link.interface.index
    }

    private func announcer(for address: IPAddress, runner: Runner) throws -> NeighbourAnnouncer {
        if let device = configured(address, in: runner)?.device, device != runner.link.interface.name {
            return try NeighbourAnnouncer(interface: NetworkInterface.named(device))
        }
        return runner.link.announcer
    }

    private func add(_ address: IPAddress, for runner: Runner) {
        let vip = configured(address, in: runner)
        let prefix = vip?.prefixLength ?? address.family.bitCount
        // IPv6 VIPs skip duplicate address detection, as keepalived adds them: a backup that
        // takes over must answer at once, and the VIP is ours by election.
        let options: AddressTable.Options = address.family == .v6 ? [.noDAD] : []
        do {
            try addressTable.add(address.bytes, prefixLength: prefix, interfaceIndex: interfaceIndex(for: address, runner: runner),
                                 broadcast: vip?.broadcast?.bytes, label: vip?.label, options: options)
        } catch {
            logger.error("cannot add virtual address", metadata: ["instance": "\(runner.plan.settings.name)", "address": "\(address)/\(prefix)", "error": "\(error)"])
        }
    }

    private func remove(_ address: IPAddress, for runner: Runner) {
        let prefix = configured(address, in: runner)?.prefixLength ?? address.family.bitCount
        do {
            try addressTable.remove(address.bytes, prefixLength: prefix, interfaceIndex: interfaceIndex(for: address, runner: runner))
        } catch {
            logger.error("cannot remove virtual address", metadata: ["instance": "\(runner.plan.settings.name)", "address": "\(address)/\(prefix)", "error": "\(error)"])
        }
    }

    /// keepalived's notify scripts: the state's own, then the generic one with
    /// `INSTANCE name STATE priority` appended (keepalived.conf(5), "notify").
    private func notify(_ runner: Runner, state: VirtualRouter.State) {
        let scripts = runner.plan.notify
        let own: KeepalivedConfiguration.NotifyScript? = switch state {
        case .master: scripts.master
        case .backup: scripts.backup
        case .fault: scripts.fault
        case .initialize: scripts.stop
        }
        if let own { commands.run(own.command, what: "notify \(state)", wait: false, user: own.user ?? scriptUser?.user,
                                  group: own.user != nil ? own.group : scriptUser?.group) }
        if let any = scripts.any {
            let priority = self.state.withLock { $0.routers.router(runner.plan.settings.name)?.effectivePriority ?? 0 }
            let stateWord = state == .initialize ? "STOP" : state.rawValue.uppercased()
            commands.run(any.command + ["INSTANCE", runner.plan.settings.name, stateWord, "\(priority)"], what: "notify", wait: false,
                         user: any.user ?? scriptUser?.user, group: any.user != nil ? any.group : scriptUser?.group)
        }
    }

    /// A sync group's notify scripts: the state's own, then the generic one with
    /// `GROUP name STATE` appended (keepalived.conf(5), vrrp_sync_group).
    private func notify(group: VRRPPlan.Group, state: VirtualRouter.State) {
        let scripts = group.notify
        let own: KeepalivedConfiguration.NotifyScript? = switch state {
        case .master: scripts.master
        case .backup: scripts.backup
        case .fault: scripts.fault
        case .initialize: scripts.stop
        }
        if let own { commands.run(own.command, what: "group notify \(state)", wait: false, user: own.user ?? scriptUser?.user,
                                  group: own.user != nil ? own.group : scriptUser?.group) }
        if let any = scripts.any {
            let stateWord = state == .initialize ? "STOP" : state.rawValue.uppercased()
            commands.run(any.command + ["GROUP", group.name, stateWord], what: "group notify", wait: false,
                         user: any.user ?? scriptUser?.user, group: any.user != nil ? any.group : scriptUser?.group)
        }
    }

    private func note(_ instance: String, _ text: String) {
        state.withLock { $0.report.record(instance, text) }
    }

    /// A discard reason as a metric label, in the codec's style: `lowerPriority(90)` → `lower_priority`.
    static func label(_ reason: VirtualRouter.DiscardReason) -> String {
        var label = ""
        for character in "\(reason)".prefix(while: { $0 != "(" }) {
            if character.isUppercase { label += "_" + character.lowercased() } else { label.append(character) }
        }
        return label
    }

    /// Rewrites the status file (atomically: a reader never sees half of it).
    func writeStatus() {
        guard let statusFile else { return }
        var report = status()
        report.pid = HostInfo.processID
        guard let data = try? JSONEncoder.sorted.encode(report) else { return }
        do {
            try data.write(to: URL(fileURLWithPath: statusFile), options: .atomic)
        } catch {
            if !statusWriteFailed.exchange(true, ordering: .relaxed) {
                logger.warning("cannot write the status file; racimo vrrp status will not show this daemon", metadata: ["file": "\(statusFile)", "error": "\(error)"])
            }
        }
    }
}

extension JSONEncoder {
    /// Stable key order, so files and `--json` output diff well.
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return encoder
    }
}
