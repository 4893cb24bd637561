import Balancer
import RacimoCore
import Testing

/// LVS persistence (ipvsadm(8) `-p`, `-M`; `ip_vs_sched_persist` in `ip_vs_core.c`).
@Suite("PersistenceTable: LVS -p templates")
struct PersistenceTableTests {
    private func at(_ seconds: Int64) -> Instant { Instant(.seconds(seconds)) }
    private func from(_ client: String) -> RequestContext { RequestContext(client: ip(client)) }

    @Test("default timeout is 300 s and the default netmask keeps whole addresses")
    func defaults() {
        let table = PersistenceTable()
        #expect(table.timeout == .seconds(300))
        #expect(table.key(for: ip("10.1.2.3")) == ip("10.1.2.3"))
        #expect(table.key(for: ip("2001:db8::1")) == ip("2001:db8::1"))
    }

    @Test("a netmask groups clients: /24 and /64")
    func netmask() {
        let table = PersistenceTable(ipv4PrefixLength: 24, ipv6PrefixLength: 64)
        #expect(table.key(for: ip("10.1.2.3")) == ip("10.1.2.0"))
        #expect(table.key(for: ip("2001:db8:1:2:3::1")) == ip("2001:db8:1:2::"))
        #expect(PersistenceTable(ipv4PrefixLength: 20).key(for: ip("10.1.31.3")) == ip("10.1.16.0"))
    }

    @Test("a client sticks to its first server while rr would rotate")
    func sticks() {
        var rr = IPVSRoundRobin(servers: pool(1, 1, 1))
        var table = PersistenceTable()
        let seen = (0..<3).map { _ in table.pick(for: from("10.0.1.1"), now: at(0), using: &rr)!.name }
        #expect(seen == ["A", "A", "A"])
        #expect(table.pick(for: from("10.0.1.2"), now: at(0), using: &rr) == "B")
    }

    @Test("clients in one /24 share a template")
    func sharedTemplate() {
        var rr = IPVSRoundRobin(servers: pool(1, 1))
        var table = PersistenceTable(ipv4PrefixLength: 24)
        #expect(table.pick(for: from("10.0.1.1"), now: at(0), using: &rr) == "A")
        #expect(table.pick(for: from("10.0.1.200"), now: at(0), using: &rr) == "A")
        #expect(table.pick(for: from("10.0.2.1"), now: at(0), using: &rr) == "B")
    }

    @Test("a template expires `timeout` after its last connection ends, not before")
    func expiry() {
        var rr = IPVSRoundRobin(servers: pool(1, 1))
        var table = PersistenceTable()
        #expect(table.pick(for: from("10.0.1.1"), now: at(0), using: &rr) == "A")
        // Still open at 400 s: the template holds.
        #expect(table.expire(now: at(400)) == [])
        table.connectionEnded(client: ip("10.0.1.1"), now: at(400))
        #expect(table.nextExpiry == TimerRequest("persistence", at: at(700)))
        #expect(table.expire(now: at(699)) == [])
        #expect(table.expire(now: at(700)) == [ip("10.0.1.1")])
        #expect(table.pick(for: from("10.0.1.1"), now: at(701), using: &rr) == "B")
    }

    @Test("a quiesced server keeps its persistent clients unless expire_quiescent_template")
    func quiescent() {
        var rr = IPVSRoundRobin(servers: pool(1, 1))
        var table = PersistenceTable()
        #expect(table.pick(for: from("10.0.1.1"), now: at(0), using: &rr) == "A")
        rr.weightChanged("A", to: 0)
        #expect(table.pick(for: from("10.0.1.1"), now: at(1), using: &rr) == "A")
        table.expireQuiescentTemplate = true
        #expect(table.pick(for: from("10.0.1.1"), now: at(2), using: &rr) == "B")
    }

    @Test("a failed server's clients are scheduled again")
    func failedServer() {
        var rr = IPVSRoundRobin(servers: pool(1, 1))
        var table = PersistenceTable()
        #expect(table.pick(for: from("10.0.1.1"), now: at(0), using: &rr) == "A")
        rr.serverDown("A")
        #expect(table.pick(for: from("10.0.1.1"), now: at(1), using: &rr) == "B")
        #expect(table.templates[ip("10.0.1.1")]?.server == "B")
    }
}
