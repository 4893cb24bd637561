import Balancer
import RacimoCore
import Testing

/// IPVS `lblc` and `lblcr` (`ip_vs_lblc.c`, `ip_vs_lblcr.c`): overloaded = active > weight while
/// some server is under half its weight.
@Suite("IPVS lblc and lblcr: locality, overload, replication")
struct IPVSLocalityTests {
    private func to(_ destination: String, at seconds: Int64 = 0) -> RequestContext {
        RequestContext(client: ip("192.0.2.1"), destination: ip(destination), now: Instant(.seconds(seconds)))
    }

    @Test("lblc keeps a destination on its server until it is overloaded, then moves it for good")
    func lblc() {
        var s = IPVSLocalityBasedLeastConnection(servers: pool(1, 1))
        #expect(picks(&s, 5, open: true, to("10.0.2.1")) == "A A B B B")
        #expect(s.entries[ip("10.0.2.1")] == "B")
    }

    @Test("lblc: a server at its weight is not overloaded when nobody is under half of theirs")
    func lblcNotOverloaded() {
        var servers = pool(1, 1)
        servers[1].activeConnections = 1
        var s = IPVSLocalityBasedLeastConnection(servers: servers)
        #expect(picks(&s, 3, open: true, to("10.0.2.1")) == "A A A")
    }

    @Test("lblcr adds a server to the set on overload and uses the least loaded member")
    func lblcrReplicates() {
        var s = IPVSLocalityBasedLeastConnectionWithReplication(servers: pool(1, 1), expiration: .seconds(60))
        var seen: [String] = []
        for t in 0..<5 {
            let id = s.pick(for: to("10.0.2.1", at: Int64(t)))!
            s.connectionOpened(id)
            seen.append(id.name)
        }
        #expect(seen == ["A", "A", "B", "B", "B"])
        #expect(s.sets[ip("10.0.2.1")]?.members == ["B", "A"])
    }

    @Test("lblcr drops the most loaded member after the set is unchanged for the expiration")
    func lblcrShrinks() {
        var s = IPVSLocalityBasedLeastConnectionWithReplication(servers: pool(1, 1), expiration: .seconds(60))
        for t in 0..<5 {
            let id = s.pick(for: to("10.0.2.1", at: Int64(t)))!
            s.connectionOpened(id)
        }
        // Set last changed at 2 s; at 63 s B (3 active) is dropped and A (2 active) is used.
        #expect(s.pick(for: to("10.0.2.1", at: 63)) == "A")
        #expect(s.sets[ip("10.0.2.1")]?.members == ["A"])
    }
}
