import Balancer
import RacimoCore
import Testing

@Suite("haproxy.cfg")
struct HAProxyTests {
    static let web = """
        defaults
            mode http
            timeout connect 5s
            retries 5
            option redispatch
            default-server inter 3s fall 2
        frontend www
            bind *:80
            bind 10.0.0.1:8080,[::1]:8081
            acl is_api hdr(host) -i api.example.com API.example.org
            acl static path_beg /static /img
            use_backend api if is_api
            use_backend assets if static !is_api or is_api static
            default_backend app
        backend app
            balance leastconn
            option httpchk GET /health
            http-check expect status 200
            timeout server 30000
            server a 10.0.1.1:8080 check weight 10 maxconn 100 slowstart 60s
            server b 10.0.1.2:8080 check backup disabled rise 5 fall 1 inter 500
        backend api
            option httpchk
            no option redispatch
            server c 10.0.1.3 check port 9000
        backend assets
            balance static-rr
            server d web.internal:80
        """

    @Test("keywords, defaults inheritance, HAProxy's defaults and time units")
    func model() throws {
        let (configuration, diagnostics) = haproxy(Self.web)
        #expect(diagnostics == [])
        let c = try #require(configuration)
        let www = try #require(c.frontend(named: "www"))
        #expect(www.mode == .http)
        #expect(www.binds.map { "\($0.host)|\($0.port)" } == ["|80", "10.0.0.1|8080", "::1|8081"])
        #expect(www.acls["is_api"] == [.host(["api.example.com", "API.example.org"], caseInsensitive: true)])
        #expect(www.acls["static"] == [.pathBegins(["/static", "/img"], caseInsensitive: false)])
        #expect(www.useBackends.map(\.backend) == ["api", "assets"])
        #expect(www.useBackends[1].condition == .init(alternatives: [
            [.init(acl: "static"), .init(acl: "is_api", negated: true)],
            [.init(acl: "is_api"), .init(acl: "static")],
        ]))
        #expect(www.defaultBackend == "app")
        let app = try #require(c.backend(named: "app"))
        #expect(app.balance == .leastconn && app.retries == 5 && app.redispatch)
        #expect(app.healthCheck == .http(method: "GET", uri: "/health", version: "HTTP/1.0",
                                         expect: .init(kind: .status, pattern: "200")))
        #expect(app.timeouts.connect == .seconds(5) && app.timeouts.server == .seconds(30))
        let a = app.servers[0], b = app.servers[1]
        #expect(a.check && a.weight == 10 && a.maxConnections == 100 && a.slowStart == .seconds(60))
        #expect(a.inter == .seconds(3) && a.fall == 2 && a.rise == 2)
        #expect(b.backup && b.disabled && b.rise == 5 && b.fall == 1 && b.inter == .milliseconds(500))
        let api = try #require(c.backend(named: "api"))
        #expect(api.healthCheck == .http(method: "OPTIONS", uri: "/", version: "HTTP/1.0", expect: nil))
        #expect(!api.redispatch && api.balance == .roundrobin)
        #expect(api.servers[0].port == nil && api.servers[0].checkPort == 9000)
        let assets = try #require(c.backend(named: "assets"))
        #expect(assets.balance == .staticRoundRobin && assets.servers[0].host == "web.internal" && !assets.servers[0].check)
    }

    @Test("a new defaults section starts again from HAProxy's built-in defaults")
    func defaultsReset() throws {
        let c = try #require(haproxy("""
            defaults
              mode http
              retries 9
            backend one
              server s 10.0.0.1:80
            defaults
            backend two
              server s 10.0.0.1:80
            """).configuration)
        #expect(c.backend(named: "one")?.mode == .http && c.backend(named: "one")?.retries == 9)
        #expect(c.backend(named: "two")?.mode == .tcp && c.backend(named: "two")?.retries == 3)
    }

    @Test("option redispatch: HAProxy's default interval -1 (the last retry), a given interval, and 'no option redispatch'")
    func redispatchInterval() throws {
        let c = try #require(haproxy("""
            defaults
              option redispatch
            backend last
              server s 10.0.0.1:80
            backend every
              option redispatch 1
              server s 10.0.0.1:80
            backend before
              option redispatch -2
              server s 10.0.0.1:80
            backend off
              no option redispatch
              server s 10.0.0.1:80
            """).configuration)
        let settings = ["last", "every", "before", "off"].map { name in
            c.backend(named: name).map { "\($0.redispatch) \($0.redispatchInterval)" } ?? "missing"
        }
        #expect(settings == ["true -1", "true 1", "true -2", "false 0"])
        let (none, diagnostics) = haproxy("backend bad\n  option redispatch often\n  server s 10.0.0.1:80\n")
        #expect(none == nil && diagnostics.map(\.description) == [
            "haproxy.cfg:2:21: error: 'option redispatch' takes an optional interval number, found 'often'",
        ])
    }

    @Test("global nbthread sets the proxy threads; other global settings are ignored with a warning; a bad count is an error")
    func nbthread() throws {
        let (configuration, diagnostics) = haproxy("""
            global
              nbthread 3
              daemon
            listen l
              bind :80
              server s 10.0.0.1:80
            """)
        #expect(diagnostics.map(\.description) == [
            "haproxy.cfg:3:3: warning: global setting 'daemon' is not used by racimo balancer and is ignored",
        ])
        let c = try #require(configuration)
        #expect(c.threads == 3 && BalancerPlan(haproxy: c).threads == 3)
        #expect(haproxy("listen l\n  bind :80\n  server s 10.0.0.1:80\n").configuration?.threads == nil)
        for bad in ["0", "many", "2 4", ""] {
            let (none, errors) = haproxy("global\n  nbthread \(bad)\nlisten l\n  bind :80\n  server s 10.0.0.1:80\n")
            #expect(none == nil && errors.map(\.description) == [
                "haproxy.cfg:2:\(bad.isEmpty ? 3 : 12): error: 'nbthread' needs one whole number from 1 to 256, found '\(bad)'",
            ])
        }
    }

    @Test("HAProxy time units", arguments: [
        ("5000", Duration.seconds(5)), ("10s", .seconds(10)), ("1m", .seconds(60)), ("2h", .seconds(7200)),
        ("1d", .seconds(86400)), ("250us", .microseconds(250)), ("100ms", .milliseconds(100)),
    ])
    func times(text: String, expected: Duration) {
        #expect(HAProxyTime.parse(text) == expected)
    }

    @Test("bad times are refused", arguments: ["", "s", "5 s", "5S", "1.5s", "-1", "25d", "99999999999999999999", "5sec"])
    func badTimes(text: String) {
        #expect(HAProxyTime.parse(text) == nil)
    }

    @Test("all errors at once, with positions and suggestions")
    func errors() {
        let (configuration, diagnostics) = haproxy("""
            defautls
            frontend f
                mdoe http
                bind 10.0.0.1
                use_backend nowhere if missing
                default_backend ap
                http-request deny
                option forwardfor header X-Client
                option httpchek
            backend app
                balance uri
                server a 10.0.0.2:80 chek
                server b 10.0.0.3:80 weight 300
                timeout conect 5s
                timeout server 5x
                acl x hdr_beg(host) foo
            backend app2 10.0.0.1:80
            """)
        #expect(configuration == nil)
        #expect(diagnostics == [
            "haproxy.cfg:1:1: error: unknown section 'defautls'; did you mean 'defaults'?",
            "haproxy.cfg:2:1: error: frontend 'f' has no 'bind' line (add 'bind ADDRESS:PORT')",
            "haproxy.cfg:3:5: error: unknown keyword 'mdoe' in 'frontend' section; did you mean 'mode'?",
            "haproxy.cfg:4:10: error: expected ADDRESS:PORT in 'bind', found '10.0.0.1' (for example *:80, 192.168.1.200:2000 or [::]:443)",
            "haproxy.cfg:5:5: error: 'use_backend' with hdr(host) or path_beg needs 'mode http' in 'f'",
            "haproxy.cfg:5:17: error: unknown backend 'nowhere'",
            "haproxy.cfg:5:28: error: unknown ACL 'missing'",
            "haproxy.cfg:6:21: error: unknown backend 'ap'; did you mean 'app'?",
            "haproxy.cfg:7:5: error: 'http-request' is not supported by racimo balancer (ignoring it would send connections differently from HAProxy)",
            "haproxy.cfg:8:23: warning: 'option forwardfor' arguments are not supported and are ignored (racimo adds 'X-Forwarded-For: <client address>' to every request)",
            "haproxy.cfg:9:12: error: unknown option 'httpchek'; did you mean 'httpchk'?",
            "haproxy.cfg:11:13: error: 'balance uri' is not supported (use roundrobin, static-rr, leastconn, first or source)",
            "haproxy.cfg:12:26: error: unknown or unsupported server parameter 'chek'; did you mean 'check'?",
            "haproxy.cfg:13:33: error: 'weight' needs a whole number from 0 to 256, found '300'",
            "haproxy.cfg:14:13: error: unknown timeout 'conect'; did you mean 'connect'?",
            "haproxy.cfg:15:20: error: expected a time such as 5000 (milliseconds) or 5s, found '5x' (units: us, ms, s, m, h, d; no unit means milliseconds)",
            "haproxy.cfg:16:5: error: 'acl' is not allowed in a 'backend' section",
            "haproxy.cfg:17:1: warning: backend 'app2' has no server (connections sent to it will be refused)",
            "haproxy.cfg:17:14: error: unexpected '10.0.0.1:80' after 'backend app2' (a backend has no address; list its servers with 'server')",
        ])
    }

    @Test("routing checks: ACL criteria, modes, anonymous ACLs, bind options")
    func routing() {
        let (_, diagnostics) = haproxy("""
            frontend f
                bind :80 ssl crt /x.pem
                acl a hdr_beg(host) foo
                acl b path_reg ^/x
                use_backend t if { path_beg /x }
                default_backend t
            backend t
                server s 10.0.0.1:80
            """)
        #expect(diagnostics == [
            "haproxy.cfg:2:14: error: bind option 'ssl' is not supported (it changes what clients connecting here must speak or where they can come from)",
            "haproxy.cfg:3:11: error: ACL criterion 'hdr_beg(host)' is not supported; did you mean 'hdr(host)'? (only hdr(host) and path_beg are)",
            "haproxy.cfg:4:11: error: ACL criterion 'path_reg' is not supported; did you mean 'path_beg'? (only hdr(host) and path_beg are)",
            "haproxy.cfg:5:22: error: anonymous ACLs ('{ ... }') are not supported (declare the test with 'acl NAME ...')",
        ])
        let (_, modes) = haproxy("""
            frontend f
                mode http
                bind :80
                default_backend t
            backend t
                server s 10.0.0.1:80
            """)
        #expect(modes == ["haproxy.cfg:4:21: error: http-mode frontend 'f' cannot use tcp-mode backend 't'"])
    }

    @Test("lexer errors reach the user; no section before a keyword is an error")
    func lexer() {
        #expect(haproxy("global\n  log \"x\n").diagnostics == [
            "haproxy.cfg:2:7: error: unterminated quoted string (add the closing double quote on the same line)"])
        #expect(haproxy("bind :80\n").diagnostics == [
            "haproxy.cfg:1:1: error: 'bind' is outside any section (start a section first: global, defaults, frontend, backend or listen)"])
    }
}
