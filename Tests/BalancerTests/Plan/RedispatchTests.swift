import Balancer
import RacimoCore
import Testing

@Suite("which retries go to another server (HAProxy option redispatch)")
struct RedispatchTests {
    static func pool(_ algorithm: Algorithm = .haproxyLeastConn, retries: Int = 3, redispatch: Bool = true,
                     interval: Int = -1) -> BalancerPlan.Pool {
        BalancerPlan.Pool(name: "app", algorithm: algorithm, servers: [], retries: retries, redispatch: redispatch,
                          redispatchInterval: interval)
    }

    /// The retries, 1 through `retries`, that go elsewhere while the failed server is up.
    static func elsewhere(_ pool: BalancerPlan.Pool, serversUp: Int = 2) -> [Int] {
        (1...pool.retries).filter { pool.redispatches(retry: $0, serverUp: true, serversUp: serversUp) }
    }

    @Test("HAProxy's default (-1): the same server until the last retry, which goes elsewhere")
    func lastRetry() {
        #expect(Self.elsewhere(Self.pool()) == [3])
        #expect(Self.elsewhere(Self.pool(retries: 1)) == [1])
        #expect(Self.elsewhere(Self.pool(retries: 5)) == [5])
    }

    @Test("a positive interval P: every Pth retry; a negative N: the Nth before the last, and its multiples")
    func intervals() {
        #expect(Self.elsewhere(Self.pool(retries: 6, interval: 1)) == [1, 2, 3, 4, 5, 6])
        #expect(Self.elsewhere(Self.pool(retries: 6, interval: 2)) == [2, 4, 6])
        #expect(Self.elsewhere(Self.pool(retries: 6, interval: 4)) == [4])
        // retries 6, -2: period 6 + 1 - 2 = 5, the retry before the last.
        #expect(Self.elsewhere(Self.pool(retries: 6, interval: -2)) == [5])
        #expect(Self.elsewhere(Self.pool(retries: 6, interval: -4)) == [3, 6])
        // Reaching back past the first retry: every retry.
        #expect(Self.elsewhere(Self.pool(retries: 3, interval: -9)) == [1, 2, 3])
    }

    @Test("interval 0 and no option redispatch: the same server on every retry")
    func never() {
        #expect(Self.elsewhere(Self.pool(interval: 0)) == [])
        #expect(Self.elsewhere(Self.pool(redispatch: false, interval: 1)) == [])
        #expect(Self.elsewhere(Self.pool(.haproxyRoundRobin, redispatch: false)) == [])
    }

    @Test("round robin over more than one server that is up: every retry goes elsewhere, whatever the interval")
    func roundRobin() {
        for algorithm: Algorithm in [.haproxyRoundRobin, .haproxyStaticRoundRobin, .ipvsRoundRobin, .ipvsWeightedRoundRobin] {
            #expect(Self.elsewhere(Self.pool(algorithm)) == [1, 2, 3])
            #expect(Self.elsewhere(Self.pool(algorithm, interval: 0)) == [1, 2, 3])
            // With one server up, the interval decides, as for any other algorithm.
            #expect(Self.elsewhere(Self.pool(algorithm), serversUp: 1) == [3])
        }
        for algorithm: Algorithm in [.haproxyLeastConn, .haproxyFirst, .haproxySource, .haproxyRandom] {
            #expect(Self.elsewhere(Self.pool(algorithm)) == [3], "\(algorithm)")
        }
    }

    @Test("a failed server that is no longer up: every retry goes elsewhere, with option redispatch only")
    func serverDown() {
        let pool = Self.pool(interval: 0)
        #expect((1...3).allSatisfy { pool.redispatches(retry: $0, serverUp: false, serversUp: 1) })
        let off = Self.pool(redispatch: false)
        #expect(!(1...3).contains { off.redispatches(retry: $0, serverUp: false, serversUp: 1) })
    }

    @Test("at run time: the failed server's health and the active servers up decide, backups not counted")
    func poolState() {
        let check = HealthCheckPlan(kind: .connect, interval: .seconds(2), timeout: .seconds(1), rise: 1, fall: 1,
                                    initial: .fullyUp)
        let plan = BalancerPlan.Pool(
            name: "app", algorithm: .haproxyRoundRobin,
            servers: [
                .init(id: "a", endpoint: Endpoint(host: "10.0.0.1", port: 80), check: check),
                .init(id: "b", endpoint: Endpoint(host: "10.0.0.2", port: 80), check: check),
                .init(id: "spare", endpoint: Endpoint(host: "10.0.0.3", port: 80), backup: true),
            ],
            retries: 3, redispatch: true, redispatchInterval: -1)
        var state = PoolState(plan: plan)
        #expect((1...3).allSatisfy { state.redispatches(retry: $0, after: "a") })
        // Any other server will do: a redispatch goes at once, without the turn-around.
        #expect(state.anyServerWillDo)
        // b down: a is the only active server up; the backup does not count.
        state.recordCheck("b", passed: false)
        #expect((1...3).filter { state.redispatches(retry: $0, after: "a") } == [3])
        #expect(!state.anyServerWillDo)
        // a down as well: a retry after it goes elsewhere at once.
        state.recordCheck("a", passed: false)
        #expect((1...3).allSatisfy { state.redispatches(retry: $0, after: "a") })
    }

