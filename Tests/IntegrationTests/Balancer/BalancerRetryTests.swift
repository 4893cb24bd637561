import Foundation
import RacimoTestKit
import Testing

/// Retries in TCP mode on loopback, as HAProxy 2.6 makes them: which retries go to another
/// server (`option redispatch`), and when the turn-around comes before one.
@Suite("balancer: retries and redispatch", .serialized)
struct BalancerRetryTests {
    @Test("a refused connection is tried again on the other server (retries, redispatch): no client sees it; with no server that answers, the client is closed")
    func retriesElsewhere() throws {
        let (port, other, live, dead) = (freePort(), freePort(), freePort(), freePort())
        let setup = try BalancerTCPConnectTests.start("""
            defaults
                mode tcp
                timeout connect 1s
                timeout client 5s
                retries 2
                option redispatch
            listen pair
                bind 127.0.0.1:\(port)
                balance roundrobin
                server dead 127.0.0.1:\(dead)
                server live 127.0.0.1:\(live)
            listen none
                bind 127.0.0.1:\(other)
                server dead 127.0.0.1:\(dead)
            """, serverPort: live, waitFor: port)
        defer { setup.stop() }
        // Round robin sends every other connection to the dead server first.
        var replies: [String] = []
        for i in 0..<10 {
            replies.append(try exchangeStream([Array("request \(i)".utf8)], host: "127.0.0.1", port: port, halfClose: true))
        }
        #expect(replies == (0..<10).map { "got \("request \($0)".utf8.count) bytes" }, "\(setup.balancer.stderr)")

        let started = ContinuousClock.now
        let nothing = try exchangeStream([Array("hello".utf8)], host: "127.0.0.1", port: other, halfClose: true)
        #expect(nothing.isEmpty && ContinuousClock.now - started < .seconds(4))
    }

    @Test("option redispatch without an interval, as HAProxy: with balance first, retries stay on the refusing server until the last, a 500 ms turn-around before each (first is not round robin, so even the redispatch waits); with interval 1 the first retry goes elsewhere after one")
    func redispatchOnLastRetry() throws {
        let (lastRetry, everyRetry, live, dead) = (freePort(), freePort(), freePort(), freePort())
        let setup = try BalancerTCPConnectTests.start("""
            defaults
                mode tcp
                timeout connect 500ms
                timeout client 10s
                retries 2
                balance first
            listen last
                bind 127.0.0.1:\(lastRetry)
                option redispatch
                server dead 127.0.0.1:\(dead)
                server live 127.0.0.1:\(live)
            listen every
                bind 127.0.0.1:\(everyRetry)
                option redispatch 1
                server dead 127.0.0.1:\(dead)
                server live 127.0.0.1:\(live)
            """, serverPort: live, waitFor: everyRetry)
        defer { setup.stop() }

        var started = ContinuousClock.now
        let late = try exchangeStream([Array("first".utf8)], host: "127.0.0.1", port: lastRetry, halfClose: true)
        let waitedForLast = ContinuousClock.now - started
        started = ContinuousClock.now
        let early = try exchangeStream([Array("first".utf8)], host: "127.0.0.1", port: everyRetry, halfClose: true)
        let waitedForEvery = ContinuousClock.now - started
        // Retry 1 goes to dead again; retry 2, the last, to live: two turn-arounds.
        #expect(late == "got 5 bytes" && waitedForLast >= .milliseconds(950) && waitedForLast < .milliseconds(2500),
                "\(late) after \(waitedForLast)")
        #expect(early == "got 5 bytes" && waitedForEvery >= .milliseconds(450) && waitedForEvery < .milliseconds(950),
                "\(early) after \(waitedForEvery)")
    }

    @Test("after a connect timeout the retry goes at once, with no turn-around, as in HAProxy: a server whose accept queue is full costs the client two connect timeouts (its retry, then the last one elsewhere), 2 s, not 3 s")
    func noTurnAroundAfterTimeout() throws {
        let (port, live, stuck) = (freePort(), freePort(), freePort())
        // Listens with a backlog of one and fills it, so that further SYNs are dropped.
        let full = try ChildProcess("/usr/bin/env", ["python3", "-c", """
            import socket, sys, time
            listener = socket.socket()
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind(("127.0.0.1", int(sys.argv[1])))
            listener.listen(0)
            fillers = []
            for _ in range(4):
                c = socket.socket()
                c.setblocking(False)
                try:
                    c.connect(("127.0.0.1", int(sys.argv[1])))
                except BlockingIOError:
                    pass
                fillers.append(c)
            print("full", flush=True)
            time.sleep(600)
            """, String(stuck)])
        defer { full.signal(SIGKILL); _ = full.waitForExit(timeout: .seconds(5)) }
        #expect(pollUntil(timeout: .seconds(10), interval: .milliseconds(50)) { full.stdout.contains("full") })
        let setup = try BalancerTCPConnectTests.start("""
            defaults
                mode tcp
                timeout connect 1s
                timeout client 10s
                retries 2
                balance first
            listen l
                bind 127.0.0.1:\(port)
                option redispatch
                server stuck 127.0.0.1:\(stuck)
                server live 127.0.0.1:\(live)
            """, serverPort: live, waitFor: port)
        defer { setup.stop() }
        let started = ContinuousClock.now
        let reply = try exchangeStream([Array("patience".utf8)], host: "127.0.0.1", port: port, halfClose: true)
        let waited = ContinuousClock.now - started
        #expect(reply == "got 8 bytes" && waited >= .milliseconds(1900) && waited < .milliseconds(2700), "\(reply) after \(waited)")
    }

    @Test("retries on the same server wait HAProxy's turn-around, min(timeout connect, 1 s): a server that comes back 1.5 s late still serves the client; with option redispatch and no other server, the retries fall back to it the same way",
          arguments: ["", "option redispatch 1"])
    func turnAround(redispatch: String) throws {
        let (port, late) = (freePort(), freePort())
        let setup = try BalancerTCPConnectTests.start("""
            defaults
                mode tcp
                timeout connect 1s
                timeout client 10s
                retries 3
                \(redispatch)
            listen restarting
                bind 127.0.0.1:\(port)
                server only 127.0.0.1:\(late)
            """, serverPort: nil, waitFor: port)
        defer { setup.stop() }

        let started = ContinuousClock.now
        let client = try HeldClient(port: port, sending: Array("patience".utf8))
        Thread.sleep(forTimeInterval: 1.5)
        let server = try ChildProcess("/usr/bin/env", ["python3", "\(setup.folder)/server.py", String(late)])
        defer { server.signal(SIGKILL); _ = server.waitForExit(timeout: .seconds(5)) }
        let reply = client.finish()
        let waited = ContinuousClock.now - started
        #expect(reply == "got 8 bytes" && waited < .seconds(5), "\(reply) after \(waited)")
    }
}
