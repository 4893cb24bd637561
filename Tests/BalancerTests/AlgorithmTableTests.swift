import Balancer
import Testing

/// The name table (DESIGN.md rule 6): ipvsadm(8) `-s`, keepalived `lb_algo`, ldirectord
/// `scheduler=`, HAProxy `balance`.
@Suite("Algorithm: names from every configuration language")
struct AlgorithmTableTests {
    @Test("IPVS names", arguments: [
        ("rr", Algorithm.ipvsRoundRobin), ("wrr", .ipvsWeightedRoundRobin), ("lc", .ipvsLeastConnection),
        ("wlc", .ipvsWeightedLeastConnection), ("sed", .ipvsShortestExpectedDelay), ("nq", .ipvsNeverQueue),
        ("sh", .ipvsSourceHashing), ("dh", .ipvsDestinationHashing), ("lblc", .ipvsLocalityBasedLeastConnection),
        ("lblcr", .ipvsLocalityBasedLeastConnectionWithReplication),
    ])
    func ipvs(name: String, algorithm: Algorithm) {
        #expect(Algorithm(named: name, dialect: .ipvs) == algorithm)
        #expect(algorithm.configurationName == name)
    }

    @Test("HAProxy names", arguments: [
        ("roundrobin", Algorithm.haproxyRoundRobin), ("static-rr", .haproxyStaticRoundRobin),
        ("leastconn", .haproxyLeastConn), ("first", .haproxyFirst), ("source", .haproxySource),
        ("random", .haproxyRandom), ("random(3)", .haproxyRandom),
    ])
    func haproxy(name: String, algorithm: Algorithm) {
        #expect(Algorithm(named: name, dialect: .haproxy) == algorithm)
    }

    @Test("names belong to their dialect, and unknown names are refused")
    func refused() {
        #expect(Algorithm(named: "roundrobin", dialect: .ipvs) == nil)
        #expect(Algorithm(named: "wrr", dialect: .haproxy) == nil)
        #expect(Algorithm(named: "WRR", dialect: .ipvs) == nil)
        #expect(Algorithm(named: "mh", dialect: .ipvs) == nil)
    }

    @Test("defaults: wlc for LVS, roundrobin for HAProxy")
    func defaults() {
        #expect(Algorithm.defaultAlgorithm(for: .ipvs) == .ipvsWeightedLeastConnection)
        #expect(Algorithm.defaultAlgorithm(for: .haproxy) == .haproxyRoundRobin)
    }

    @Test("every algorithm has a name and builds a scheduler that picks")
    func everyAlgorithm() {
        for algorithm in Algorithm.allCases {
            var s = algorithm.makeScheduler(servers: pool(1, 1), random: ScriptedRandomSource([0]))
            let request = RequestContext(client: ip("10.0.1.1"), destination: ip("10.0.2.1"))
            #expect(s.pick(for: request) != nil, "\(algorithm)")
            #expect(Algorithm(named: algorithm.configurationName, dialect: algorithm.rawValue.hasPrefix("ipvs") ? .ipvs : .haproxy) == algorithm)
        }
    }

    @Test("wrr through the table gives the IPVS sequence")
    func wrrThroughTable() {
        var s = Algorithm(named: "wrr", dialect: .ipvs)!.makeScheduler(servers: pool(4, 3, 2))
        let sequence = (0..<9).map { _ in s.pick(for: anyClient)!.name }
        #expect(sequence == ["A", "A", "B", "A", "B", "C", "A", "B", "C"])
    }
}
