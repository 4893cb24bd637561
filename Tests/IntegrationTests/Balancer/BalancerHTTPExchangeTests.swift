import Dispatch
import Foundation
import RacimoTestKit
import Synchronization
import Testing

/// HTTP mode's exchanges at their edges, on loopback against a raw-socket server written for
/// the test: a protocol upgrade, a pooled connection the server closes just as it is reused,
/// and a large download to a client that reads late.
@Suite("balancer: HTTP exchanges at their edges", .serialized)
struct BalancerHTTPExchangeTests {
    /// /big/N sends N bytes; /ws answers 101 and then echoes in upper case until the client's
    /// FIN, says "bye" and closes; /drop is answered, and the next request on its connection
    /// is met with a close (a server whose keep-alive timeout ran out at that moment); /port
    /// names the port it listens on. Every other path says how many requests its connection
    /// has served.
    static let server = """
        import socket, sys, threading
        def serve(conn):
            try:
                exchange(conn)
            except (OSError, ValueError, IndexError):
                pass  # a request this server cannot read: the connection just closes
            conn.close()
        def exchange(conn):
            with conn.makefile("rb") as f:
                talk(conn, f)
        def talk(conn, f):
            served, drop = 0, False
            while True:
                line = f.readline()
                if not line: break
                closing, length, chunked = False, 0, False
                while True:
                    h = f.readline().lower()
                    if h in (b"\\r\\n", b""): break
                    closing = closing or (h.startswith(b"connection:") and b"close" in h)
                    if h.startswith(b"content-length:"): length = int(h.split(b":")[1])
                    chunked = chunked or (h.startswith(b"transfer-encoding:") and b"chunked" in h)
                f.read(length)
                while chunked:
                    size = int(f.readline().split(b";")[0], 16)
                    f.read(size + 2) if size else None
                    if size == 0:
                        while f.readline() not in (b"\\r\\n", b""): pass
                        break
                if drop: break
                path = line.split()[1].decode()
                served += 1
                if path.startswith("/big/"):
                    n = int(path[5:])
                    conn.sendall(b"HTTP/1.1 200 OK\\r\\nContent-Length: %d\\r\\n\\r\\n" % n)
                    while n > 0:
                        k = min(n, 65536)
                        conn.sendall(b"b" * k)
                        n -= k
                elif path == "/ws":
                    conn.sendall(b"HTTP/1.1 101 Switching Protocols\\r\\nUpgrade: echo\\r\\nConnection: Upgrade\\r\\n\\r\\n")
                    while True:
                        data = conn.recv(65536)
                        if not data: break
                        conn.sendall(data.upper())
                    conn.sendall(b"bye")
                    return
                else:
                    drop = path == "/drop"
                    body = b"port %d" % port if path == "/port" else b"served %d" % served
                    conn.sendall(b"HTTP/1.1 200 OK\\r\\nContent-Length: %d\\r\\n\\r\\n" % len(body) + body)
                    if closing: break
            conn.close()
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        port = int(sys.argv[1])
        listener.bind((sys.argv[2] if len(sys.argv) > 2 else "127.0.0.1", port))
        listener.listen(64)
        while True:
            conn, _ = listener.accept()
            threading.Thread(target=serve, args=(conn,), daemon=True).start()
        """

    final class Setup {
        let folder: String
        let port = freePort()
        var processes: [ChildProcess] = []

        /// `timeouts`: the defaults section's timeout lines; `more`: further sections.
        init(timeouts: String = "timeout client 10s\n    timeout server 10s", more: String = "") throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("balancer-httpx-\(UUID().uuidString.prefix(8))").path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let serverPort = freePort()
            try BalancerHTTPExchangeTests.server.write(toFile: "\(folder)/server.py", atomically: true, encoding: .utf8)
            try """
                defaults
                    mode http
                    timeout connect 1s
                    \(timeouts)
                frontend web
                    bind 127.0.0.1:\(port)
                    default_backend app
                backend app
                    server app1 127.0.0.1:\(serverPort)
                \(more)
                """.write(toFile: "\(folder)/haproxy.cfg", atomically: true, encoding: .utf8)
            processes.append(try ChildProcess("/usr/bin/env", ["python3", "\(folder)/server.py", String(serverPort)]))
            // One thread: idle server connections are pooled per thread, and the tests reuse them.
            processes.append(try ChildProcess(RacimoBinary.path, ["balancer", "-f", "\(folder)/haproxy.cfg", "--threads", "1",
                                                                  "--status-file", "\(folder)/lb.json"]))
            guard pollUntil(timeout: .seconds(30), interval: .milliseconds(50), {
                (try? exchangeStream([Array("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n".utf8)],
                                     host: "127.0.0.1", port: self.port))?.hasSuffix("served 1") ?? false
            }) else { throw FarmError("racimo balancer did not answer: \(processes.last!.stderr)") }
        }

