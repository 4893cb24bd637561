import Foundation
import RacimoTestKit
import Testing

/// keepalived's LVS part: `racimo balancer -f keepalived.conf` runs the `virtual_server`
/// blocks of the same file whose `vrrp_instance` `racimo vrrp` runs. h1 is the director,
/// h2 and h3 the real servers, h4 the client.
@Suite("keepalived virtual_server in network namespaces", .serialized)
struct BalancerKeepalivedTests {
    @Test("rr over two real servers with HTTP_GET checks; a dead server is removed after retry + 1 failed checks; the sorry server answers when none is left",
          .enabled(if: NetnsCluster.isRoot, "needs root"))
    func virtualServer() throws {
        let farm = try BalancerFarm(hosts: 4)
        for (name, host) in [("web1", 2), ("web2", 3)] {
            _ = try farm.write("\(name)\n", to: "\(name)/index.html")
            _ = try farm.write("ok\n", to: "\(name)/health.html")
            try farm.startWeb(name, on: host, directory: "\(farm.folder)/\(name)")
        }
        _ = try farm.write("sorry\n", to: "sorry/index.html")
        try farm.start("sorry", on: 1, ["python3", "-m", "http.server", "8080", "--bind", "127.0.0.1", "--directory", "\(farm.folder)/sorry"])
        let file = try farm.write("""
            vrrp_instance VI_1 {
                state BACKUP
                interface eth0
                virtual_router_id 51
                priority 100
                virtual_ipaddress {
                    10.213.250.1/16
                }
            }
            virtual_server \(farm.address(1)) 80 {
                delay_loop 1
                lb_algo rr
                lb_kind DR
                protocol TCP
                sorry_server 127.0.0.1 8080
                real_server \(farm.address(2)) 80 {
                    weight 1
                    HTTP_GET {
                        url {
                            path /health.html
                            status_code 200
                        }
                        connect_timeout 1
                        retry 1
                        delay_before_retry 1
                    }
                }
                real_server \(farm.address(3)) 80 {
                    weight 1
                    TCP_CHECK {
                        connect_timeout 1
                        retry 1
                        delay_before_retry 1
                    }
                }
            }
            """, to: "keepalived.conf")
        let check = try RacimoBinary.run(["balancer", "-c", "-f", file])
        #expect(check.status == 0 && check.stdout.contains("keepalived: 1 service(s)"), "\(check)")
        #expect(check.stderr.contains("warning: lb_kind DR is run as a TCP proxy: replies now pass through the director"),
                "the forwarding-method warning: \(check.stderr)")
        try farm.startBalancer(file)
        let vip = "http://\(farm.address(1))/"
        let pages = (0..<4).map { _ in farm.get(vip, from: 4) ?? "(failed)" }
        #expect(pages == ["web1", "web2", "web1", "web2"] || pages == ["web2", "web1", "web2", "web1"], "\(pages)\n\(farm.balancerLog)")
        #expect(farm.list().contains("TCP  \(farm.address(1)):80 rr"), "\(farm.list())")
        #expect(farm.row("\(farm.address(2)):80")?[2] == "Route", "\(farm.list())")

        // web2 dies: its TCP_CHECK fails, is retried once 1 s later, then it is removed.
        let killed = Date()
        farm.kill("web2")
        #expect(pollUntil(timeout: .seconds(6), interval: .milliseconds(100)) { farm.row("\(farm.address(3)):80") == nil },
                "removed from the table (no inhibit_on_failure)\n\(farm.list())")
        if let down = farm.logged(["msg=\"server down\"", "server=\(farm.address(3)):80"], after: killed) {
            print("figure: keepalived_tcp_check_removed_after: \(String(format: "%.2f", down.timeIntervalSince(killed))) s (delay_loop 1, retry 1, delay_before_retry 1)")
        }
        let after = (0..<3).map { _ in farm.get(vip, from: 4) ?? "(failed)" }
        #expect(after == ["web1", "web1", "web1"], "\(after)")

        // web1's health page goes: HTTP_GET wants 200, gets 404; the sorry server answers.
        try FileManager.default.removeItem(atPath: "\(farm.folder)/web1/health.html")
        #expect(pollUntil(timeout: .seconds(6), interval: .milliseconds(200)) { farm.get(vip, from: 4) == "sorry" },
                "\(farm.list())\n\(farm.balancerLog)")
        farm.stopBalancer()
    }
}
