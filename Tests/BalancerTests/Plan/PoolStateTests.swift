import Balancer
import RacimoCore
import Testing

@Suite("a pool at run time")
struct PoolStateTests {
    static func pool(quiescent: Bool = true, fallback: Endpoint? = nil, persistence: Duration? = nil,
                     maxConnections: Int? = nil) -> BalancerPlan.Pool {
        let check = HealthCheckPlan(kind: .connect, interval: .seconds(2), timeout: .seconds(1), rise: 1, fall: 1,
                                    initial: .fullyUp)
        return BalancerPlan.Pool(
            name: "web", algorithm: .ipvsRoundRobin,
            servers: [
                .init(id: "a", endpoint: Endpoint(host: "10.0.0.1", port: 80), maxConnections: maxConnections, check: check),
                .init(id: "b", endpoint: Endpoint(host: "10.0.0.2", port: 80), check: check),
            ],
            fallback: fallback, quiescent: quiescent, persistence: persistence)
    }

    static let client = IPAddress(parsing: "192.0.2.7")!

    static func picks(_ state: inout PoolState, _ count: Int, client: IPAddress = client, at now: Instant = .zero,
                      excluding: Set<ServerID> = []) -> [String] {
        (0..<count).map { _ in
            switch state.choose(for: RequestContext(client: client, now: now), excluding: excluding) {
            case .server(let id, _): id.name
            case .fallback(let endpoint): "fallback \(endpoint)"
            case nil: "none"
            }
        }
    }

    @Test("rr alternates; a failed check quiesces the server (listed, weight 0) and a pass brings it back")
    func quiescent() {
        var state = PoolState(plan: Self.pool())
        #expect(Self.picks(&state, 4) == ["a", "b", "a", "b"])
        #expect(state.recordCheck("b", passed: false) == .wentDown)
        #expect(Self.picks(&state, 3) == ["a", "a", "a"])
        let row = state.statusRows(now: .zero).first { $0.name == "b" }
        #expect(row?.weight == 0 && row?.listed == true && row?.state == "drain")
        #expect(state.recordCheck("b", passed: true) == .wentUp)
        #expect(Set(Self.picks(&state, 2)) == ["a", "b"])
    }

    @Test("without quiescent a failed server leaves the ipvsadm table")
    func removal() {
        var state = PoolState(plan: Self.pool(quiescent: false))
        state.recordCheck("a", passed: false)
        #expect(state.statusRows(now: .zero).first { $0.name == "a" }?.listed == false)
    }

    @Test("with every server down the fallback serves, and is listed only then")
    func fallback() {
        var state = PoolState(plan: Self.pool(fallback: Endpoint(host: "127.0.0.1", port: 80)))
        #expect(state.statusRows(now: .zero).last?.listed == false)
        state.recordCheck("a", passed: false)
        state.recordCheck("b", passed: false)
        #expect(Self.picks(&state, 2) == ["fallback 127.0.0.1:80", "fallback 127.0.0.1:80"])
        #expect(state.statusRows(now: .zero).last?.listed == true)
        var none = PoolState(plan: Self.pool())
        none.recordCheck("a", passed: false)
        none.recordCheck("b", passed: false)
        #expect(Self.picks(&none, 1) == ["none"])
    }

    @Test("a retry skips the server that refused; a full server (maxconn) is skipped")
    func excluding() {
        var state = PoolState(plan: Self.pool(maxConnections: 1))
        #expect(Self.picks(&state, 3, excluding: ["a"]) == ["b", "b", "b"])
        let first = state.choose(for: RequestContext(client: Self.client))!
        #expect(first == .server("a", Endpoint(host: "10.0.0.1", port: 80)))
        state.opened(first)
        #expect(Self.picks(&state, 2) == ["b", "b"], "a is at its maxconn")
        state.closed(first, client: Self.client, now: .zero)
        #expect(Self.picks(&state, 2).contains("a"))
    }

    @Test("connections count as ActiveConn, then InActConn for 120 s after closing, as ipvsadm shows them")
    func accounting() {
        var state = PoolState(plan: Self.pool())
        let choice = state.choose(for: RequestContext(client: Self.client))!
        state.opened(choice)
        #expect(state.statusRows(now: .zero)[0].activeConnections == 1)
        state.closed(choice, client: Self.client, now: .zero)
        #expect(state.statusRows(now: Instant(.seconds(119)))[0].inactiveConnections == 1)
        state.tick(now: Instant(.seconds(120)))
        #expect(state.statusRows(now: Instant(.seconds(120)))[0].inactiveConnections == 0)
    }

    @Test("persistence keeps a client on its server while the template lives")
    func persistence() {
        var state = PoolState(plan: Self.pool(persistence: .seconds(300)))
        let other = IPAddress(parsing: "192.0.2.8")!
        let first = Self.picks(&state, 1)
        #expect(Self.picks(&state, 3) == first + first + first)
        #expect(Self.picks(&state, 1, client: other) != first)
    }
}

@Suite("slowstart")
struct SlowStartTests {
    @Test("a recovered server's weight ramps from 1 to its own over slowstart; at start it is at full weight")
    func ramp() {
        let check = HealthCheckPlan(kind: .connect, interval: .seconds(2), timeout: .seconds(1), rise: 1, fall: 1, initial: .fullyUp)
        let plan = BalancerPlan.Pool(name: "p", algorithm: .haproxyRoundRobin, servers: [
            .init(id: "a", endpoint: Endpoint(host: "10.0.0.1", port: 80), weight: 100, slowStart: .seconds(10), check: check),
        ])
        var state = PoolState(plan: plan)
        func weight() -> Int? { state.scheduler.server("a")?.weight }
        #expect(weight() == 100)
        state.recordCheck("a", passed: false, now: Instant(.seconds(1)))
        state.recordCheck("a", passed: true, now: Instant(.seconds(5)))
        #expect(weight() == 1)
        state.tick(now: Instant(.seconds(10)))
        #expect(weight() == 50)
        state.tick(now: Instant(.seconds(15)))
        #expect(weight() == 100 && state.recovering.isEmpty)
    }
}
