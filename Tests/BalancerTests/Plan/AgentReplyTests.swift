import Balancer
import RacimoCore
import Testing

@Suite("HAProxy agent-check replies")
struct AgentReplyTests {
    @Test("words: weight share, state, reason after #; separators are spaces, tabs and commas; unknown words ignored")
    func parse() {
        #expect(AgentReply.parse("75%\n") == AgentReply(weightPercent: 75))
        #expect(AgentReply.parse("up 100%") == AgentReply(weightPercent: 100, state: .up))
        #expect(AgentReply.parse("drain,50%") == AgentReply(weightPercent: 50, state: .drain))
        #expect(AgentReply.parse("DOWN#disk full\r\n") == AgentReply(state: .down, reason: "disk full"))
        #expect(AgentReply.parse("stopped\tmaint") == AgentReply(state: .maintenance))
        #expect(AgentReply.parse("hello 7 -5%") == AgentReply())
        #expect(AgentReply.parse("ready\nup") == AgentReply(state: .ready), "only the first line")
    }

    @Test("applied to a pool: drain and down take the server out, ready and up bring it back, a share sets the weight")
    func apply() {
        let plan = BalancerPlan.Pool(name: "p", algorithm: .haproxyRoundRobin, servers: [
            .init(id: "a", endpoint: Endpoint(host: "10.0.0.1", port: 80), weight: 10, agentPort: 9999),
            .init(id: "b", endpoint: Endpoint(host: "10.0.0.2", port: 80), weight: 10),
        ])
        var state = PoolState(plan: plan)
        func row() -> BalancerStatus.RealServer? { state.statusRows(now: .zero).first { $0.name == "a" } }
        state.applyAgent("a", .parse("drain"))
        #expect(row()?.state == "drain" && row()?.weight == 0)
        state.applyAgent("a", .parse("ready 50%"))
        #expect(row()?.state == "up" && row()?.weight == 5)
        state.applyAgent("a", .parse("down#upgrade"))
        #expect(row()?.state == "down")
        state.applyAgent("a", .parse("ready"))
        #expect(row()?.state == "down", "ready does not undo the agent's down")
        state.applyAgent("a", .parse("up 100%"))
        #expect(row()?.state == "up" && row()?.weight == 10)
        state.applyAgent("a", .parse("maint"))
        #expect(row()?.state == "maint")
    }

    @Test("haproxy.cfg: agent-check needs agent-port; agent-inter defaults to inter")
    func reader() throws {
        let configuration = try #require(haproxy("""
            backend b
                server a 10.0.0.1:80 check inter 3s agent-check agent-port 9999
                server c 10.0.0.3:80 agent-check agent-port 9998 agent-inter 500ms
            """).configuration)
        let plan = BalancerPlan(haproxy: configuration)
        #expect(plan.pools[0].servers[0].agentPort == 9999 && plan.pools[0].servers[0].agentInterval == .seconds(3))
        #expect(plan.pools[0].servers[1].agentInterval == .milliseconds(500))
        #expect(haproxy("backend b\n    server a 10.0.0.1:80 agent-check\n").diagnostics
                == ["haproxy.cfg:2:12: error: server 'a' has 'agent-check' but no 'agent-port' to reach its agent"])
    }
}
