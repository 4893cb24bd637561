import Testing
import RunAnywhere

@Suite struct ControlStatusTests {
    @Test func anOrdinaryNodeTakesGuestsAndLetsProcessesGo() {
        #expect(ControlStatus.status(number: 3, name: "node3", flags: [], up: true, guests: 1, locals: 4) == """
            Node #3 (node3) is up.
            This node is currently:
              letting processes migrate away automatically
              accepting guest processes
              telling other nodes its load
            It runs 1 guest process and 4 local processes.

            """)
    }

    @Test func aNodeBeingEmptiedSaysSo() {
        let text = ControlStatus.status(number: 3, name: "node3", flags: [.expel, .bring, .quiet], up: true, guests: 0, locals: 2)
        #expect(text == """
            Node #3 (node3) is up.
            This node is currently:
              bring: calling its own processes home, and keeping them here (lstay)
              expel: sending every guest home, and taking no new ones (block)
              quiet: not telling other nodes its load, so they send it no guests
            It runs 0 guest processes and 2 local processes.

            """)
    }

    @Test func stayAndBlockAreNamed() {
        let text = ControlStatus.status(number: 1, name: "a", flags: [.stay, .block], up: true, guests: 0, locals: 1)
        #expect(text.contains("  stay: no process migrates away automatically\n"))
        #expect(text.contains("  block: taking no guest processes\n"))
    }

    @Test func aDownNodeHasNoKnownStatus() {
        #expect(ControlStatus.status(number: 2, name: "node2", flags: [], up: false, guests: 0, locals: 0)
            == "Node #2 (node2) is down: its status is unknown.\n")
    }

    @Test func aNodeOutsideTheMapIsNotConfigured() {
        #expect(ControlStatus.status(number: nil, name: "lab9", flags: [], up: true, guests: 0, locals: 0)
            == "Node lab9 is not configured: it has no number in the cluster map.\n")
    }

    @Test func theGettersPrintBareIntegers() {
        #expect(ControlStatus.load(1.256) == "126\n")
        #expect(ControlStatus.speed(15_000) == "15000\n")
        #expect(ControlStatus.memory(free: 512, total: 2048) == "512 2048\n")
        #expect(ControlStatus.freeMemory(free: 1, total: 2) == "1 2\n")
        #expect(ControlStatus.utilization(0.755) == "76\n")
        #expect(ControlStatus.utilization(1.5) == "100\n")
    }
}
