import Balancer
import Testing

/// IPVS `rr` and `wrr` (`ip_vs_rr.c`, `ip_vs_wrr.c`).
@Suite("IPVS rr and wrr: exact rotation")
struct IPVSRotationTests {
    @Test("rr takes each server in turn, whatever the weights")
    func rrInTurn() {
        var s = IPVSRoundRobin(servers: pool(4, 3, 2))
        #expect(picks(&s, 6) == "A B C A B C")
    }

    @Test("rr skips a server that went down and carries on from where it was")
    func rrSkipsDown() {
        var s = IPVSRoundRobin(servers: pool(1, 1, 1))
        #expect(picks(&s, 1) == "A")
        s.serverDown("B")
        #expect(picks(&s, 4) == "C A C A")
    }

    @Test("rr gives nothing when every weight is 0")
    func rrNothing() {
        var s = IPVSRoundRobin(servers: pool(0, 0))
        #expect(picks(&s, 2) == "- -")
    }

    @Test("wrr with weights 4, 3, 2: passes at cw 4, 3, 2, 1 give A | A B | A B C | A B C")
    func wrrSequence() {
        var s = IPVSWeightedRoundRobin(servers: pool(4, 3, 2))
        #expect(picks(&s, 18) == "A A B A B C A B C A A B A B C A B C")
    }

    @Test("wrr steps by the gcd: weights 4 and 2 run cw 3, 1 and give A A B")
    func wrrGcd() {
        var s = IPVSWeightedRoundRobin(servers: pool(4, 2))
        #expect(picks(&s, 6) == "A A B A A B")
    }

    @Test("wrr recomputes gcd and max when a server goes down (ip_vs_wrr_dest_changed)")
    func wrrServerDown() {
        var s = IPVSWeightedRoundRobin(servers: pool(4, 3, 2))
        s.serverDown("B")
        #expect(picks(&s, 6) == "A A C A A C")
    }

    @Test("wrr gives nothing when every weight is 0, and resumes when one comes back")
    func wrrNothing() {
        var s = IPVSWeightedRoundRobin(servers: pool(0, 0))
        #expect(picks(&s, 2) == "- -")
        s.weightChanged("B", to: 2)
        #expect(picks(&s, 2) == "B B")
    }

    @Test("a drained server (quiescent weight 0) takes no new connections")
    func wrrDrain() {
        var s = IPVSWeightedRoundRobin(servers: pool(1, 1))
        s.setState(.drain, of: "A")
        #expect(picks(&s, 3) == "B B B")
    }
}
