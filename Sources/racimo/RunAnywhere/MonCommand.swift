import ArgumentParser
import Foundation
import LinuxSupport
import RunAnywhere
import RunAnywhereIO

/// `racimo mon`: mosmon. A live chart of every node's load, speed, memory or utilisation,
/// redrawn every second; keys switch the view (l, s, m, u) and q quits.
struct MonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mon", abstract: "Watch the nodes' load, speed, memory and utilisation live (mosmon).")

    @OptionGroup var socket: RunSocketOptions
    @Flag(help: "Print one JSON snapshot and exit.") var json = false
    @Flag(help: "Draw the chart once and exit.") var once = false
    @Option(help: "The view to start with: l, s, m or u.") var view: String = "l"

    func run() throws {
        guard var current = view.first.flatMap(MonitorView.init(key:)) else {
            printError("racimo mon: --view takes l (load), s (speed), m (memory) or u (utilization)")
            throw ExitCode(2)
        }
        if json {
            guard case .nodes(let nodes) = try socket.ask(.nodes, command: "mon") else { throw ExitCode(1) }
            return try printJSON(nodes)
        }
        let live = !once && Terminal.isTerminal(0) && Terminal.isTerminal(1)
        guard live else { return print(try chart(current)) }
        let restore = Terminal.keysWithoutEnter()
        defer {
            restore()
            StandardStreams.write(Array("\u{1B}[?25h".utf8), to: 1)
        }
        while true {
            let frame = try chart(current)
            StandardStreams.write(Array(("\u{1B}[H\u{1B}[2J\u{1B}[?25l" + frame).utf8), to: 1)
            let deadline = Date().addingTimeInterval(1)
            while Date() < deadline {
                guard let key = Terminal.key(within: Int32(max(1, deadline.timeIntervalSinceNow * 1000))) else { continue }
                if key == UInt8(ascii: "q") { return }
                if let chosen = MonitorView(key: Character(UnicodeScalar(key))) {
                    current = chosen
                    break
                }
            }
        }
    }

    private func chart(_ view: MonitorView) throws -> String {
        guard case .nodes(let nodes) = try socket.ask(.nodes, command: "mon") else { throw ExitCode(1) }
        let rows = nodes.map { node in
            MonitorRow(
                number: node.number, name: NodeName(node.name), load: node.load, cpus: node.cpus, speed: node.speed,
                memoryTotal: Int(clamping: node.memoryTotal), memoryFree: Int(clamping: node.memoryFree),
                utilization: node.utilization, flags: NodeFlags(names: node.flags), up: node.up)
        }
        let size = Terminal.size() ?? (80, 24)
        return MonitorChart.render(rows, view: view, width: max(size.columns, MonitorChart.minimumWidth),
                                   height: max(min(size.rows - 1, 30), MonitorChart.minimumHeight)) + "\n"
    }
}

extension NodeFlags {
    /// From mosctl's words, as the agent sends them.
    init(names: [String]) {
        self = []
        for name in names {
            switch name {
            case "block": insert(.block)
            case "lstay": insert(.lstay)
            case "stay": insert(.stay)
            case "quiet": insert(.quiet)
            case "expel": insert(.expel)
            case "bring": insert(.bring)
            default: break
            }
        }
    }
}
