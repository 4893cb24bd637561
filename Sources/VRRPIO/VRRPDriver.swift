import Foundation
import LinuxSupport
import Logging
import RacimoCore
import Synchronization
import VRRP

/// Runs a `VRRPPlan` on this host: feeds the virtual routers the adverts heard on their
/// interfaces, their timers, tracker results and interface changes, and carries out what they
/// ask (send adverts, add and remove addresses, gratuitous ARP, notify scripts). It decides
/// nothing itself (DESIGN.md, rule 4).
public final class VRRPDriver: Sendable {
    struct TimerKey: Hashable {
        var instance: String
        var timer: VirtualRouter.Timer
    }

    struct State {
        var routers: RouterSet
        var timers: [TimerKey: Instant] = [:]
        var report = VRRPStatusReport()
        var stopped = false
    }

    /// One instance as the driver runs it.
    struct Runner: Sendable {
        var plan: VRRPPlan.Instance
        var link: VRRPLink
    }

    let state: Mutex<State>
    /// Held from an event to the end of its actions (`step`); `state` is only ever taken inside it.
    private let sequence = Mutex<Void>(())
    let runners: [String: Runner]
    /// Instance names in configuration order, for status and shutdown.
    let order: [String]
    let links: [VRRPLink]
    let addressTable: AddressTable
    let scripts: [KeepalivedConfiguration.Script]
    let groups: [VRRPPlan.Group]
    /// keepalived's `script_user`: who runs scripts that name no user (nil: this process's user).
    let scriptUser: (user: String, group: String?)?
    let commands: CommandRunner
    /// Where resource groups start and stop, in order, off the event loop.
    let resourceQueue = DispatchQueue(label: "racimo.vrrp.resources")
    /// A failed status write is logged once, not every second.
    let statusWriteFailed = Atomic<Bool>(false)
    let logger: Logger
    let statusFile: String?
    private let clock = ContinuousClock()
    private let origin: ContinuousClock.Instant

    /// Opens the sockets every instance needs; nothing is sent until `run`.
    ///
    /// - Parameter statusFile: where `racimo vrrp status` reads the state, rewritten on each
    ///   change (nil: nowhere).
    public init(plan: VRRPPlan, logger: Logger, statusFile: String? = nil) throws(VRRPDriverError) {
        var links: [String: VRRPLink] = [:]
        var runners: [String: Runner] = [:]
        var routers: [VirtualRouter] = []
        for instance in plan.instances {
            let key = "\(instance.interface)/\(instance.family)/\(instance.sourceAddress?.description ?? "")"
            let link: VRRPLink
            if let existing = links[key] {
                link = existing
            } else {
                link = try VRRPLink(interface: instance.interface, family: instance.family, source: instance.sourceAddress)
                links[key] = link
            }
            var settings = instance.settings
            settings.primaryAddress = link.primaryAddress
            var resolved = instance
            resolved.settings = settings
            runners[instance.settings.name] = Runner(plan: resolved, link: link)
            routers.append(VirtualRouter(settings: settings, trackers: instance.trackers, interfaceUp: link.interface.isUp && link.interface.isRunning))
        }
        do {
            self.addressTable = try AddressTable()
        } catch {
            throw .system("\(error)")
        }
        let routerSet = RouterSet(routers: routers, groups: plan.groups.map { ($0.name, $0.members, $0.trackingWeight) })
        self.state = Mutex(State(routers: routerSet))
        self.runners = runners
        self.order = plan.instances.map(\.settings.name)
        self.links = Array(links.values)
        self.scripts = plan.scripts
        self.groups = plan.groups
        self.scriptUser = plan.scriptUser
        self.logger = logger
        self.commands = CommandRunner(logger: logger)
        self.statusFile = statusFile
        self.origin = clock.now
        // keepalived runs scripts as root when nothing says otherwise; so does racimo, but not
        // silently.
        if HostInfo.userID == 0, plan.scriptUser == nil {
            let notifies = plan.instances.flatMap { instance in
                [instance.notify.master, instance.notify.backup, instance.notify.fault, instance.notify.stop, instance.notify.any]
                    .compactMap { $0 }.filter { $0.user == nil }.map { _ in instance.settings.name }
            }
            let scripts = plan.scripts.filter { $0.user == nil }.map(\.name)
            if !scripts.isEmpty || !notifies.isEmpty {
                logger.warning("scripts will run as root: set 'script_user' in global_defs (or 'user' per script) to run them as another user", metadata: [
                    "vrrp_scripts": "\(scripts.joined(separator: ","))", "notify_of": "\(Set(notifies).sorted().joined(separator: ","))",
                ])
            }
        }
        for router in routerSet.routers {
            for adjustment in router.adjustments {
                logger.warning("\(adjustment)", metadata: ["instance": "\(router.settings.name)"])
            }
        }
    }

