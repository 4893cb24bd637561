import Balancer
import RacimoCore
import Testing

/// IPVS ActiveConn / InActConn with the 120 s TIME_WAIT (ipvsadm(8); `ip_vs_proto_tcp.c`).
@Suite("ConnectionAccounting: active, then inactive for 120 s")
struct ConnectionAccountingTests {
    private func at(_ seconds: Int64) -> Instant { Instant(.seconds(seconds)) }

    @Test("opened connections are active; a closed one is inactive for 120 s")
    func lifecycle() {
        var books = ConnectionAccounting()
        books.opened("A")
        books.opened("A")
        books.closed("A", now: at(10))
        #expect(books.activeConnections("A") == 1)
        #expect(books.inactiveConnections("A", now: at(129)) == 1)
        #expect(books.inactiveConnections("A", now: at(130)) == 0)
    }

    @Test("expire removes closed connections at their deadline, one id per connection")
    func expire() {
        var books = ConnectionAccounting()
        for id: ServerID in ["A", "B", "B"] { books.opened(id) }
        books.closed("B", now: at(0))
        books.closed("A", now: at(5))
        books.closed("B", now: at(5))
        #expect(books.nextExpiry == TimerRequest("inactive-connections", at: at(120)))
        #expect(books.expire(now: at(120)) == ["B"])
        #expect(books.expire(now: at(125)) == ["A", "B"])
        #expect(books.nextExpiry == nil)
    }

    @Test("closing a server with no active connection changes nothing")
    func closeWithoutOpen() {
        var books = ConnectionAccounting()
        books.closed("A", now: at(0))
        #expect(books.inactiveConnections("A", now: at(0)) == 0)
    }

    @Test("feeding a scheduler: wlc sees inactive connections leave after TIME_WAIT")
    func feedsScheduler() {
        var books = ConnectionAccounting()
        var wlc = IPVSWeightedLeastConnection(servers: pool(1, 1))
        for _ in 0..<2 { wlc.connectionOpened("A"); books.opened("A") }
        wlc.connectionOpened("B"); books.opened("B")
        // A: 2 active (512); B: 1 active (256).
        #expect(wlc.pick(for: anyClient) == "B")
        wlc.connectionClosed("A"); books.closed("A", now: at(0))
        wlc.connectionClosed("A"); books.closed("A", now: at(0))
        // A: 2 inactive (2) against B's 256.
        #expect(wlc.pick(for: anyClient) == "A")
        for id in books.expire(now: at(120)) { wlc.connectionExpired(id) }
        #expect(wlc.server("A")?.inactiveConnections == 0)
    }
}