    @Test("a server ramping up after slowstart is not running yet (HAProxy's STARTING): a retry after it goes elsewhere; once ramped up, the interval decides")
    func slowStart() {
        let check = HealthCheckPlan(kind: .connect, interval: .seconds(2), timeout: .seconds(1), rise: 1, fall: 1,
                                    initial: .fullyUp)
        let plan = BalancerPlan.Pool(
            name: "app", algorithm: .haproxyLeastConn,
            servers: [.init(id: "a", endpoint: Endpoint(host: "10.0.0.1", port: 80), slowStart: .seconds(10), check: check)],
            retries: 3, redispatch: true, redispatchInterval: -1)
        var state = PoolState(plan: plan)
        // Not round robin: a redispatch waits the turn-around first.
        #expect(!state.anyServerWillDo)
        #expect(state.isRunning("a") && (1...3).filter { state.redispatches(retry: $0, after: "a") } == [3])
        state.recordCheck("a", passed: false, now: Instant(.seconds(1)))
        state.recordCheck("a", passed: true, now: Instant(.seconds(2)))
        #expect(!state.isRunning("a") && (1...3).allSatisfy { state.redispatches(retry: $0, after: "a") })
        state.tick(now: Instant(.seconds(13)))
        #expect(state.isRunning("a") && (1...3).filter { state.redispatches(retry: $0, after: "a") } == [3])
    }

    @Test("an LVS pool (ldirectord, keepalived) retries elsewhere at once whatever its scheduler, as the docs promise; a HAProxy least-connection pool waits the turn-around")
    func lvsAtOnce() {
        for (algorithm, atOnce) in [(Algorithm.ipvsWeightedLeastConnection, true), (.ipvsSourceHashing, true), (.ipvsRoundRobin, true),
                                    (.haproxyLeastConn, false), (.haproxyRoundRobin, true)] {
            let plan = BalancerPlan.Pool(name: "app", algorithm: algorithm, servers: [
                .init(id: "a", endpoint: Endpoint(host: "10.0.0.1", port: 80)),
                .init(id: "b", endpoint: Endpoint(host: "10.0.0.2", port: 80)),
            ])
            #expect(PoolState(plan: plan).anyServerWillDo == atOnce, "\(algorithm)")
        }
    }

    @Test("when a retry waits the turn-around: after a refusal, unless it goes elsewhere where any server will do; after a connect timeout, never")
    func turnAround() {
        func plan(_ algorithm: Algorithm, redispatch: Bool = true) -> BalancerPlan.Pool {
            BalancerPlan.Pool(name: "app", algorithm: algorithm, servers: [
                .init(id: "a", endpoint: Endpoint(host: "10.0.0.1", port: 80)),
                .init(id: "b", endpoint: Endpoint(host: "10.0.0.2", port: 80)),
            ], retries: 3, redispatch: redispatch, redispatchInterval: -1)
        }
        func steps(_ pool: BalancerPlan.Pool, timedOut: Bool) -> [String] {
            (1...3).map { retry in
                let step = PoolState(plan: pool).retry(retry, after: "a", timedOut: timedOut)
                return "\(step.elsewhere ? "elsewhere" : "same")\(step.wait ? " after" : "")"
            }
        }
        // Round robin over two servers up: elsewhere at once.
        #expect(steps(plan(.haproxyRoundRobin), timedOut: false) == ["elsewhere", "elsewhere", "elsewhere"])
        // leastconn: the same server until the last retry, each after the turn-around.
        #expect(steps(plan(.haproxyLeastConn), timedOut: false) == ["same after", "same after", "elsewhere after"])
        #expect(steps(plan(.haproxyLeastConn), timedOut: true) == ["same", "same", "elsewhere"])
        // Without option redispatch: always the same server.
        #expect(steps(plan(.haproxyRoundRobin, redispatch: false), timedOut: false) == ["same after", "same after", "same after"])
        #expect(steps(plan(.haproxyRoundRobin, redispatch: false), timedOut: true) == ["same", "same", "same"])
    }
}
