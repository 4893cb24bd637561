import Foundation
import RacimoTestKit
import Testing

/// Seed 004's HAProxy farm, driven by the seed's own haproxy.cfg (examples/haproxy): four
/// SSH servers behind port 2000 in round robin, checked by `option tcp-check` (inter 2 s,
/// fall 3). h1 is the director, h2-h5 the servers (webA-webD), h6 the client.
@Suite("seed 004: haproxy.cfg in network namespaces", .serialized)
struct BalancerHAProxySeedTests {
    /// An SSH-like server: a banner naming it on every connection, then it echoes lines.
    static let bannerServer = """
        import socket, sys, threading
        host, port, name = sys.argv[1], int(sys.argv[2]), sys.argv[3]
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((host, port))
        listener.listen(64)
        def serve(conn):
            with conn:
                conn.sendall(("SSH-2.0-OpenSSH_9.2p1 " + name + "\\r\\n").encode())
                for line in conn.makefile("rb"):
                    conn.sendall(line)
        while True:
            conn, _ = listener.accept()
            threading.Thread(target=serve, args=(conn,), daemon=True).start()
        """

    static func configuration(_ farm: BalancerFarm) throws -> String {
        let seed = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../../examples/haproxy/haproxy.cfg").standardized.path
        var text = try String(contentsOfFile: seed, encoding: .utf8)
            .replacingOccurrences(of: "192.168.1.200:2000", with: "\(farm.address(1)):2000")
        for (i, host) in (2...5).enumerated() {
            text = text.replacingOccurrences(of: "10.0.100.\(i + 2):22", with: "\(farm.address(host)):22")
        }
        #expect(text.contains("frontend sshfarm \(farm.address(1)):2000"), "\(text)")
        return try farm.write(text, to: "haproxy.cfg")
    }

    /// The banner a new connection to port 2000 gets, read from h6.
    static func banner(_ farm: BalancerFarm) -> String? {
        let script = "exec 3<>/dev/tcp/\(farm.address(1))/2000 && head -1 <&3"
        guard let result = try? farm.hosts.run(on: 6, ["timeout", "3", "bash", "-c", script], timeout: .seconds(5)),
              result.status == 0 else { return nil }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ").last.map(String.init)
    }

    @Test("the seed's file is accepted with warnings; round robin over four servers; a killed one and a cut-off one are marked down by tcp-check",
          .enabled(if: NetnsCluster.isRoot, "needs root"))
    func seedFarm() throws {
        let farm = try BalancerFarm(hosts: 6)
        let server = try farm.write(Self.bannerServer, to: "banner.py")
        for (name, host) in [("webA", 2), ("webB", 3), ("webC", 4), ("webD", 5)] {
            try farm.start(name, on: host, ["python3", server, farm.address(host), "22", name])
        }
        // Listening before the balancer's first checks: a server that fails its first check is
        // down until `rise` (2) checks pass, 4 s later.
        for host in 2...5 {
            #expect(pollUntil(timeout: .seconds(10), interval: .milliseconds(50)) {
                (try? farm.hosts.run(on: 6, ["timeout", "2", "bash", "-c", "exec 3<>/dev/tcp/\(farm.address(host))/22"],
                                     timeout: .seconds(5)).status) == 0
            })
        }
        let file = try Self.configuration(farm)
        let check = try RacimoBinary.run(["balancer", "-c", "-f", file])
        #expect(check.status == 0, "\(check)")
        #expect(check.stderr.contains("'frontend sshfarm \(farm.address(1)):2000' is the HAProxy 1.5 form; HAProxy 2.6 and later refuse it"),
                "the 1.5 frontend form is warned about: \(check.stderr)")
        try farm.startBalancer(file)
        #expect(pollUntil(timeout: .seconds(5), interval: .milliseconds(100)) { Self.banner(farm) != nil }, "\(farm.balancerLog)")

        // Until a server has passed a check it is "up, but will fall at the first failure"
        // (HAProxy's start state), so the timing below waits for every server's first pass.
        #expect(pollUntil(timeout: .seconds(5), interval: .milliseconds(100)) {
            (2...5).allSatisfy { farm.balancerLog.contains("passed=true reason=connected server=\(farm.address($0)):22") }
        }, "\(farm.balancerLog)")

        // Round robin: eight connections, each server twice, in turn.
        let banners = (0..<8).map { _ in Self.banner(farm) ?? "(failed)" }
        #expect(Set(banners) == ["webA", "webB", "webC", "webD"], "\(banners)")
        #expect(Array(banners[0..<4]) == Array(banners[4..<8]), "the same rotation twice: \(banners)")

        // webD's sshd dies: refused checks, down after fall (3) checks, inter 2 s apart.
        var killed = Date()
        farm.kill("webD")
        #expect(pollUntil(timeout: .seconds(10), interval: .milliseconds(100)) {
            farm.logged(["msg=\"server down\"", "server=webD"], after: killed) != nil
        }, "\(farm.balancerLog)")
        if let down = farm.logged(["msg=\"server down\"", "server=webD"], after: killed) {
            let seconds = down.timeIntervalSince(killed)
            print("figure: haproxy_seed_killed_server_down_after: \(String(format: "%.2f", seconds)) s (fall 3 x inter 2 s)")
            #expect(seconds >= 3.5 && seconds <= 6.3, "three failed checks: within fall × inter, plus the checks' jitter")
        }

        // webB is cut off (its link down): its checks time out, which HAProxy bounds by inter.
        killed = Date()
        try farm.hosts.setLink(0, of: 3, up: false)
        #expect(pollUntil(timeout: .seconds(12), interval: .milliseconds(100)) {
            farm.logged(["msg=\"server down\"", "server=webB"], after: killed) != nil
        }, "\(farm.balancerLog)")
        if let down = farm.logged(["msg=\"server down\"", "server=webB"], after: killed) {
            let seconds = down.timeIntervalSince(killed)
            print("figure: haproxy_seed_cut_off_server_down_after: \(String(format: "%.2f", seconds)) s (fall 3 x inter 2 s, each check's timeout = inter)")
            #expect(seconds <= 8.5, "fall × inter, plus at most one check's timeout and the checks' jitter")
        }
        let remaining = (0..<4).map { _ in Self.banner(farm) ?? "(failed)" }
        #expect(Set(remaining) == ["webA", "webC"], "\(remaining)")
        farm.stopBalancer()
    }
}
