import Foundation
import Membership
import MembershipIO
import RacimoCore
import RunAnywhere
import RunAnywhereIO

/// Turns membership's view into the placement policy's input and a start's request into a
/// node: what mosrun did with openMosix's load vector.
struct RunPlacement: Sendable {
    let myself: RacimoCore.NodeName
    /// The cluster's run port, and the host this node's own run port answers on.
    let port: Int
    let localHost: String
    /// This node's cluster address, for numbering it.
    let localAddress: String?
    /// Node numbers, from the map or the addresses.
    let numbering: @Sendable (String) -> Int?
    let policy = PlacementPolicy()

    /// Every node that plays `run`, with its load as the policy sees it. Gossip lags a
    /// second or two behind a start, so a node's load is at least the number of this home's
    /// processes running there (openMosix counted its own recent sends the same way).
    ///
    /// And the other way: a process of this home that ended on a node no longer loads it,
    /// though the node's decayed reading still shows part of it for a second or two: that
    /// part is taken off, so the policy fills the room at once rather than gossips later.
    func loads(_ view: MembershipView, placed: [String: Int], runningHere: Int,
               endedSince: (String, Date) -> Double = { _, _ in 0 }) -> [(load: NodeLoad, host: String?)] {
        func gone(_ name: RacimoCore.NodeName, _ info: NodeInfo) -> Double {
            endedSince(name.rawValue, Date(timeIntervalSince1970: Double(info.wallClock.millisecondsSinceEpoch) / 1000))
        }
        var nodes: [(NodeLoad, String?)] = [(load(view.myself, view.info, up: true, placed: max(placed[view.myself.rawValue] ?? 0, runningHere),
                                                  ended: gone(view.myself, view.info)), localHost)]
        for member in view.members where member.name != view.myself {
            guard let info = member.info, info.roles.contains(Role.run.rawValue) else { continue }
            nodes.append((load(member.name, info, up: member.status == .alive, placed: placed[member.name.rawValue] ?? 0,
                               ended: gone(member.name, info)), member.address?.host))
        }
        return nodes
    }

    private func load(_ name: RacimoCore.NodeName, _ info: NodeInfo, up: Bool, placed: Int, ended: Double) -> NodeLoad {
        return NodeLoad(
            name: RunAnywhere.NodeName(name.rawValue), cpus: max(1, info.cpus), speed: info.speed,
            runnable: max(info.runQueueLoad - ended, Double(placed)), freeMemory: Int(clamping: info.memoryFree),
            totalMemory: Int(clamping: info.memoryTotal), flags: NodeFlags(info.flags), reachable: up)
    }

    /// Where `start` goes.
    func choose(_ start: RunStart, among nodes: [(load: NodeLoad, host: String?)]) -> Result<PlacementChoice, PlacementRefusal> {
        let home = RunAnywhere.NodeName(myself.rawValue)
        func endpoint(_ name: RunAnywhere.NodeName, reason: String) -> Result<PlacementChoice, PlacementRefusal> {
            guard let host = nodes.first(where: { $0.load.name == name })?.host else {
                return .failure(PlacementRefusal("\(name) has no address to reach it at"))
            }
            return .success(PlacementChoice(node: name.rawValue, endpoint: Endpoint(host: host, port: port), reason: reason))
        }
        let process = PlacedProcess(id: ProcessID(start.id), home: home, memory: 0)
        switch start.placement {
        case .home:
            return endpoint(home, reason: "\(home): asked to run at home (-h)")
        case .node(let wanted):
            guard let node = nodes.first(where: { matches($0, wanted) }) else {
                return .failure(PlacementRefusal("no node \(wanted) plays run in this cluster (see racimo mon)"))
            }
            guard node.load.reachable else { return .failure(PlacementRefusal("node \(wanted) is not reachable now")) }
            if node.load.name != home && !node.load.flags.acceptsGuests {
                return .failure(PlacementRefusal("node \(wanted) accepts no guests (blocked)"))
            }
            return endpoint(node.load.name, reason: "\(node.load.name): asked for by name")
        case .among(let wanted):
            let chosen = nodes.filter { node in wanted.contains { matches(node, $0) } }
            guard !chosen.isEmpty else { return .failure(PlacementRefusal("none of \(wanted.joined(separator: ",")) plays run in this cluster")) }
            let decision = policy.choose(for: process, among: chosen.map(\.load), home: home)
            // Home is the fallback only when it was on the list.
            if decision.reason == .noRoom && !chosen.contains(where: { $0.load.name == home }) {
                return .failure(PlacementRefusal("no node of \(wanted.joined(separator: ",")) can take it now: \(decision.explanation)"))
            }
            return endpoint(decision.node, reason: decision.explanation)
        case .best:
            let decision = policy.choose(for: process, among: nodes.map(\.load), home: home)
            return endpoint(decision.node, reason: decision.explanation)
        }
    }

    /// A node is named by its name, or by its number (see `RunRole.number(ofAddress:)`).
    private func matches(_ node: (load: NodeLoad, host: String?), _ wanted: String) -> Bool {
        if node.load.name.rawValue == wanted { return true }
        guard let number = Int(wanted), let host = node.host else { return false }
        return numbering(host == localHost ? (localAddress ?? host) : host) == number
    }
}

extension NodeFlags {
    /// The policy's flags from membership's gossiped ones.
    init(_ control: ControlFlags) {
        self = []
        if control.contains(.block) { insert(.block) }
        if control.contains(.localStay) { insert(.lstay) }
        if control.contains(.stay) { insert(.stay) }
        if control.contains(.quiet) { insert(.quiet) }
        if control.contains(.expel) { insert(.expel) }
        if control.contains(.bring) { insert(.bring) }
    }
}
