import Balancer
import RacimoCore
import Testing

@Suite("haproxy.cfg: the seed")
struct HAProxySeedTests {
    @Test("the seed's file is accepted with warnings only, in file order")
    func seed() throws {
        let (configuration, diagnostics) = haproxy(Seeds.haproxyCfg)
        let global = [(2, "log"), (3, "log"), (4, "chroot"), (5, "stats"), (6, "stats"), (7, "user"), (8, "group"),
                      (9, "daemon"), (12, "ca-base"), (13, "crt-base"), (18, "ssl-default-bind-ciphers"),
                      (19, "ssl-default-bind-options")].map {
            "haproxy.cfg:\($0.0):5: warning: global setting '\($0.1)' is not used by racimo balancer and is ignored"
        }
        let errorfiles = (29...35).map { "haproxy.cfg:\($0):5: warning: 'errorfile' is not supported by racimo balancer and is ignored" }
        let stats = (53...58).map { "haproxy.cfg:\($0):5: warning: 'stats' is not supported by racimo balancer and is ignored" }
        #expect(diagnostics == global + [
            "haproxy.cfg:22:5: warning: 'log' is not supported by racimo balancer and is ignored",
            "haproxy.cfg:24:12: warning: option 'httplog' is not supported by racimo balancer and is ignored",
            "haproxy.cfg:25:12: warning: option 'dontlognull' is not supported by racimo balancer and is ignored",
        ] + errorfiles + [
            "haproxy.cfg:37:18: warning: 'frontend sshfarm 192.168.1.200:2000' is the HAProxy 1.5 form; HAProxy 2.6 and later refuse it (write the address on a 'bind 192.168.1.200:2000' line in the section)",
            "haproxy.cfg:39:12: warning: option 'tcplog' is not supported by racimo balancer and is ignored",
            "haproxy.cfg:51:1: warning: listen 'stats' has no server (connections sent to it will be refused)",
            "haproxy.cfg:51:14: warning: 'listen stats 0.0.0.0:9000' is the HAProxy 1.5 form; HAProxy 2.6 and later refuse it (write the address on a 'bind 0.0.0.0:9000' line in the section)",
        ] + stats)
        let c = try #require(configuration)
        #expect(c.frontends.map(\.name) == ["sshfarm", "stats"])
        #expect(c.backends.map(\.name) == ["serverfarm", "stats"])
        let f = try #require(c.frontend(named: "sshfarm"))
        #expect(f.mode == .tcp)
        #expect(f.binds.map { "\($0.host):\($0.port)" } == ["192.168.1.200:2000"])
        #expect(f.defaultBackend == "serverfarm")
        #expect(f.timeouts.client == .seconds(50))
        let b = try #require(c.backend(named: "serverfarm"))
        #expect(b.mode == .tcp && b.balance == .roundrobin && b.healthCheck == .tcpCheck)
        #expect(b.retries == 3 && !b.redispatch)
        #expect(b.timeouts.connect == .seconds(5) && b.timeouts.server == .seconds(50))
        #expect(b.servers.map(\.name) == ["webA", "webB", "webC", "webD"])
        #expect(b.servers.map(\.host) == ["10.0.100.2", "10.0.100.3", "10.0.100.4", "10.0.100.5"])
        #expect(b.servers.allSatisfy { $0.port == 22 && $0.check && $0.inter == .seconds(2) && $0.fall == 3 && $0.rise == 2 && $0.weight == 1 && !$0.backup })
        let stats2 = try #require(c.frontend(named: "stats"))
        #expect(stats2.mode == .http && stats2.binds.map(\.port) == [9000] && stats2.binds[0].host == "")
        #expect(stats2.defaultBackend == "stats")
    }
}
