import Balancer
import Testing

/// IPVS `lc`, `wlc`, `sed`, `nq` (`ip_vs_lc.c`, `ip_vs_wlc.c`, `ip_vs_sed.c`, `ip_vs_nq.c`).
@Suite("IPVS lc, wlc, sed, nq: overheads and tie-breaks")
struct IPVSLeastConnectionTests {
    @Test("overhead is active × 256 + inactive")
    func overhead() {
        let s = Server("A", address: ip("10.0.0.1"), activeConnections: 2, inactiveConnections: 7)
        #expect(s.ipvsOverhead == 519)
    }

    @Test("lc: least overhead, first in list on a tie, weights ignored")
    func lc() {
        var s = IPVSLeastConnection(servers: pool(1, 1, 100))
        #expect(picks(&s, 4, open: true) == "A B C A")
        s.connectionClosed("A")
        s.connectionClosed("A")
        // A: 2 inactive (overhead 2) against B and C: 1 active (256).
        #expect(picks(&s, 1) == "A")
    }

    @Test("lc: 300 inactive connections weigh more than one active")
    func lcInactive() {
        var servers = pool(1, 1)
        servers[0].inactiveConnections = 300
        servers[1].activeConnections = 1
        var s = IPVSLeastConnection(servers: servers)
        #expect(picks(&s, 1) == "B")
    }

    @Test("wlc with weights 1, 2, 3 and a connection per pick: A B C C B C A")
    func wlc() {
        var s = IPVSWeightedLeastConnection(servers: pool(1, 2, 3))
        #expect(picks(&s, 7, open: true) == "A B C C B C A")
    }

    @Test("wlc ignores weight-0 and down servers")
    func wlcSkips() {
        var s = IPVSWeightedLeastConnection(servers: pool(0, 1, 1))
        s.serverDown("B")
        #expect(picks(&s, 2, open: true) == "C C")
    }

    @Test("sed with weights 1, 3: (active + 1) / weight gives B B A B B B A")
    func sed() {
        var s = IPVSShortestExpectedDelay(servers: pool(1, 3))
        #expect(picks(&s, 7, open: true) == "B B A B B B A")
    }

    @Test("sed ignores inactive connections")
    func sedInactive() {
        var servers = pool(1, 1)
        servers[0].inactiveConnections = 300
        servers[1].activeConnections = 1
        var s = IPVSShortestExpectedDelay(servers: servers)
        #expect(picks(&s, 1) == "A")
    }

    @Test("nq: an idle server first, then as sed: A B B B B B A")
    func nq() {
        var s = IPVSNeverQueue(servers: pool(1, 3))
        #expect(picks(&s, 7, open: true) == "A B B B B B A")
    }

    @Test("nq: an idle light server beats a busy heavy one")
    func nqIdleWins() {
        var servers = pool(100, 1)
        servers[0].activeConnections = 1
        var s = IPVSNeverQueue(servers: servers)
        #expect(picks(&s, 1) == "B")
    }
}
