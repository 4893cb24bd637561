import Balancer
import RacimoCore
import Testing

@Suite("a retry's pick avoids the servers that refused, for every algorithm")
struct RetryPickTests {
    static let client = IPAddress(parsing: "192.0.2.7")!

    static func pick(_ state: inout PoolState, excluding: Set<ServerID> = []) -> String {
        let request = RequestContext(client: client, destination: IPAddress(parsing: "198.51.100.1"), hostKey: "www", now: .zero)
        return switch state.choose(for: request, excluding: excluding) {
        case .server(let id, _): id.name
        case .fallback(let endpoint): "fallback \(endpoint)"
        case nil: "none"
        }
    }

    @Test("the other server, even where the algorithm names the same one every time (first, source, leastconn, sh, dh, lc, ...); afterwards it names the same one as before", arguments: Algorithm.allCases)
    func avoids(algorithm: Algorithm) {
        let plan = BalancerPlan.Pool(name: "app", algorithm: algorithm, servers: [
            .init(id: "a", endpoint: Endpoint(host: "10.0.0.1", port: 80)),
            .init(id: "b", endpoint: Endpoint(host: "10.0.0.2", port: 80)),
        ])
        var state = PoolState(plan: plan)
        var reference = PoolState(plan: plan)
        let first = Self.pick(&state)
        _ = Self.pick(&reference)
        #expect(["a", "b"].contains(first))
        let retry = Self.pick(&state, excluding: [ServerID(first)])
        // HAProxy's map-based source hash names the same server whatever it avoids: none here,
        // and the caller tries that server again.
        #expect(retry == (algorithm == .haproxySource ? "none" : first == "a" ? "b" : "a"))
        #expect(Self.pick(&state, excluding: ["a", "b"]) == "none")
        // The scheduler is as it was: the next picks match a pool that never retried (for
        // rotating algorithms, one step further on, as the retry's own picks moved them).
        #expect(state.scheduler.servers.map(\.state) == [.up, .up])
        if !algorithm.isRotating {
            #expect(Self.pick(&state) == Self.pick(&reference))
        }
    }

    @Test("round robin with weights 10, 1, 1 and the heavy server refusing: retries go round the other two, not always to the first of them")
    func weightedRoundRobin() {
        let plan = BalancerPlan.Pool(name: "app", algorithm: .haproxyRoundRobin, servers: [
            .init(id: "a", endpoint: Endpoint(host: "10.0.0.1", port: 80), weight: 10),
            .init(id: "b", endpoint: Endpoint(host: "10.0.0.2", port: 80)),
            .init(id: "c", endpoint: Endpoint(host: "10.0.0.3", port: 80)),
        ])
        var state = PoolState(plan: plan)
        let retries = (0..<12).map { _ in Self.pick(&state, excluding: ["a"]) }
        #expect(Set(retries) == ["b", "c"] && retries.filter { $0 == "b" }.count == 6, "\(retries)")
    }

    @Test("a backup is not taken while an active server is up: the caller tries the refusing server again; once it is down, the backup serves")
    func backups() {
        let check = HealthCheckPlan(kind: .connect, interval: .seconds(2), timeout: .seconds(1), rise: 1, fall: 1,
                                    initial: .fullyUp)
        for algorithm: Algorithm in [.haproxyFirst, .haproxyLeastConn, .haproxyRoundRobin] {
            let plan = BalancerPlan.Pool(name: "app", algorithm: algorithm, servers: [
                .init(id: "a", endpoint: Endpoint(host: "10.0.0.1", port: 80), check: check),
                .init(id: "spare", endpoint: Endpoint(host: "10.0.0.2", port: 80), backup: true),
            ])
            var state = PoolState(plan: plan)
            #expect(Self.pick(&state, excluding: ["a"]) == "none", "\(algorithm)")
            state.recordCheck("a", passed: false)
            #expect(Self.pick(&state, excluding: ["a"]) == "spare", "\(algorithm)")
        }
    }
}

extension Algorithm {
    /// Moves on at each pick, whatever the request.
    var isRotating: Bool {
        [.haproxyRoundRobin, .haproxyStaticRoundRobin, .ipvsRoundRobin, .ipvsWeightedRoundRobin, .haproxyRandom].contains(self)
    }
}
