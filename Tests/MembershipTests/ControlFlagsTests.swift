import Membership
import Testing

@Suite("Control flags as mosctl named them")
struct ControlFlagsTests {
    @Test("every flag has mosctl's word, in bit order; none set gives none")
    func names() {
        #expect(ControlFlags([.bring, .block, .expel, .quiet, .stay, .localStay]).names == ["block", "lstay", "stay", "quiet", "expel", "bring"])
        #expect(ControlFlags([.expel, .block]).names == ["block", "expel"])
        #expect(ControlFlags().names.isEmpty)
    }
}
