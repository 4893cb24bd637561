import Foundation
import RacimoCore
@testable import RunAnywhereIO
import Testing

@Suite("Home table: where this home's processes count for the placement policy")
struct HomeTableTests {
    func table(_ nodes: [String]) -> HomeTable {
        let table = HomeTable()
        for (index, node) in nodes.enumerated() {
            let id = table.newID()
            table.add(
                ProcessEntry(id: id, homePID: 100 + Int32(index), uid: 65534, user: "nobody", command: "fib", home: "h1",
                             node: node, pid: 200 + Int32(index), migrations: 0, state: "running", seconds: 0, stays: nil, placement: ""),
                signal: { _ in }, lost: { _ in }, migrate: { _ in })
        }
        return table
    }

    @Test("a process on its way to a node counts there at once, so the next round sends no second one after it")
    func movingCountsAtTheTarget() {
        let table = table(["h1", "h1"])
        #expect(table.placedCount() == ["h1": 2])
        let target = PlacementChoice(node: "h2", endpoint: Endpoint(host: "10.213.0.2", port: 9403), reason: "")
        #expect(table.migrate(1, to: target))
        #expect(table.placedCount() == ["h1": 1, "h2": 1])
        #expect(table.entries().first?.movingTo == "h2")
        table.update(1) { $0.movingTo = nil }
        #expect(table.placedCount() == ["h1": 2], "a move that did not happen counts where the process still is")
        #expect(!table.migrate(9, to: target))
    }

    @Test("a process that left a node fades from that node's load reading as an ended one does")
    func departureFades() {
        let table = table(["h1", "h1"])
        let readBefore = Date().addingTimeInterval(-0.1)
        table.departed(1, from: "h1")
        #expect(table.endedLoad(on: "h1", readAt: readBefore) == 1)
        #expect(table.endedLoad(on: "h2", readAt: readBefore) == 0)
        let readLater = Date().addingTimeInterval(1)
        #expect(abs(table.endedLoad(on: "h1", readAt: readLater) - pow(0.6, 2)) < 0.05)
    }
}
