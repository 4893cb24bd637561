import Foundation
import LinuxSupport
import Logging
import Membership
import MembershipIO
import RacimoCore
import RunAnywhereIO
import ServiceLifecycle

/// The run role as a Service: the home socket and the run port open until graceful
/// shutdown, and membership's verdicts passed on (a process on a node declared dead is
/// reported killed at home with the reason).
struct RunService: Service {
    let home: HomeServer
    let exec: ExecServer
    let membership: MembershipDriver

    let mover: RunMover
    let rebalance: Bool

    static func make(configuration: AgentConfiguration, role: RunRole, keyRing: KeyRing, membership: MembershipDriver) -> RunService {
        let logger = Logger(label: "run")
        let racimo = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        // CRIU moves running processes; without it (or when `criu check` fails) processes are
        // still placed at start, and the reason is what `racimo migrate` and `ps` show.
        var criu: [String]?
        var problem = ""
        if FileManager.default.isExecutableFile(atPath: role.criu) {
            switch Checkpoint.check(criu: [role.criu]) {
            case .success: criu = [role.criu]
            case .failure(let why): problem = "criu check failed: \(why)"
            }
        } else {
            problem = "\(role.criu) is not installed (Debian's criu package; see docs/run-anywhere.md)"
        }
        if criu == nil { logger.warning("run: processes will not move", metadata: ["why": "\(problem)"]) }
        Subreaper.start()
        let exec = ExecServer(
            node: configuration.nodeName, keyRing: keyRing, listen: role.listen, racimo: racimo, allowRoot: role.allowRoot,
            criu: criu, criuProblem: problem, imageFolder: role.images,
            acceptsGuests: { !membership.view().info.flags.contains(.block) }, logger: logger)
        let localHost = role.listen.host == "0.0.0.0" ? (configuration.addresses.first?.host ?? "127.0.0.1") : role.listen.host
        let placement = RunPlacement(
            myself: configuration.nodeName, port: role.listen.port, localHost: localHost,
            localAddress: configuration.addresses.first?.host, numbering: { role.number(ofAddress: $0) })
        let control = RunControl(membership: membership, guests: exec.registry, numbering: { role.number(ofAddress: $0) })
        let moverBox = MoverBox()
        let tableBox = TableBox()
        let home = HomeServer(
            node: configuration.nodeName, keyRing: keyRing, socketPath: role.socket, logger: logger,
            place: { start in
                let nodes = placement.loads(
                    membership.view(), placed: tableBox.table?.placedCount() ?? [:], runningHere: exec.registry.all.count)
                return placement.choose(start, among: nodes)
            },
            control: { query, peer in
                if case .migrate(let id, let target) = query, let mover = moverBox.mover {
                    return mover.migrate(id, to: target, peer: peer.uid)
                }
                return control.answer(query, peer: peer)
            })
        tableBox.table = home.table
        let mover = RunMover(
            table: home.table, placement: placement, membership: membership, runningHere: { exec.registry.all.count }, logger: logger)
        moverBox.mover = mover
        // A process that ends frees room now: rebalance at once rather than at the next tick.
        if role.rebalance && criu != nil {
            home.table.onChange { DispatchQueue.global().async { mover.rebalance() } }
        }
        return RunService(home: home, exec: exec, membership: membership, mover: mover, rebalance: role.rebalance && criu != nil)
    }

    func run() async throws {
        try await exec.start()
        try await home.start()
        await cancelWhenGracefulShutdown { await watchMembership() }
        await home.stop()
        await exec.stop()
    }

    /// Polls membership four times a second (and rebalances, so an `expel` or `bring` seen in
    /// gossip acts within a quarter second): each member newly seen dead or gone has its
    /// processes from this home reported killed.
    private func watchMembership() async {
        var reported: Set<String> = []
        while !Task.isCancelled {
            for member in membership.view().members {
                if member.status == .dead || member.status == .left {
                    if reported.insert(member.name.rawValue).inserted {
                        home.nodeLost(member.name.rawValue, reason: "its node \(member.name) \(member.status == .left ? "left the cluster" : "died")")
                    }
                } else {
                    reported.remove(member.name.rawValue)
                }
            }
            if rebalance { mover.rebalance() }
            try? await Task.sleep(for: .milliseconds(250))
        }
    }
}

/// Lets the placement closure read the home table made with the server it is given to.
private final class TableBox: @unchecked Sendable {
    var table: HomeTable?
}

/// Lets the control closure reach the mover made after the server.
private final class MoverBox: @unchecked Sendable {
    var mover: RunMover?
}