        deinit {
            for process in processes.reversed() {
                process.signal(SIGKILL)
                _ = process.waitForExit(timeout: .seconds(5))
            }
            try? FileManager.default.removeItem(atPath: folder)
        }
    }

    @Test("101 Switching Protocols makes a tunnel: bytes sent with the request and after it reach the server, its replies come back, and the client's FIN reaches it")
    func upgrade() throws {
        let setup = try Setup()
        let head = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n"
        let client = try HeldClient(port: setup.port, sending: Array("GET /ws HTTP/1.1\r\nHost: a\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\nhello".utf8))
        #expect(client.read(head.utf8.count + 5) == head + "HELLO")
        #expect(client.send("more"))
        #expect(client.read(4) == "MORE")
        #expect(client.finish() == "bye")
    }

    @Test("timeout tunnel supersedes timeout client and server after a 101: a tunnel quiet for 0.8 s lives on (client and server 300 ms, tunnel 1.5 s), one quiet for 1.5 s is closed")
    func tunnelTimeout() throws {
        let setup = try Setup(timeouts: "timeout client 300ms\n    timeout server 300ms\n    timeout tunnel 1500ms")
        let head = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n"
        let client = try HeldClient(port: setup.port, sending: Array("GET /ws HTTP/1.1\r\nHost: a\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n".utf8))
        #expect(client.read(head.utf8.count) == head)
        Thread.sleep(forTimeInterval: 0.8)
        #expect(client.send("ping"))
        #expect(client.read(4) == "PING", "the tunnel outlived timeout client and timeout server")
        let quiet = ContinuousClock.now
        let rest = client.read(3)
        let closedAfter = ContinuousClock.now - quiet
        #expect(rest.isEmpty && closedAfter >= .milliseconds(1400) && closedAfter < .seconds(4),
                "closed by timeout tunnel, without the server's goodbye: \(rest) after \(closedAfter)")
    }

    @Test("a client's first request with a body goes on a server connection of its own, as HAProxy's http-reuse safe; one without a body, or a later one, may take an idle connection")
    func firstRequestWithBody() throws {
        let setup = try Setup()
        let post = "POST /p HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc"
        let closing = "POST /p HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc"
        let first = try exchangeStream([Array(closing.utf8)],
                                       host: "127.0.0.1", port: setup.port)
        #expect(first.hasSuffix("served 1"), "a fresh connection: \(first)")
        let get = try exchangeStream([Array("GET /g HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n".utf8)],
                                     host: "127.0.0.1", port: setup.port)
        #expect(get.hasPrefix("HTTP/1.1 200 ") && !get.hasSuffix("served 1"), "an idle connection: \(get)")
        let client = try HeldClient(port: setup.port, sending: Array("GET /a HTTP/1.1\r\nHost: a\r\n\r\n".utf8))
        #expect(client.read(46).hasPrefix("HTTP/1.1 200 "))
        #expect(client.send(post))
        let second = client.read(46)
        #expect(second.hasPrefix("HTTP/1.1 200 ") && !second.hasSuffix("served 1"), "a later request reuses: \(second)")
    }

    @Test("a pooled connection that the server closes as it is reused: the request goes again on a fresh connection, and the client never sees it")
    func reusedConnectionClosed() throws {
        let setup = try Setup()
        let first = try exchangeStream([Array("GET /drop HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n".utf8)],
                                       host: "127.0.0.1", port: setup.port)
        #expect(first.hasPrefix("HTTP/1.1 200 "), "\(first)")
        // That server connection is the one taken from the pool next: the server closes it on
        // this request, and racimo sends it once more on a new one.
        let second = try exchangeStream([Array("GET /again HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n".utf8)],
                                        host: "127.0.0.1", port: setup.port)
        #expect(second.hasPrefix("HTTP/1.1 200 ") && second.hasSuffix("served 1"), "\(second)")
    }

    @Test("a 32 MiB response to a client that starts reading a second late arrives whole, and the connection serves the next request")
    func slowReader() throws {
        let setup = try Setup()
        let size = 32 << 20
        let client = try HeldClient(port: setup.port, sending: Array("GET /big/\(size) HTTP/1.1\r\nHost: a\r\n\r\n".utf8))
        Thread.sleep(forTimeInterval: 1)
        let head = "HTTP/1.1 200 OK\r\nContent-Length: \(size)\r\n\r\n"
        let reply = client.read(head.utf8.count + size)
        #expect(reply.utf8.count == head.utf8.count + size && reply.hasPrefix(head) && reply.hasSuffix("bbbb"))
        // The connection still serves the next request.
        #expect(client.send("GET /next HTTP/1.1\r\nHost: a\r\n\r\n"))
        let next = client.read(46)
        #expect(next.hasPrefix("HTTP/1.1 200 OK\r\n") && next.contains("\r\n\r\nserved "), "\(next)")
    }

    @Test("a server without a port is reached on the port each client came to, also when its connections are pooled and reused")
    func portlessServerPooledPerPort() throws {
        let (first, second) = (freePort(), freePort())
        let setup = try Setup(more: """
            frontend two
                bind 127.0.0.1:\(first)
                bind 127.0.0.1:\(second)
                default_backend portless
            backend portless
                server p 127.0.0.2
            """)
        for port in [first, second] {
            setup.processes.append(try ChildProcess("/usr/bin/env", ["python3", "\(setup.folder)/server.py", String(port), "127.0.0.2"]))
        }
        let request = Array("GET /port HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n".utf8)
        #expect(pollUntil(timeout: .seconds(10), interval: .milliseconds(50)) {
            [first, second].allSatisfy { (try? exchangeStream([request], host: "127.0.0.2", port: $0))?.hasSuffix("port \($0)") ?? false }
        })
        // One relay thread: the second port's request finds the first port's connection idle.
        for port in [first, second, first, second] {
            let reply = try exchangeStream([request], host: "127.0.0.1", port: port)
            #expect(reply.hasSuffix("port \(port)"), "\(reply)")
        }
    }

    @Test("the balancer's own reply to a client still sending a large body: the client reads the 503 and its upload ends without a reset (the rest is read and dropped)")
    func replyWhileUploading() throws {
        let (upload, closed) = (freePort(), freePort())
        let setup = try Setup(more: """
            frontend upload
                bind 127.0.0.1:\(upload)
                default_backend gone
            backend gone
                retries 0
                server gone 127.0.0.1:\(closed)
            """)
        _ = setup
        let size = 4 << 20
        let client = try HeldClient(port: upload, sending: Array("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: \(size)\r\n\r\n".utf8))
        let uploaded = Mutex<Bool?>(nil)
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            let sent = client.send(String(repeating: "y", count: size))
            uploaded.withLock { $0 = sent }
            done.signal()
        }
        let reply = client.read(.max)
        #expect(reply.hasPrefix("HTTP/1.1 503 ") && reply.hasSuffix("</html>\n"), "\(reply)")
        #expect(done.wait(timeout: .now() + 10) == .success)
        #expect(uploaded.withLock { $0 } == true, "the upload was not cut by a reset")
    }

    /// Mutated requests (valid ones with bytes changed, cut, inserted or repeated), sent in
    /// random fragments over one connection each; the client then shuts its side, reads, or
    /// just leaves, sometimes with a reset.
    static let fuzzClient = """
        import random, socket, struct, sys
        port, count, seed = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
        rng = random.Random(seed)
        base = [b"GET / HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n",
                b"POST /p HTTP/1.1\\r\\nHost: a\\r\\nContent-Length: 5\\r\\n\\r\\nhello",
                b"POST /p HTTP/1.1\\r\\nHost: a\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n5\\r\\nhello\\r\\n0\\r\\n\\r\\n",
                b"GET /ws HTTP/1.1\\r\\nHost: a\\r\\nUpgrade: echo\\r\\nConnection: Upgrade\\r\\n\\r\\nhi",
                b"GET /big/100000 HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n",
                b"GET /drop HTTP/1.1\\r\\nHost: a\\r\\nConnection: close\\r\\n\\r\\n"]
        for i in range(count):
            data = bytearray(b"".join(rng.choice(base) for _ in range(rng.randint(1, 4))))
            for _ in range(rng.randint(0, 6)):
                if not data: break
                k, op = rng.randrange(len(data)), rng.random()
                if op < 0.4: data[k] = rng.randrange(256)
                elif op < 0.6: del data[k:k + rng.randint(1, 20)]
                elif op < 0.8: data[k:k] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 20)))
                else: data[k:k] = data[k:k + rng.randint(1, 200)]
            s = socket.create_connection(("127.0.0.1", port))
            s.settimeout(0.05)
            try:
                pos = 0
                while pos < len(data):
                    n = rng.randint(1, 64)
                    s.sendall(bytes(data[pos:pos + n]))
                    pos += n
                if rng.random() < 0.5: s.shutdown(socket.SHUT_WR)
                if rng.random() < 0.7:
                    while s.recv(65536): pass
            except OSError:
                pass
            if rng.random() < 0.2:
                s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            s.close()
        print("done")
        """

    @Test("1,000 connections of mutated requests in random fragments, half-closed, reset or left: the balancer keeps serving")
    func mutatedRequests() throws {
        let setup = try Setup()
        try Self.fuzzClient.write(toFile: "\(setup.folder)/fuzz.py", atomically: true, encoding: .utf8)
        let seed = UInt32.random(in: 0...UInt32.max)
        let fuzz = try ChildProcess("/usr/bin/env", ["python3", "\(setup.folder)/fuzz.py", String(setup.port), "1000", String(seed)])
        let status = fuzz.waitForExit(timeout: .seconds(240))
        #expect(status == 0 && fuzz.stdout.contains("done"), "seed \(seed): \(fuzz.stderr)")
        #expect(setup.processes.last?.isRunning == true, "seed \(seed): \(setup.processes.last?.stderr ?? "")")
        let reply = try exchangeStream([Array("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n".utf8)],
                                       host: "127.0.0.1", port: setup.port)
        #expect(reply.hasPrefix("HTTP/1.1 200 "), "seed \(seed): \(reply)")
    }
}

