import Foundation
import LinuxSupport
import RacimoCore
import Synchronization
import VRRP

/// Feeds the routers their trackers' readings: each `vrrp_script` runs on its own thread at its
/// interval with its timeout (a slow script never delays an advert), and interfaces are read on
/// the driver's loop, reporting changes only.
final class TrackerPoller: Sendable {
    private let driver: VRRPDriver
    private let stopped = Atomic<Bool>(false)
    /// Last reading of each interface: tracked ones and the instances' own.
    private let interfaces = Mutex<[String: Bool]>([:])
    private let nextInterfacePoll = Mutex<Instant>(.zero)

    init(driver: VRRPDriver) {
        self.driver = driver
    }

    func start() {
        for script in driver.scripts {
            let thread = Thread { [self] in self.runScript(script) }
            thread.name = "vrrp-script-\(script.name)"
            thread.start()
        }
    }

    func stop() { stopped.store(true, ordering: .relaxed) }

    private func runScript(_ script: KeepalivedConfiguration.Script) {
        while !stopped.load(ordering: .relaxed) {
            let started = ContinuousClock.now
            let user = script.user ?? driver.scriptUser?.user
            let group = script.user != nil ? script.group : driver.scriptUser?.group
            let status = driver.commands.run(script.command, what: "vrrp_script \(script.name)", wait: true, timeout: script.timeout,
                                             user: user, group: group)
            if stopped.load(ordering: .relaxed) { return }
            driver.observe(script.name, status == 0 ? .success : .failure)
            let left = script.interval - (ContinuousClock.now - started)
            if left > .zero { Thread.sleep(forTimeInterval: Double(left.components.seconds) + Double(left.components.attoseconds) / 1e18) }
        }
    }

    /// Reads interface states every 100 ms; a change goes to the trackers of that name and to
    /// the instances on that interface (keepalived's own-interface tracking).
    func pollInterfaces(now: Instant) {
        let due = nextInterfacePoll.withLock { next -> Bool in
            guard now >= next else { return false }
            next = now + .milliseconds(100)
            return true
        }
        guard due else { return }
        var names = Set<String>()
        for runner in driver.runners.values {
            if runner.plan.tracksInterface { names.insert(runner.plan.interface) }
            for tracker in runner.plan.trackers where tracker.kind == .interface { names.insert(tracker.name) }
        }
        for name in names.sorted() {
            let up = (try? NetworkInterface.named(name)).map { $0.isUp && $0.isRunning } ?? false
            let previous = interfaces.withLock { known -> Bool? in
                defer { known[name] = up }
                return known[name]
            }
            // The first reading counts too: a tracked interface down (or missing) at start-up
            // must weigh from the start, not from its first change.
            guard previous != up else { continue }
            driver.observe(name, up ? .success : .failure)
            guard previous != nil else { continue }
            for runner in driver.runners.values where runner.plan.tracksInterface && runner.plan.interface == name {
                driver.interfaceChanged(instance: runner.plan.settings.name, isUp: up)
            }
        }
    }
}
