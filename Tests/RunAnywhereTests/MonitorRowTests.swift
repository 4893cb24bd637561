import Testing
import RunAnywhere

@Suite struct MonitorViewTests {
    @Test func mosmonsKeysSelectTheViews() {
        #expect(MonitorView(key: "l") == .load)
        #expect(MonitorView(key: "s") == .speed)
        #expect(MonitorView(key: "m") == .memory)
        #expect(MonitorView(key: "u") == .utilization)
    }

    @Test func otherKeysSelectNothing() {
        #expect(MonitorView(key: "r") == nil)
        #expect(MonitorView(key: "L") == nil)
    }

    @Test func everyViewHasItsOwnKey() {
        #expect(Set(MonitorView.allCases.map(\.key)).count == MonitorView.allCases.count)
    }
}
