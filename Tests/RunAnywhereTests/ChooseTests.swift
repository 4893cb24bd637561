import RunAnywhere
import Testing

@Suite struct ChooseTests {
    let policy = PlacementPolicy()

    @Test func aTwiceAsFastNodeTakesTwiceTheLoad() {
        // fast (speed 20000) with 3 runnable: (3+1)/2 = 2.0; slow with 1 runnable: (1+1)/1 = 2.0 → tie, name
        // breaks it; with one fewer on fast it must win.
        let nodes = [node("a-slow", load: 1), node("b-fast", speed: 20_000, load: 2)]
        let d = policy.choose(for: process(1, home: "h"), among: nodes, home: "h")
        #expect(d.node == "b-fast")
        #expect(d.reason == .leastLoaded(normalizedLoad: 1.5))
    }

    @Test func cpusCountLikeSpeed() {
        let nodes = [node("a", load: 1), node("b", cpus: 4, load: 3)]
        #expect(policy.choose(for: process(1, home: "a"), among: nodes, home: "a").node == "b")
    }

    @Test func homeWinsTies() {
        let nodes = [node("a", load: 1), node("m", load: 1), node("z", load: 1)]
        #expect(policy.choose(for: process(1, home: "m"), among: nodes, home: "m").node == "m")
        #expect(policy.choose(for: process(1, home: "q"), among: nodes, home: "q").node == "a")
    }

    @Test func aNodeThatWouldPageIsAvoided() {
        let nodes = [node("home", load: 5), node("idle-small", free: 100 * MiB), node("busy-big", load: 2)]
        let d = policy.choose(for: process(1, home: "home", memory: 200 * MiB), among: nodes, home: "home")
        #expect(d.node == "busy-big")
        #expect(d.skipped.contains(Decision.Skip(node: "idle-small", reason: .wouldPage)))
        #expect(d.explanation.contains("idle-small (would page)"))
    }

    @Test func blockedQuietExpellingAndUnreachableNodesGetNoGuests() {
        let nodes = [node("home", load: 9), node("b", flags: .block), node("q", flags: .quiet),
                     node("x", flags: .expel), node("u", reachable: false), node("busy", load: 3)]
        let d = policy.choose(for: process(1, home: "home"), among: nodes, home: "home")
        #expect(d.node == "busy")
        #expect(d.skipped.map(\.node) == ["b", "q", "u", "x"])
    }

    @Test func aBlockedHomeStillRunsItsOwnProcesses() {
        let nodes = [node("home", flags: .block), node("other", load: 2)]
        #expect(policy.choose(for: process(1, home: "home"), among: nodes, home: "home").node == "home")
    }

    @Test func lstayAndPinnedKeepAProcessHome() {
        let nodes = [node("home", load: 9, flags: .lstay), node("idle")]
        #expect(policy.choose(for: process(1, home: "home"), among: nodes, home: "home").reason == .homeKeepsLocals)
        let pinned = process(2, home: "idle", cannotMove: .pinnedByUser)
        let d = policy.choose(for: pinned, among: [node("idle", load: 9), node("other")], home: "idle")
        #expect(d.node == "idle" && d.reason == .pinned)
    }

    @Test func noRoomAnywhereStaysHomeAndSaysSo() {
        let nodes = [node("home", free: 10 * MiB), node("b", free: 10 * MiB)]
        let d = policy.choose(for: process(1, home: "home", memory: GiB), among: nodes, home: "home")
        #expect(d.node == "home" && d.reason == .noRoom)
    }

    @Test func sameInputsSameChoiceWhateverTheOrder() {
        let nodes = (0..<20).map { node(NodeName("n\($0)"), speed: 5_000 + 1_000 * ($0 % 4), load: Double($0 % 3)) }
        let a = policy.choose(for: process(1, home: "n7"), among: nodes, home: "n7")
        let b = policy.choose(for: process(1, home: "n7"), among: nodes.reversed(), home: "n7")
        #expect(a == b)
    }
}
