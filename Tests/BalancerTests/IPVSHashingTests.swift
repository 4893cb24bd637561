import Balancer
import Testing
@testable import Balancer

/// IPVS `sh` and `dh` (`ip_vs_sh.c`, `ip_vs_dh.c`): bucket = (address × 2654435761) & 255.
/// For 10.0.1.x only the last byte matters: bucket = x × 0xB1 mod 256, so .1 → 177, .2 → 98,
/// .3 → 19, .4 → 196, .0 → 0.
@Suite("IPVS sh and dh: the 256-bucket table")
struct IPVSHashingTests {
    private let clients = ["10.0.1.1", "10.0.1.2", "10.0.1.3", "10.0.1.4", "10.0.1.0"]

    private func route(_ s: inout some Scheduler, source: Bool = true) -> String {
        clients.map { c in
            let request = source ? RequestContext(client: ip(c)) : RequestContext(client: ip("192.0.2.9"), destination: ip(c))
            return s.pick(for: request)?.name ?? "-"
        }.joined(separator: " ")
    }

    @Test("buckets for IPv4 and for IPv6 folded by XOR")
    func buckets() {
        #expect(clients.map { IPVSHashTable.bucket(of: ip($0)) } == [177, 98, 19, 196, 0])
        // 2001:db8::1 folds to 0x20010db9; 0xb9 × 0xb1 mod 256 = 233.
        #expect(IPVSHashTable.bucket(of: ip("2001:db8::1")) == 233)
    }

    @Test("sh with equal weights: bucket i goes to server i mod 3")
    func shEqual() {
        var s = IPVSSourceHashing(servers: pool(1, 1, 1))
        #expect(route(&s) == "A C B B A")
        #expect(route(&s) == "A C B B A")
    }

    @Test("sh fills weight consecutive buckets: 2, 1, 1 repeats A A B C")
    func shWeighted() {
        var s = IPVSSourceHashing(servers: pool(2, 1, 1))
        #expect(route(&s) == "A B C A A")
    }

    @Test("sh: a quiesced server keeps its buckets and gives nothing; every other client stays put")
    func shDrainIsStable() {
        var s = IPVSSourceHashing(servers: pool(1, 1, 1))
        s.setState(.drain, of: "B")
        #expect(route(&s) == "A C - - A")
    }

    @Test("sh: a removed server rebuilds the table, and clients of other servers move too")
    func shRemovalReshuffles() {
        var s = IPVSSourceHashing(servers: pool(1, 1, 1))
        s.serverDown("B")
        #expect(route(&s) == "C A C A A")
    }

    @Test("dh keys on the destination and gives each server one bucket in turn, whatever its weight")
    func dh() {
        var s = IPVSDestinationHashing(servers: pool(2, 1, 1))
        #expect(route(&s, source: false) == "A C B B A")
        #expect(s.pick(for: anyClient) == nil)
    }
}
