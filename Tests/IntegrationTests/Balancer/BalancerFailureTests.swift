import Foundation
import RacimoTestKit
import Testing

/// What a client sees when a real server dies under it: HTTP and TCP mode under wrk load, and UDP.
@Suite("balancer: a real server dies under load", .serialized)
struct BalancerFailureTests {
    /// One nginx process (no master, so kill -9 of its PID kills the server) answering
    /// "nginx NAME" on ADDRESS:80 with keep-alive.
    static func nginx(_ farm: BalancerFarm, name: String, address: String, port: Int = 80, proxyProtocol: Bool = false) throws -> [String] {
        let root = "\(farm.folder)/\(name)-\(port)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let conf = try farm.write("""
            worker_processes 1;
            master_process off;
            daemon off;
            pid \(root)/nginx.pid;
            error_log \(root)/error.log;
            events { worker_connections 4096; }
            http {
                access_log off;
                keepalive_requests 100000;
                client_body_temp_path \(root)/body;
                proxy_temp_path \(root)/proxy;
                fastcgi_temp_path \(root)/fastcgi;
                uwsgi_temp_path \(root)/uwsgi;
                scgi_temp_path \(root)/scgi;
                server {
                    listen \(address):\(port)\(proxyProtocol ? " proxy_protocol" : "");
                    location / { default_type text/plain; return 200 "nginx \(name)\(proxyProtocol ? " client $proxy_protocol_addr" : "")\\n"; }
                }
            }
            """, to: "\(name)-\(port).conf")
        return ["nginx", "-c", conf, "-p", root]
    }

    /// wrk's "Socket errors" and "Non-2xx" lines, and its request count.
    static func wrkCounts(_ output: String) -> (requests: Int, connect: Int, other: Int, non2xx: Int) {
        func number(after label: String, in line: Substring) -> Int {
            guard let range = line.range(of: label) else { return 0 }
            return Int(line[range.upperBound...].prefix { $0.isNumber }) ?? 0
        }
        var requests = 0, connect = 0, other = 0, non2xx = 0
        for line in output.split(separator: "\n") {
            if line.contains("requests in") { requests = Int(line.trimmingCharacters(in: .whitespaces).prefix { $0.isNumber }) ?? 0 }
            if line.contains("Socket errors") {
                connect = number(after: "connect ", in: line)
                other = number(after: "read ", in: line) + number(after: "write ", in: line) + number(after: "timeout ", in: line)
            }
            if line.contains("Non-2xx") { non2xx = Int(line.split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? "") ?? 0 }
        }
        return (requests, connect, other, non2xx)
    }

    @Test("kill -9 of one of two back ends under 64 keep-alive connections: no connect error reaches the client, in-flight failures are counted",
          .enabled(if: NetnsCluster.isRoot, "needs root"), arguments: ["http", "tcp"])
    func killUnderLoad(mode: String) throws {
        let farm = try BalancerFarm(hosts: 4)
        try farm.start("web1", on: 2, Self.nginx(farm, name: "web1", address: farm.address(2)))
        try farm.start("web2", on: 3, Self.nginx(farm, name: "web2", address: farm.address(3)))
        let file = try farm.write("""
            defaults
                mode \(mode)
                timeout connect 2s
                timeout client 30s
                timeout server 30s
                retries 3
                option redispatch
            frontend web
                bind \(farm.address(1)):80
                default_backend app
            backend app
                balance roundrobin
                \(mode == "http" ? "option httpchk GET /" : "option tcp-check")
                server web1 \(farm.address(2)):80 check inter 1s
                server web2 \(farm.address(3)):80 check inter 1s
            """, to: "load.cfg")
        try farm.startBalancer(file)
        #expect(pollUntil(timeout: .seconds(5), interval: .milliseconds(100)) {
            Set((0..<2).compactMap { _ in farm.get("http://\(farm.address(1))/", from: 4) }) == ["nginx web1", "nginx web2"]
        }, "\(farm.balancerLog)")

        let wrk = try farm.hosts.spawn(on: 4, ["wrk", "-t2", "-c64", "-d6s", "http://\(farm.address(1))/"], log: "\(farm.folder)/wrk.log")
        Thread.sleep(forTimeInterval: 2)
        farm.kill("web2")
        #expect(farm.hosts.waitForExit(pid: wrk, timeout: .seconds(20)) == 0)
        let output = (try? String(contentsOfFile: "\(farm.folder)/wrk.log", encoding: .utf8)) ?? ""
        let counts = Self.wrkCounts(output)
        print("figure: kill_under_load_\(mode)_requests: \(counts.requests)")
        print("figure: kill_under_load_\(mode)_failed: \(counts.non2xx + counts.other) (non-2xx \(counts.non2xx), read/write/timeout errors \(counts.other)); connect errors \(counts.connect)")
        #expect(counts.requests > 1000, "\(output)")
        #expect(counts.connect == 0, "\(output)")
        #expect(counts.non2xx + counts.other <= 64, "at most the requests in flight on the dead server\n\(output)")
        #expect(farm.logged(["msg=\"server down\"", "server=web2"], after: .distantPast) != nil, "\(farm.balancerLog)")
        farm.stopBalancer()
    }

    /// A datagram server answering "NAME: QUERY".
    static let datagramServer = """
        import socket, sys
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind((sys.argv[1], int(sys.argv[2])))
        while True:
            data, peer = s.recvfrom(2048)
            s.sendto(sys.argv[3].encode() + b": " + data, peer)
        """

    /// N queries, each from a new socket (as a resolver's random source ports), each tried up
    /// to four times 0.5 s apart; prints one answer per line, or FAILED.
    static let datagramClient = """
        import socket, sys
        host, port, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
        retries = 0
        for i in range(count):
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.settimeout(0.5)
            answer = "FAILED"
            for attempt in range(4):
                s.sendto(b"q%d" % i, (host, port))
                try:
                    answer = s.recv(2048).decode()
                    break
                except socket.timeout:
                    retries += 1
            print(answer)
            s.close()
        print("retries", retries)
        """

    /// The check ldirectord's `checkcommand` runs: one query to the real server.
    static let datagramProbe = """
        import socket, sys
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.settimeout(1)
        s.sendto(b"probe", (sys.argv[3], int(sys.argv[4])))
        try:
            s.recv(2048)
        except OSError:
            sys.exit(1)
        """

    @Test("UDP: a request/response service on two servers is balanced rr and keeps answering when one dies",
          .enabled(if: NetnsCluster.isRoot, "needs root"))
    func udpService() throws {
        let farm = try BalancerFarm(hosts: 4)
        let server = try farm.write(Self.datagramServer, to: "dgram-server.py")
        let client = try farm.write(Self.datagramClient, to: "dgram-client.py")
        let probe = try farm.write(Self.datagramProbe, to: "dgram-probe.py")
        try farm.start("dns1", on: 2, ["python3", server, farm.address(2), "53", "dns1"])
        try farm.start("dns2", on: 3, ["python3", server, farm.address(3), "53", "dns2"])
        let file = try farm.write("""
            checktimeout=2
            checkinterval=1
            virtual=\(farm.address(1)):53
                    real=\(farm.address(2)):53 masq
                    real=\(farm.address(3)):53 masq
                    scheduler=rr
                    protocol=udp
                    checktype=external
                    checkcommand="python3 \(probe)"
            """, to: "udp-ldirectord.cf")
        try farm.startBalancer(file)
        #expect(farm.list().contains("UDP  \(farm.address(1)):53 rr"), "\(farm.list())")
        func ask(_ count: Int) -> [String] {
            let result = try? farm.hosts.run(on: 4, ["python3", client, farm.address(1), "53", String(count)], timeout: .seconds(30))
            return (result?.stdout ?? "").split(separator: "\n").map(String.init)
        }
        let answers = ask(6)
        #expect(answers.filter { $0.hasPrefix("dns1: q") }.count == 3 && answers.filter { $0.hasPrefix("dns2: q") }.count == 3,
                "rr over two servers: \(answers)\n\(farm.balancerLog)")

        farm.kill("dns2")
        let after = ask(6)
        #expect(after.dropLast().allSatisfy { $0.hasPrefix("dns1: q") }, "every query answered by dns1: \(after)")
        print("figure: udp_after_kill: \(after.last ?? "")")
        #expect(pollUntil(timeout: .seconds(5), interval: .milliseconds(100)) {
            farm.logged(["msg=\"server down\"", "server=\(farm.address(3)):53"], after: .distantPast) != nil
        }, "the external check takes it out\n\(farm.balancerLog)")
        let later = ask(4)
        #expect(later.dropLast().allSatisfy { $0.hasPrefix("dns1: q") } && later.last == "retries 0", "\(later)")
        farm.stopBalancer()
    }
}

/// The client's address reaching the servers through a proxy (what LVS-DR gave for free).
@Suite("balancer: the client's address through PROXY protocol", .serialized)
struct BalancerProxyProtocolTests {
    @Test("send-proxy (TCP mode) and send-proxy-v2 (HTTP mode): nginx, listening with proxy_protocol, sees the client's address",
          .enabled(if: NetnsCluster.isRoot, "needs root"))
    func proxyProtocol() throws {
        let farm = try BalancerFarm(hosts: 3)
        try farm.start("v1", on: 2, BalancerFailureTests.nginx(farm, name: "v1", address: farm.address(2), port: 81, proxyProtocol: true))
        try farm.start("v2", on: 2, BalancerFailureTests.nginx(farm, name: "v2", address: farm.address(2), port: 82, proxyProtocol: true))
        let file = try farm.write("""
            defaults
                timeout connect 2s
                timeout client 10s
                timeout server 10s
            frontend tcp
                mode tcp
                bind \(farm.address(1)):81
                default_backend tcp
            backend tcp
                mode tcp
                server v1 \(farm.address(2)):81 send-proxy
            frontend web
                mode http
                bind \(farm.address(1)):82
                default_backend web
            backend web
                mode http
                server v2 \(farm.address(2)):82 send-proxy-v2
            """, to: "proxy.cfg")
        try farm.startBalancer(file)
        let client = farm.address(3)
        #expect(pollUntil(timeout: .seconds(5), interval: .milliseconds(100)) {
            farm.get("http://\(farm.address(1)):81/", from: 3) == "nginx v1 client \(client)"
        }, "\(farm.get("http://\(farm.address(1)):81/", from: 3) ?? "(failed)")\n\(farm.balancerLog)")
        #expect(farm.get("http://\(farm.address(1)):82/", from: 3) == "nginx v2 client \(client)")
        // Two requests on one client connection: each server connection names its client.
        let both = farm.get("http://\(farm.address(1)):82/", from: 3, extra: ["http://\(farm.address(1)):82/"])
        #expect(both == "nginx v2 client \(client)\nnginx v2 client \(client)", "\(both ?? "")")
        farm.stopBalancer()
    }
}
