import Foundation
import RacimoTestKit
import Testing

/// TCP mode on loopback: half-close, and the HTTP mode's refusal of CONNECT.
@Suite("balancer: TCP mode on loopback", .serialized)
struct BalancerTCPTests {
    /// Reads until the client's FIN, then answers with the count and closes.
    static let countingServer = """
        import socket, sys, threading
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", int(sys.argv[1])))
        listener.listen(16)
        def serve(conn):
            total = 0
            while True:
                data = conn.recv(65536)
                if not data: break
                total += len(data)
            conn.sendall(b"got %d bytes" % total)
            conn.close()
        while True:
            conn, _ = listener.accept()
            threading.Thread(target=serve, args=(conn,), daemon=True).start()
        """

    /// Reads until the client's FIN, then sends 32 MiB of "b" and closes.
    static let floodingServer = """
        import socket, sys, threading
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", int(sys.argv[1])))
        listener.listen(16)
        def serve(conn):
            while conn.recv(65536): pass
            block = b"b" * (1 << 20)
            for _ in range(32): conn.sendall(block)
            conn.close()
        while True:
            conn, _ = listener.accept()
            threading.Thread(target=serve, args=(conn,), daemon=True).start()
        """

    @Test("a server sends 32 MiB and closes while its client reads late: the relay holds back, loses nothing, then passes the end")
    func slowReader() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("balancer-tcp-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (port, serverPort) = (freePort(), freePort())
        try Self.floodingServer.write(toFile: "\(folder)/server.py", atomically: true, encoding: .utf8)
        let server = try ChildProcess("/usr/bin/env", ["python3", "\(folder)/server.py", String(serverPort)])
        defer { server.signal(SIGKILL); _ = server.waitForExit(timeout: .seconds(5)) }
        try """
            defaults
                mode tcp
                timeout connect 1s
                timeout client 10s
            listen flood
                bind 127.0.0.1:\(port)
                server f 127.0.0.1:\(serverPort)
            """.write(toFile: "\(folder)/tcp.cfg", atomically: true, encoding: .utf8)
        let balancer = try ChildProcess(RacimoBinary.path, ["balancer", "-f", "\(folder)/tcp.cfg", "--status-file", "\(folder)/lb.json"])
        defer { balancer.signal(SIGKILL); _ = balancer.waitForExit(timeout: .seconds(5)) }
        // Both listen: the server (a connection that reached it gets its 32 MiB), and racimo.
        for listener in [serverPort, port] {
            #expect(pollUntil(timeout: .seconds(10), interval: .milliseconds(100)) {
                (try? HeldClient(port: listener, sending: [0x61])) != nil
            }, "\(balancer.stderr)")
        }
        // Reading starts a second after the server began: far more than the sockets' buffers
        // hold by then waits in the servers' send queue, behind the relay's back-pressure.
        let client = try HeldClient(port: port, sending: Array("go".utf8))
        let reply = client.finish(readingAfter: 1)
        #expect(reply.utf8.count == 32 << 20 && reply.utf8.allSatisfy { $0 == 0x62 }, "\(reply.utf8.count) bytes")
    }

    @Test("a client that sends 4 MiB and shuts its side gets the server's whole reply; CONNECT gets 501; a silent client is closed after timeout client")
    func halfClose() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("balancer-tcp-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (port, serverPort) = (freePort(), freePort())
        try Self.countingServer.write(toFile: "\(folder)/server.py", atomically: true, encoding: .utf8)
        let server = try ChildProcess("/usr/bin/env", ["python3", "\(folder)/server.py", String(serverPort)])
        defer { server.signal(SIGKILL); _ = server.waitForExit(timeout: .seconds(5)) }
        try """
            defaults
                timeout connect 1s
                timeout client 500ms
            frontend tcp
                mode tcp
                bind 127.0.0.1:\(port)
                default_backend counter
            frontend web
                mode http
                bind 127.0.0.1:\(port + 1 == serverPort ? port + 2 : port + 1)
                default_backend web
            backend counter
                mode tcp
                server c 127.0.0.1:\(serverPort)
            backend web
                mode http
                server c 127.0.0.1:\(serverPort)
            """.write(toFile: "\(folder)/tcp.cfg", atomically: true, encoding: .utf8)
        let balancer = try ChildProcess(RacimoBinary.path, ["balancer", "-f", "\(folder)/tcp.cfg", "--status-file", "\(folder)/lb.json"])
        defer { balancer.signal(SIGKILL); _ = balancer.waitForExit(timeout: .seconds(5)) }
        let payload = [UInt8](repeating: 0x61, count: 4 << 20)
        var reply = ""
        #expect(pollUntil(timeout: .seconds(10), interval: .milliseconds(100)) {
            reply = (try? exchangeStream([payload], host: "127.0.0.1", port: port, halfClose: true, timeout: .seconds(10))) ?? ""
            return !reply.isEmpty
        }, "\(balancer.stderr)")
        #expect(reply == "got \(4 << 20) bytes")
        let web = port + 1 == serverPort ? port + 2 : port + 1
        let connect = try exchangeStream([Array("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n".utf8)],
                                         host: "127.0.0.1", port: web)
        #expect(connect.hasPrefix("HTTP/1.1 501 "), "\(connect)")

        // timeout client: a client that says nothing is closed after 500 ms, in both modes.
        for listener in [port, web] {
            let started = ContinuousClock.now
            let silence = try exchangeStream([], host: "127.0.0.1", port: listener, timeout: .seconds(5))
            let waited = ContinuousClock.now - started
            #expect(silence.isEmpty && waited >= .milliseconds(450) && waited < .seconds(3), "closed after \(waited)")
        }
    }
}
