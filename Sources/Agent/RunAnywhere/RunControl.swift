import LinuxSupport
import Membership
import MembershipIO
import RacimoCore
import RunAnywhere
import RunAnywhereIO

/// `racimo ctl` and `racimo mon` on the agent's side: this node's control flags and speed
/// (mosctl), and every node's reading (mosmon's data).
struct RunControl: Sendable {
    let membership: MembershipDriver
    let guests: GuestRegistry
    let numbering: @Sendable (String) -> Int?

    func answer(_ query: RunQuery, peer: PeerCredentials) -> RunAnswer {
        switch query {
        case .nodes: return .nodes(nodes())
        case .control(let word, let value): return control(word, value: value, peer: peer)
        case .processes, .killAll, .migrate: return .refused("not a control query")
        }
    }

    /// The words `racimo ctl` takes that change this node (root only, as with mosctl);
    /// expel and bring imply block and lstay, as mosctl(1) says.
    static func change(_ word: String) -> ((inout ControlFlags) -> Void)? {
        switch word {
        case "block": { $0.insert(.block) }
        case "noblock": { $0.subtract([.block, .expel]) }
        case "lstay": { $0.insert(.localStay) }
        case "nolstay": { $0.subtract([.localStay, .bring]) }
        case "stay": { $0.insert(.stay) }
        case "nostay": { $0.remove(.stay) }
        case "quiet": { $0.insert(.quiet) }
        case "noquiet": { $0.remove(.quiet) }
        case "expel": { $0.formUnion([.expel, .block]) }
        case "bring": { $0.formUnion([.bring, .localStay]) }
        default: nil
        }
    }

    private func control(_ word: String, value: Int?, peer: PeerCredentials) -> RunAnswer {
        let info = membership.view().info
        if let change = Self.change(word) {
            guard peer.uid == 0 else { return .refused("racimo ctl \(word): only root may change this node's flags") }
            let after = membership.updateControl { flags, _ in change(&flags) }
            return .text(ControlStatus.facts(NodeFlags(after.flags)).joined(separator: "\n"))
        }
        switch word {
        case "setspeed":
            guard peer.uid == 0 else { return .refused("racimo ctl setspeed: only root may set this node's speed") }
            guard let value, value > 0 else { return .refused("racimo ctl setspeed N: N must be a positive number (10000 = a reference CPU)") }
            membership.updateControl { _, speed in speed = value }
            return .text("\(value)")
        case "getload": return .text(ControlStatus.load(normalized(info)))
        case "getspeed": return .text(ControlStatus.speed(info.speed))
        case "getmem": return .text(ControlStatus.memory(free: Int(clamping: info.memoryFree), total: Int(clamping: info.memoryTotal)))
        case "getfree": return .text(ControlStatus.freeMemory(free: Int(clamping: info.memoryFree), total: Int(clamping: info.memoryTotal)))
        case "getutil": return .text(ControlStatus.utilization(info.cpuUtilization))
        case "status":
            let view = membership.view()
            let here = guests.all
            let guestCount = here.filter { $0.home != view.myself.rawValue }.count
            return .text(ControlStatus.status(
                number: view.addresses.first.flatMap { numbering($0.host) },
                name: RunAnywhere.NodeName(view.myself.rawValue), flags: NodeFlags(info.flags), up: true,
                guests: guestCount, locals: here.count - guestCount))
        default:
            return .refused("racimo ctl: unknown word '\(word)'")
        }
    }

    private func nodes() -> [NodeEntry] {
        let view = membership.view()
        let myself = view.myself.rawValue
        var entries = [entry(myself, view.info, up: true, address: view.addresses.first?.host, guests: guests.guests(notFrom: myself).count)]
        for member in view.members where member.name != view.myself {
            guard let info = member.info, info.roles.contains(Role.run.rawValue) else { continue }
            entries.append(entry(member.name.rawValue, info, up: member.status == .alive, address: member.address?.host, guests: 0))
        }
        return entries.sorted { ($0.number ?? Int.max, $0.name) < ($1.number ?? Int.max, $1.name) }
    }

    /// Load per reference CPU, as the policy and mosmon see it.
    private func normalized(_ info: NodeInfo) -> Double {
        info.runQueueLoad / (Double(max(info.cpus, 1)) * Double(max(info.speed, 1)) / 10000)
    }

    private func entry(_ name: String, _ info: NodeInfo, up: Bool, address: String?, guests: Int) -> NodeEntry {
        NodeEntry(
            name: name, number: address.flatMap(numbering), up: up,
            load: normalized(info),
            cpus: info.cpus, speed: info.speed, memoryTotal: info.memoryTotal, memoryFree: info.memoryFree,
            utilization: info.cpuUtilization, flags: info.flags.names, guests: guests)
    }
}
