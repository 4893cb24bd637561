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
        #expect(retry == (first == "a" ? "b" : "a"))
        #expect(Self.pick(&state, excluding: ["a", "b"]) == "none")
        // The avoided server's state is back: the next picks match a pool that never retried
        // (for rotating algorithms, one step further on, as the retry's own pick moved them).
        #expect(state.scheduler.servers.map(\.state) == [.up, .up])
        if algorithm.usesDestination && algorithm != .ipvsDestinationHashing {
            // lblc and lblcr keep the destination on the server that served the retry, as
            // IPVS moves a destination whose server became unavailable.
            #expect(Self.pick(&state) == retry)
        } else if !algorithm.isRotating {
            #expect(Self.pick(&state) == Self.pick(&reference))
        }
    }
}

extension Algorithm {
    /// Moves on at each pick, whatever the request.
    var isRotating: Bool {
        [.haproxyRoundRobin, .haproxyStaticRoundRobin, .ipvsRoundRobin, .ipvsWeightedRoundRobin, .haproxyRandom].contains(self)
    }
}
