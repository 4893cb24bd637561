import Balancer
import RacimoCore
import Testing
#if canImport(Glibc)
import Glibc
#endif


@Suite("keepalived.conf virtual_server reader")
struct KeepalivedVirtualServerTests {
    static let complete = """
        ! Configuration File for keepalived
        global_defs {
            router_id LVS_DEVEL
        }

        vrrp_instance VI_1 {
            state MASTER
            interface eth0
            virtual_router_id 51
            priority 100
            virtual_ipaddress {
                192.168.200.16
            }
        }

        virtual_server 192.168.200.16 80 {
            delay_loop 6
            lb_algo rr
            lb_kind DR
            persistence_timeout 50
            persistence_granularity 255.255.255.0
            protocol TCP
            sorry_server 192.168.200.200 1358
            virtualhost www.example.com

            real_server 192.168.201.100 80 {
                weight 2
                inhibit_on_failure
                HTTP_GET {
                    url {
                      path /testurl/test.jsp
                      status_code 200-299 301
                    }
                    url {
                      path /testurl2/test.jsp
                      regex "ok"
                    }
                    connect_timeout 3
                    retry 3
                    delay_before_retry 2.5
                }
            }
            real_server 192.168.201.101 80 {
                TCP_CHECK {
                    connect_port 8080
                }
                MISC_CHECK {
                    misc_path "/usr/local/bin/check.sh 192.168.201.101"
                    misc_timeout 10
                    misc_dynamic
                    user nobody
                }
            }
        }

        """

    static let forwardingDR = "keepalived.conf:19:13: warning: lb_kind DR is run as a TCP proxy: replies now pass "
        + "through the director instead of going straight to the client; the real servers no longer need the "
        + "virtual address on lo:0 (or a tunnel) nor arp_ignore/arp_announce; the real servers see connections "
        + "from the director's address, and the client's address reaches them only through PROXY protocol or "
        + "transparent proxying"

    @Test("a complete file: HTTP_GET with two urls, TCP_CHECK, MISC_CHECK, sorry_server, persistence")
    func complete() throws {
        let (configuration, diagnostics) = virtualServers(Self.complete)
        #expect(diagnostics.all.map(\.description) == [Self.forwardingDR])
        let c = try #require(configuration)
        let file = "keepalived.conf"
        var vs = KA.VirtualServer(endpoint: Endpoint(host: "192.168.200.16", port: 80),
                                  location: SourceLocation(file: file, line: 16, column: 1))
        vs.delayLoop = .seconds(6)
        vs.algorithm = "rr"
        vs.method = .dr
        vs.persistenceTimeout = .seconds(50)
        vs.persistenceGranularity = IPAddress(parsing: "255.255.255.0")
        vs.sorryServer = Endpoint(host: "192.168.200.200", port: 1358)
        vs.virtualHost = "www.example.com"
        let urls = [
            KA.URLCheck(path: "/testurl/test.jsp", statusCodes: [200...299, 301...301]),
            KA.URLCheck(path: "/testurl2/test.jsp", regex: "ok"),
        ]
        let http = KA.Check(
            kind: .http(urls: urls, connectTimeout: .seconds(3), port: nil, virtualHost: "www.example.com", tls: false),
            retry: 3, delayBeforeRetry: .milliseconds(2500), delayLoop: .seconds(6),
            location: SourceLocation(file: file, line: 29, column: 9))
        let tcp = KA.Check(kind: .tcp(connectTimeout: .seconds(5), port: 8080), delayBeforeRetry: .seconds(1),
                           delayLoop: .seconds(6), location: SourceLocation(file: file, line: 44, column: 9))
        let misc = KA.Check(
            kind: .misc(path: "/usr/local/bin/check.sh 192.168.201.101", timeout: .seconds(10), dynamic: true, user: "nobody"),
            delayBeforeRetry: .seconds(1), delayLoop: .seconds(6), location: SourceLocation(file: file, line: 47, column: 9))
        vs.realServers = [
            KA.RealServer(endpoint: Endpoint(host: "192.168.201.100", port: 80), weight: 2, inhibitOnFailure: true,
                          checks: [http], location: SourceLocation(file: file, line: 26, column: 5)),
            KA.RealServer(endpoint: Endpoint(host: "192.168.201.101", port: 80), checks: [tcp, misc],
                          location: SourceLocation(file: file, line: 43, column: 5)),
        ]
        #expect(c == KA(virtualServers: [vs]))
    }

