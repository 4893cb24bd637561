import Balancer
import Testing

/// HAProxy `leastconn`, `first`, `source`, `random` (configuration.txt "balance").
@Suite("HAProxy leastconn, first, source, random")
struct HAProxyOtherAlgorithmsTests {
    @Test("leastconn round-robins among servers of equal load")
    func leastconnEqual() {
        var s = HAProxyLeastConn(servers: pool(1, 1, 1))
        #expect(picks(&s, 6) == "A B C A B C")
    }

    @Test("leastconn follows connections: a closed connection brings its server back first")
    func leastconnFollowsLoad() {
        var s = HAProxyLeastConn(servers: pool(1, 1, 1))
        #expect(picks(&s, 3, open: true) == "A B C")
        s.connectionClosed("B")
        #expect(picks(&s, 1, open: true) == "B")
    }

    @Test("leastconn divides by weight")
    func leastconnWeight() {
        var servers = pool(1, 2)
        servers[0].activeConnections = 1
        servers[1].activeConnections = 1
        var s = HAProxyLeastConn(servers: servers)
        #expect(picks(&s, 1) == "B")
    }

    @Test("first fills servers in order up to maxconn; one without maxconn takes the rest")
    func first() {
        var servers = pool(1, 1, 1)
        servers[0].maxConnections = 2
        servers[1].maxConnections = 2
        var s = HAProxyFirst(servers: servers)
        #expect(picks(&s, 7, open: true) == "A A B B C C C")
        s.connectionClosed("A")
        #expect(picks(&s, 1) == "A")
    }

    @Test("source hashes the XOR of the address words modulo the map: 10.0.1.1…4 give A B C A")
    func source() {
        var s = HAProxySource(servers: pool(1, 1, 1))
        let routed = ["10.0.1.1", "10.0.1.2", "10.0.1.3", "10.0.1.4"].map { s.pick(for: RequestContext(client: ip($0)))!.name }
        #expect(routed == ["A", "B", "C", "A"])
        #expect(HAProxySource.hash(ip("2001:db8::1")) == 0x2001_0db9)
    }

    @Test("source is static: a server going down moves other clients (map A C)")
    func sourceStatic() {
        var s = HAProxySource(servers: pool(1, 1, 1))
        s.serverDown("B")
        #expect(s.pick(for: RequestContext(client: ip("10.0.1.1"))) == "C")
    }

    @Test("random(2) draws by weight and keeps the less loaded of the two")
    func randomTwoChoices() {
        // Weights 1, 1, 2: draw 0 → A, 1 → B, 2 and 3 → C.
        var s = HAProxyRandom(servers: pool(1, 1, 2), random: ScriptedRandomSource([0, 3, 1, 0, 2, 0]))
        // A vs C, both idle: the first draw. B vs A (A busy): B. C vs A (A 1/1, C 0/2): C.
        #expect(picks(&s, 3, open: true) == "A B C")
    }

    @Test("random(1) is a plain weighted draw")
    func randomOneDraw() {
        var s = HAProxyRandom(servers: pool(1, 1, 2), draws: 1, random: ScriptedRandomSource([3, 2, 1, 0]))
        #expect(picks(&s, 4) == "C C B A")
    }
}