    /// Where `racimo vrrp` and the agent's vrrp role keep their state unless told otherwise.
    public static var defaultStatusFile: String {
        HostInfo.userID == 0 ? "/run/racimo-vrrp.json" : "/tmp/racimo-vrrp-\(HostInfo.userID).json"
    }

    /// Now on the driver's monotonic timeline.
    var now: Instant { Instant(clock.now - origin) }

    /// Runs until the task is cancelled (SIGTERM, SIGINT), then stops every instance the way
    /// keepalived does: masters send priority 0 and release their addresses.
    public func run() async {
        // A VIP left on the interface by a crashed run would answer for a master that may be
        // elsewhere now: take it off before starting, as keepalived does.
        // Not an owner's (priority 255: the VIPs are its own addresses), and never the address
        // the adverts go out from.
        for name in order {
            guard let runner = runners[name], runner.plan.settings.priority != 255 else { continue }
            let stale = runner.plan.virtualAddresses.map(\.address).filter { $0 != runner.link.primaryAddress }
            if !stale.isEmpty { perform([.instance(name, .removeAddresses(stale))], quietly: true) }
        }
        step { $0.start(now: now) }
        // Receivers are counted in, so that no socket is closed under a thread still reading it.
        let receivers = DispatchGroup()
        for link in links {
            receivers.enter()
            let thread = Thread { [self] in
                self.receive(on: link)
                receivers.leave()
            }
            thread.name = "vrrp-\(link.interface.name)"
            thread.start()
        }
        let trackers = TrackerPoller(driver: self)
        trackers.start()
        var nextStatus = now
        while !Task.isCancelled {
            fireDueTimers()
            trackers.pollInterfaces(now: now)
            // Counters change with every advert; the file follows once a second.
            if now >= nextStatus {
                writeStatus()
                nextStatus = now + .seconds(1)
            }
            try? await Task.sleep(for: .milliseconds(2))
        }
        trackers.stop()
        state.withLock { $0.stopped = true }
        step { $0.shutdown(now: now) }
        // The resource groups' stop commands finish before the process may exit.
        resourceQueue.sync {}
        // A receiver notices `stopped` within its 100 ms receive timeout.
        _ = receivers.wait(timeout: .now() + 2)
        for link in links { link.close() }
        addressTable.close()
        logger.info("stopped")
    }

    private func fireDueTimers() {
        let now = self.now
        let due = state.withLock { state -> [TimerKey] in
            let due = state.timers.filter { $0.value <= now }.sorted { $0.value < $1.value }.map(\.key)
            for key in due { state.timers[key] = nil }
            return due
        }
        for key in due {
            step { $0.timerFired(key.timer, instance: key.instance, now: now) }
        }
    }