    @Test("defaults: delay_loop 60 s, wlc, NAT, TCP, weight 1, connect_timeout 5 s, retry 1, delay_before_retry 3 s (HTTP) / 1 s (TCP)")
    func defaults() throws {
        let (configuration, diagnostics) = virtualServers("""
            virtual_server fd00::1 443 {
                real_server fd00::10 443 {
                    TCP_CHECK {
                    }
                    SSL_GET {
                        url {
                            path /health
                        }
                    }
                    MISC_CHECK {
                        misc_path /bin/true
                    }
                }
            }
            """)
        #expect(diagnostics.errors.isEmpty)
        let vs = try #require(configuration?.virtualServers.first)
        #expect(vs.endpoint == Endpoint(host: "fd00::1", port: 443))
        #expect(vs.delayLoop == .seconds(60))
        #expect(vs.algorithm == "wlc")
        #expect(vs.method == .nat)
        #expect(vs.transportProtocol == .tcp)
        #expect(vs.persistenceTimeout == nil)
        #expect(vs.quorum == 1 && vs.hysteresis == 0 && !vs.alpha)
        let real = try #require(vs.realServers.first)
        #expect(real.weight == 1 && !real.inhibitOnFailure)
        #expect(real.checks.map(\.kind) == [
            .tcp(connectTimeout: .seconds(5), port: nil),
            .http(urls: [KA.URLCheck(path: "/health", statusCodes: [200...299])], connectTimeout: .seconds(5),
                  port: nil, virtualHost: nil, tls: true),
            .misc(path: "/bin/true", timeout: nil, dynamic: false, user: nil),
        ])
        #expect(real.checks.map(\.retry) == [1, 1, 1])
        #expect(real.checks.map(\.delayBeforeRetry) == [.seconds(1), .seconds(3), .seconds(1)])
        #expect(real.checks.map(\.delayLoop) == [.seconds(60), .seconds(60), .seconds(60)])
        #expect(real.checks.map(\.warmup) == [nil, nil, nil])
    }

    @Test("persistence_timeout without a value is 360 s; timing written in the virtual/real server reaches the checks")
    func inheritedTiming() throws {
        let (configuration, diagnostics) = virtualServers("""
            virtual_server 10.0.0.1 80 {
                persistence_timeout
                retry 4
                real_server 10.0.0.2 80 {
                    delay_before_retry 7
                    HTTP_GET {
                        url {
                            path /
                        }
                        delay_loop 2
                    }
                }
                connect_timeout 9
                delay_loop 30
            }
            """)
        #expect(diagnostics.errors.isEmpty)
        let vs = try #require(configuration?.virtualServers.first)
        #expect(vs.persistenceTimeout == .seconds(360))
        #expect(vs.delayLoop == .seconds(30))
        let check = try #require(vs.realServers.first?.checks.first)
        #expect(check.retry == 4)
        #expect(check.delayBeforeRetry == .seconds(7))
        #expect(check.delayLoop == .seconds(2))
        guard case .http(_, let timeout, _, _, _) = check.kind else { Issue.record("not http"); return }
        #expect(timeout == .seconds(9))
    }

    @Test("UDP, IPv6 granularity as a prefix length, nb_get_retry, warmup, per-url virtualhost, quorum")
    func variants() throws {
        let (configuration, diagnostics) = virtualServers("""
            virtual_server fd00::1 53 {
                protocol UDP
                persistence_granularity 64
                lvs_sched sh
                quorum 3
                hysteresis 1
                alpha
                real_server fd00::2 53 {
                    HTTP_GET {
                        nb_get_retry 4
                        warmup 1.5
                        virtualhost check.example
                        url {
                            path /a
                            virtualhost a.example
                        }
                    }
                }
            }
            """)
        #expect(diagnostics.errors.isEmpty)
        let vs = try #require(configuration?.virtualServers.first)
        #expect(vs.transportProtocol == .udp)
        #expect(vs.persistenceGranularity == IPAddress(parsing: "ffff:ffff:ffff:ffff::"))
        #expect(vs.algorithm == "sh" && vs.quorum == 3 && vs.hysteresis == 1 && vs.alpha)
        let check = try #require(vs.realServers.first?.checks.first)
        #expect(check.retry == 4 && check.warmup == .milliseconds(1500))
        #expect(check.kind == .http(urls: [KA.URLCheck(path: "/a", virtualHost: "a.example")], connectTimeout: .seconds(5),
                                    port: nil, virtualHost: "check.example", tls: false))
    }

    @Test("the VRRP example (global_defs, vrrp_instance, vrrp_script, vrrp_sync_group) gives only 'no virtual_server'")
    func vrrpOnly() throws {
        let text = """
            vrp_script chk_haproxy { # Requires keepalived-1.1.13
                script "pidof haproxy"
                interval 2 # check every 2 seconds
                weight 2 # add 2 points of prio if OK
            }

            vrp_sync_group VG1 {
                group {
                    VI_1
                }
            }

            vrrp_script chk { script "true" }
            global_defs { router_id X }
            static_ipaddress { 10.0.0.9/24 dev eth0 }
            vrrp_sync_group VG2 { group { VI_1 } }
            vrp_instance VI_1 {
                interface eth1
                state MASTER # en el standby ponemos BACKUP
                virtual_router_id 52 # 101 on master, 100 on backup
                priority 101
                virtual_ipaddress {
                    10.0.100.200
                }
                track_script {
                    chk_haproxy
                }
            }
            """
        let (configuration, diagnostics) = virtualServers(text, file: "/etc/keepalived/keepalived.conf")
        #expect(diagnostics.all.map(\.description) == [
            "/etc/keepalived/keepalived.conf:1:1: error: no virtual_server block in /etc/keepalived/keepalived.conf "
                + "(racimo balancer needs at least one virtual_server IP PORT { ... })"
        ])
        #expect(configuration == KA(virtualServers: []))
    }

    @Test("the forwarding warning appears once per file, naming every method used")
    func forwardingOnce() {
        let (_, diagnostics) = virtualServers("""
            virtual_server 10.0.0.1 80 {
                lb_kind NAT
                real_server 10.0.0.2 80 {
                }
            }
            virtual_server 10.0.0.1 81 {
                lb_kind TUN
                real_server 10.0.0.2 80 {
                }
            }
            virtual_server 10.0.0.1 82 {
                real_server 10.0.0.2 80 {
                }
            }
            """)
        #expect(diagnostics.warnings.count == 1)
        #expect(diagnostics.warnings.first?.description.hasPrefix(
            "keepalived.conf:2:13: warning: lb_kind NAT, TUN are run as a TCP proxy: replies now pass through the director") == true)
    }

    @Test("10,000 (debug) / 1,000,000 (release) mutated keepalived.conf inputs: no crash, a result only without errors")
    func fuzz() {
        var rng = SeededRandom(seed: 0x4EE_9A11)
        let corpus = Fuzz.lines(Self.complete) + [
            "virtual_server fwmark 1 {", "virtual_server group g {", "real_server fd00::2 443 {", "SSL_GET {",
            "status_code 200-299 404", "persistence_timeout", "lb_kind TUN", "protocol UDP", "}", "url {",
            "persistence_granularity 64", "quorum 3", "hysteresis 1", "alpha", "warmup 1.5", "nb_get_retry 2",
            "include other.conf", "DNS_CHECK {", "digest 00", "misc_path /bin/true", "}}",
        ]
        var accepted = 0
        for _ in 0..<Self.fuzzCount {
            let text = rng.next() % 2 == 0 ? Fuzz.input(&rng, corpus: corpus) : Self.mutated(Self.complete, &rng)
            let (configuration, diagnostics) = KeepalivedVirtualServers.parse(text, file: "f")
            if configuration != nil, !diagnostics.hasErrors { accepted += 1 }
            if configuration == nil, !diagnostics.hasErrors { Issue.record("no result and no error"); return }
            if let configuration, diagnostics.hasErrors, !configuration.virtualServers.isEmpty {
                Issue.record("a result with errors"); return
            }
        }
        #expect(accepted > 0)
    }

    static let fuzzCount: Int = {
        if let text = getenv("FUZZ_COUNT"), let n = Int(String(cString: text)) { return n }
        #if DEBUG
        return 10_000
        #else
        return 1_000_000
        #endif
    }()

    /// The complete file with up to three small edits, so that many inputs stay well formed
    /// and reach the deeper parts of the reader.
    static func mutated(_ text: String, _ rng: inout SeededRandom) -> String {
        var scalars = Array(text.unicodeScalars)
        for _ in 0..<Int(rng.next() % 4) {
            let at = Int(rng.next() % UInt64(scalars.count))
            let token = Array(Fuzz.tokens[Int(rng.next() % UInt64(Fuzz.tokens.count))].unicodeScalars)
            switch rng.next() % 3 {
            case 0: scalars.insert(contentsOf: token, at: at)
            case 1: scalars.removeSubrange(at..<min(scalars.count, at + 1 + Int(rng.next() % 8)))
            default: scalars.replaceSubrange(at..<at + 1, with: token)
            }
            if scalars.isEmpty { break }
        }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }
}
