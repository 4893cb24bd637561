import Balancer
import Testing
@testable import Balancer

/// HAProxy `roundrobin` and `static-rr` (configuration.txt "balance"; `src/lb_map.c`).
@Suite("HAProxy roundrobin and static-rr")
struct HAProxyRoundRobinTests {
    @Test("roundrobin with weights 4, 3, 2 spreads turns: A B C A B A C B A")
    func smooth() {
        var s = HAProxyRoundRobin(servers: pool(4, 3, 2))
        #expect(picks(&s, 18) == "A B C A B A C B A A B C A B A C B A")
    }

    @Test("roundrobin is dynamic: a new weight applies from the next pick")
    func dynamicWeight() {
        var s = HAProxyRoundRobin(servers: pool(1, 1))
        #expect(picks(&s, 2) == "A B")
        s.weightChanged("B", to: 3)
        #expect(picks(&s, 8) == "B A B B B A B B")
    }

    @Test("backups take traffic only while no active server can")
    func backup() {
        var servers = pool(1, 1)
        servers[1].isBackup = true
        var s = HAProxyRoundRobin(servers: servers)
        #expect(picks(&s, 2) == "A A")
        s.serverDown("A")
        #expect(picks(&s, 2) == "B B")
        s.setState(.maintenance, of: "B")
        #expect(picks(&s, 1) == "-")
    }

    @Test("the server map for 4, 3, 2 is A B A B C A A B C (recalc_server_map)")
    func serverMap() {
        let servers = pool(4, 3, 2)
        let map = HAProxyServerMap(candidates: [0, 1, 2], weights: servers.map(\.weight))
        #expect(map.slots.map { servers[$0].id.name } == ["A", "B", "A", "B", "C", "A", "A", "B", "C"])
    }

    @Test("static-rr walks the map in order")
    func staticOrder() {
        var s = HAProxyStaticRoundRobin(servers: pool(4, 3, 2))
        #expect(picks(&s, 18) == "A B A B C A A B C A B A B C A A B C")
    }

    @Test("static-rr ignores weight changes on the fly")
    func staticIgnoresWeight() {
        var s = HAProxyStaticRoundRobin(servers: pool(4, 3, 2))
        s.weightChanged("A", to: 1)
        #expect(picks(&s, 9) == "A B A B C A A B C")
    }

    @Test("static-rr rebuilds on DOWN: 4 and 2 reduce to 2 and 1, map A A C")
    func staticDown() {
        var s = HAProxyStaticRoundRobin(servers: pool(4, 3, 2))
        s.serverDown("B")
        #expect(picks(&s, 6) == "A A C A A C")
    }

    @Test("static-rr skips a server at maxconn")
    func staticMaxconn() {
        var servers = pool(4, 3, 2)
        servers[0].maxConnections = 1
        servers[0].activeConnections = 1
        var s = HAProxyStaticRoundRobin(servers: servers)
        #expect(picks(&s, 6) == "B B C B C B")
    }
}
