import Balancer
import RacimoCore
import Testing

@Suite("the plan each configuration becomes")
struct BalancerPlanTests {
    @Test("the seed's ldirectord.cf: one TCP service, rr, quiescent, the fallback, HTTP checks of /ldirector.html for the receive pattern every 2 s, one failure takes a server out")
    func ldirectordSeed() throws {
        let configuration = try #require(ldirectord(Seeds.ldirectordCf).configuration)
        let plan = BalancerPlan(ldirectord: configuration)
        #expect(plan.services.map(\.mode) == [.tcp])
        #expect(plan.services[0].binds == [Endpoint(host: "192.168.0.105", port: 80)])
        let pool = try #require(plan.pools.first)
        #expect(pool.algorithm == .ipvsRoundRobin && pool.quiescent && pool.redispatch)
        #expect(pool.fallback == Endpoint(host: "127.0.0.1", port: 80))
        #expect(pool.forwardLabel == "Route")
        #expect(pool.servers.map(\.endpoint.description) == ["192.168.0.101:80", "192.168.0.102:80"])
        let check = try #require(pool.servers[0].check)
        #expect(check.kind == .http(HealthCheckPlan.HTTPProbe(method: "GET", path: "/ldirector.html", version: "HTTP/1.0",
                                                               statuses: [200...299], bodyRegex: "Pagina de Prueba")))
        #expect(check.interval == .seconds(2) && check.rise == 1 && check.fall == 1 && check.initial == .fullyUp)
        // checktimeout=10 is for connect checks; negotiate checks wait negotiatetimeout (30 s).
        #expect(check.timeout == .seconds(30))
    }

    @Test("haproxy.cfg: frontends become services, backends pools; server options and checks carry over")
    func haproxyFile() throws {
        let configuration = try #require(haproxy("""
            defaults
                mode http
                timeout connect 3s
                timeout client 20s
                timeout server 40s
            frontend web
                bind :8080
                acl api path_beg /api
                use_backend api if api
                default_backend site
            backend site
                balance leastconn
                option httpchk GET /health
                http-check expect status 200-299
                server a 10.0.0.1:80 check inter 500ms fall 2 rise 4 weight 5
                server b 10.0.0.2 backup maxconn 10 disabled
            backend api
                server c 10.0.0.3:9000
            """).configuration)
        let plan = BalancerPlan(haproxy: configuration)
        let service = try #require(plan.services.first)
        #expect(service.mode == .http && service.binds == [Endpoint(host: "0.0.0.0", port: 8080)])
        #expect(service.defaultPool == "site" && service.routes.map(\.pool) == ["api"])
        #expect(service.timeouts.connect == .seconds(3) && service.timeouts.client == .seconds(20)
                && service.timeouts.server == .seconds(40))
        let site = try #require(plan.pool(named: "site"))
        #expect(site.algorithm == .haproxyLeastConn && !site.redispatch && site.retries == 3)
        #expect(site.servers[0].weight == 5)
        #expect(site.servers[1].backup && site.servers[1].maxConnections == 10 && site.servers[1].disabled)
        #expect(site.servers[1].endpoint.port == 0, "no port: the client's port")
        #expect(site.servers[1].check == nil)
        let check = try #require(site.servers[0].check)
        #expect(check.kind == .http(HealthCheckPlan.HTTPProbe(method: "GET", path: "/health", version: "HTTP/1.0",
                                                               statuses: [200...299])))
        #expect(check.interval == .milliseconds(500) && check.timeout == .milliseconds(500))
        #expect(check.rise == 4 && check.fall == 2 && check.initial == .up)
        #expect(!service.forwardedFor, "no 'option forwardfor': the request goes on without X-Forwarded-For")
    }

    @Test("haproxy.cfg: X-Forwarded-For only with 'option forwardfor', in the frontend, the backend, or defaults")
    func forwardFor() throws {
        let configuration = try #require(haproxy("""
            defaults
                mode http
                option forwardfor
            frontend inherits
                bind :8080
                default_backend plain
            frontend declines
                bind :8081
                no option forwardfor
                default_backend plain
            frontend routed
                bind :8082
                no option forwardfor
                acl api path_beg /api
                use_backend asks if api
                default_backend plain
            backend plain
                no option forwardfor
                server a 10.0.0.1:80
            backend asks
                server b 10.0.0.2:80
            """).configuration)
        let plan = BalancerPlan(haproxy: configuration)
        #expect(plan.services.map(\.forwardedFor) == [true, false, false], "the frontends")
        #expect(plan.pool(named: "plain")?.forwardedFor == false && plan.pool(named: "asks")?.forwardedFor == true,
                "the backends: a request routed to 'asks' gets the header whatever its frontend says")
    }

    @Test("haproxy.cfg: timeout tunnel from defaults, the frontend or the backend (the backend's wins), none by default")
    func tunnelTimeout() throws {
        let configuration = try #require(haproxy("""
            defaults
                mode tcp
                timeout client 50s
                timeout tunnel 1h
            frontend ssh
                bind :2000
                default_backend farm
            frontend short
                bind :2001
                timeout tunnel 10s
                default_backend quick
            backend farm
                server a 10.0.0.1:22
            backend quick
                timeout tunnel 2m
                server b 10.0.0.2:22
            """).configuration)
        let plan = BalancerPlan(haproxy: configuration)
        #expect(plan.services.map(\.timeouts.tunnel) == [.seconds(3600), .seconds(120)])
        #expect(plan.services.map(\.timeouts.client) == [.seconds(50), .seconds(50)])
        let none = try #require(haproxy("frontend f\n    mode tcp\n    bind :1\n    default_backend b\nbackend b\n    server a 10.0.0.1:1\n").configuration)
        #expect(BalancerPlan(haproxy: none).services.first?.timeouts.tunnel == nil)
    }

    @Test("a connected TCP connection's idle limit: timeout tunnel, else the shorter of timeout client and timeout server, else none")
    func tcpIdle() {
        var timeouts = BalancerPlan.Timeouts()
        #expect(timeouts.tcpIdle == nil)
        timeouts.client = .seconds(50)
        #expect(timeouts.tcpIdle == .seconds(50))
        timeouts.server = .seconds(30)
        #expect(timeouts.tcpIdle == .seconds(30))
        timeouts.client = nil
        #expect(timeouts.tcpIdle == .seconds(30))
        timeouts.client = .seconds(5)
        #expect(timeouts.tcpIdle == .seconds(5))
        timeouts.tunnel = .seconds(3600)
        #expect(timeouts.tcpIdle == .seconds(3600))
    }

    @Test("keepalived virtual_server: lb_algo, lb_kind, persistence, sorry_server, and the checkers' retry counting")
    func keepalived() throws {
        let (configuration, diagnostics) = KeepalivedVirtualServers.parse("""
            virtual_server 10.0.0.10 80 {
                delay_loop 6
                lb_algo wrr
                lb_kind DR
                persistence_timeout 50
                persistence_granularity 255.255.255.0
                protocol TCP
                sorry_server 10.0.0.99 80
                real_server 10.0.0.1 80 {
                    weight 3
                    inhibit_on_failure
                    HTTP_GET {
                        url {
                            path /health
                            status_code 200
                        }
                        connect_timeout 3
                        retry 2
                        delay_before_retry 1
                    }
                }
                real_server 10.0.0.2 80 {
                    MISC_CHECK {
                        misc_path "/usr/local/bin/check 10.0.0.2"
                        misc_dynamic
                    }
                }
            }
            """, file: "keepalived.conf")
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        let plan = BalancerPlan(keepalived: try #require(configuration))
        let pool = try #require(plan.pools.first)
        #expect(pool.algorithm == .ipvsWeightedRoundRobin && pool.forwardLabel == "Route" && pool.quiescent)
        #expect(pool.persistence == .seconds(50) && pool.persistenceIPv4Prefix == 24)
        #expect(pool.fallback == Endpoint(host: "10.0.0.99", port: 80))
        let http = try #require(pool.servers[0].check)
        #expect(http.kind == .http(HealthCheckPlan.HTTPProbe(method: "GET", path: "/health", version: "HTTP/1.0", statuses: [200...200])))
        #expect(http.fall == 3 && http.rise == 1 && http.interval == .seconds(6) && http.fastInterval == .seconds(1))
        #expect(http.timeout == .seconds(3))
        #expect(pool.servers[1].check?.kind == .external(command: "/usr/local/bin/check 10.0.0.2", dynamicWeight: true))
    }

    @Test("the check interval follows HAProxy: inter when steady up, fastinter while changing, downinter when down")
    func intervals() {
        let plan = HealthCheckPlan(kind: .connect, interval: .seconds(2), fastInterval: .milliseconds(500),
                                   downInterval: .seconds(10), timeout: .seconds(1), rise: 2, fall: 3)
        var counter = HealthCounter(rise: 2, fall: 3, initial: .fullyUp)
        #expect(plan.nextInterval(after: counter) == .seconds(2))
        counter.record(passed: false)
        #expect(plan.nextInterval(after: counter) == .milliseconds(500))
        counter.record(passed: false)
        counter.record(passed: false)
        #expect(plan.nextInterval(after: counter) == .seconds(10))
    }
}