    /// The receive loop of one link, on its own thread: adverts never wait behind a script.
    private func receive(on link: VRRPLink) {
        while !(state.withLock { $0.stopped }) {
            let packet: VRRPSocket.ReceivedPacket?
            do {
                packet = try link.socket.receive(timeout: .milliseconds(100))
            } catch {
                if state.withLock({ $0.stopped }) { return }
                logger.error("cannot receive VRRP adverts", metadata: ["interface": "\(link.interface.name)", "error": "\(error)"])
                Thread.sleep(forTimeInterval: 0.1)
                continue
            }
            guard let packet else { continue }
            received(packet, on: link)
        }
    }

    /// Decodes an advert with the checksum rule of the instance it is for, and hands it to that
    /// instance. An instance with unicast peers hears only them (and skips the TTL check, as
    /// keepalived does, since its peers may be routed); one without hears the multicast group.
    /// Malformed adverts are counted by reason and dropped.
    func received(_ packet: VRRPSocket.ReceivedPacket, on link: VRRPLink) {
        let now = self.now
        let offset = link.family == .v4 ? Int(packet.bytes.first.map { $0 & 0x0F } ?? 0) * 4 : 0
        guard packet.bytes.count > offset + 1 else { return count(drop: "truncated") }
        let vrid = packet.bytes[offset + 1]
        guard let from = IPAddress(bytes: packet.source), let to = IPAddress(bytes: packet.destination) else {
            return count(drop: "address")
        }
        if from == link.primaryAddress { return }  // our own, looped back by another socket
        let candidates = order.compactMap { runners[$0] }.filter { $0.link === link && $0.plan.settings.virtualRouterID == vrid }
        guard !candidates.isEmpty else { return count(drop: "other_vrid") }
        let unicast = candidates.first { $0.plan.unicastPeers.contains(from) }
        guard let runner = unicast ?? candidates.first(where: { $0.plan.unicastPeers.isEmpty && to.isMulticast }) else {
            return count(drop: "not_peer")
        }
        let isUnicast = unicast != nil
        let advert: Advertisement
        do throws(AdvertisementError) {
            switch link.family {
            case .v4:
                advert = try Advertisement.decodeIPv4Packet(packet.bytes, checksum: runner.plan.checksum, checkTTL: !isUnicast).0
            case .v6:
                advert = try Advertisement.decode(packet.bytes, addresses: PacketAddresses(source: from, destination: to),
                                                  ttl: isUnicast ? 255 : packet.hopLimit, checksum: runner.plan.checksum)
            }
        } catch {
            logger.debug("advert dropped", metadata: ["instance": "\(runner.plan.settings.name)", "reason": "\(error.reason)"])
            return count(drop: error.reason)
        }
        step { $0.receive(advert, from: from, instance: runner.plan.settings.name, now: now) }
    }

    private func count(drop reason: String) {
        state.withLock { $0.report.dropped[reason, default: 0] += 1 }
    }

    /// A tracker's new reading (script exit, interface state).
    func observe(_ tracker: String, _ observation: Tracker.Observation) {
        let now = self.now
        step { $0.trackerObserved(tracker, observation, now: now) }
    }

    /// An instance's own interface went down or came back.
    func interfaceChanged(instance: String, isUp: Bool) {
        let now = self.now
        step { $0.interfaceChanged(instance: instance, isUp: isUp, now: now) }
    }

    /// Feeds one event to the routers and carries out what they answer before the next event
    /// does: adverts, timers and trackers arrive on different threads, and a master's advert
    /// must not go out after the same router has been told to give up its addresses.
    func step(_ event: (inout RouterSet) -> [RouterSet.Action]) {
        sequence.withLock { _ in
            perform(state.withLock { event(&$0.routers) })
        }
    }

    /// What `racimo vrrp status` shows.
    public func status() -> VRRPStatusReport {
        state.withLock { state in
            var report = state.report
            report.instances = order.compactMap { name in
                guard let router = state.routers.router(name), let runner = runners[name] else { return nil }
                return VRRPStatusReport.Instance(router: router, runner: runner, timeline: state.report.timeline(of: name))
            }
            return report
        }
    }
}
