import Balancer
import RacimoCore
import Testing

@Suite("ldirectord.cf")
struct LdirectordTests {
    @Test("the seed's file is accepted, with warnings for logging/reload and the forwarding method")
    func seed() throws {
        let (configuration, diagnostics) = ldirectord(Seeds.ldirectordCf)
        #expect(diagnostics == [
            "ldirectord.cf:3:1: warning: 'autoreload' is not supported by racimo balancer and is ignored",
            "ldirectord.cf:4:1: warning: 'logfile' is not supported by racimo balancer and is ignored",
            "ldirectord.cf:7:9: warning: forwarding method 'gate' is run as a TCP proxy: replies now pass through the director instead of going straight to the client; the real servers no longer need the virtual address on lo:0 (or a tunnel) nor arp_ignore/arp_announce; the real servers see connections from the director's address, not the client's",
        ])
        let c = try #require(configuration)
        #expect(c.global.checkTimeout == .seconds(10))
        #expect(c.global.checkInterval == .seconds(2))
        #expect(c.global.negotiateTimeout == .seconds(30))
        #expect(c.global.failureCount == 1)
        #expect(c.global.quiescent)
        #expect(c.virtualServices.count == 1)
        let v = c.virtualServices[0]
        #expect(v.endpoint == Endpoint(host: "192.168.0.105", port: 80))
        #expect(v.reals.map(\.endpoint) == [Endpoint(host: "192.168.0.101", port: 80), Endpoint(host: "192.168.0.102", port: 80)])
        #expect(v.reals.allSatisfy { $0.method == .gate && $0.weight == 1 })
        #expect(v.timing.fallback?.endpoint == Endpoint(host: "127.0.0.1", port: 80))
        #expect(v.timing.checkTimeout == .seconds(10))
        #expect(v.service == .http)
        #expect(v.request == "/ldirector.html")
        #expect(v.receive == "Pagina de Prueba")
        #expect(v.scheduler == .rr)
        #expect(v.checkType == .negotiate)
    }

    @Test("defaults: wrr, negotiate, service guessed from port 80, 10s/5s/30s, failurecount 1, quiescent")
    func defaults() throws {
        let c = try #require(ldirectord("virtual=10.0.0.1:80\n\treal=10.0.0.2:80 masq\n").configuration)
        let v = c.virtualServices[0]
        #expect(v.scheduler == .wrr)
        #expect(v.checkType == .negotiate)
        #expect(v.service == .http)
        #expect(v.request == "/")
        #expect(v.receive == nil)
        #expect(v.timing == LdirectordConfiguration.Timing())
        #expect(v.timing.checkInterval == .seconds(10) && v.timing.checkTimeout == .seconds(5))
        #expect(v.timing.negotiateTimeout == .seconds(30) && v.timing.failureCount == 1 && v.timing.quiescent)
        #expect(v.persistence == nil)
        let other = try #require(ldirectord("virtual=10.0.0.1:22\n\treal=10.0.0.2:22\n").configuration)
        #expect(other.virtualServices[0].service == .none)
        #expect(other.virtualServices[0].reals[0].method == .gate)
    }

    @Test("per-virtual settings override globals, even globals written after the block")
    func overrides() throws {
        let text = """
            virtual=10.0.0.1:8080
              real=10.0.0.2:8080 ipip 5 "health", "ok"
              checkinterval=3
              quiescent=no
              persistent=600
              netmask=255.255.255.0
              checktype=connect
            checktimeout=7
            checkinterval=9
            virtual=10.0.0.1:9090
              real=[fd00::2]:9090 masq 0
            """
        let (configuration, diagnostics) = ldirectord(text)
        #expect(diagnostics.count == 1)
        #expect(diagnostics[0].hasPrefix("ldirectord.cf:2:3: warning: forwarding method 'ipip'"))
        let c = try #require(configuration)
        let a = c.virtualServices[0], b = c.virtualServices[1]
        #expect(a.timing.checkInterval == .seconds(3) && a.timing.checkTimeout == .seconds(7) && !a.timing.quiescent)
        #expect(b.timing.checkInterval == .seconds(9) && b.timing.quiescent)
        #expect(a.reals[0].weight == 5 && a.reals[0].request == "/health" && a.reals[0].receive == "ok")
        #expect(a.persistence == .seconds(600))
        #expect(a.persistenceNetmask == IPAddress(parsing: "255.255.255.0"))
        #expect(a.checkType == .connect)
        #expect(b.reals[0].endpoint == Endpoint(host: "fd00::2", port: 9090) && b.reals[0].weight == 0)
    }

    @Test("spaces around '=' are allowed")
    func spacedEquals() throws {
        let c = try #require(ldirectord("checkinterval = 4\nvirtual= 10.0.0.1:80\n real =10.0.0.2:80\n").configuration)
        #expect(c.global.checkInterval == .seconds(4))
        #expect(c.virtualServices[0].reals.count == 1)
    }

    @Test("all errors at once, each with file:line:column and a suggestion where one fits")
    func errors() {
        let text = """
            chektimeout=5
            checkinterval=soon
            virtual=10.0.0.1:80
              real=10.0.0.2:80 gat
              scheduler=wrrr
              protocol=sctp
              checktype=ping
              service=smtp
              quiescent=maybe
            \treal=10.0.0.3
            virtual=7
            """
        let (configuration, diagnostics) = ldirectord(text)
        #expect(configuration == nil)
        #expect(diagnostics == [
            "ldirectord.cf:1:1: error: unknown keyword 'chektimeout'; did you mean 'checktimeout'?",
            "ldirectord.cf:2:15: error: checkinterval must be a whole number of seconds from 1 to 86400, found 'soon'",
            "ldirectord.cf:3:1: error: negotiate checks for service 'smtp' are not supported (use 'checktype=connect', or 'service=http' if the servers speak HTTP)",
            "ldirectord.cf:3:1: warning: virtual service 10.0.0.1:80 has no real server and no fallback (connections to it will be refused)",
            "ldirectord.cf:4:20: error: unknown forwarding method 'gat'; did you mean 'gate'?",
            "ldirectord.cf:5:13: error: unknown scheduler 'wrrr'; did you mean 'wrr'?",
            "ldirectord.cf:6:12: error: protocol 'sctp' is not supported; racimo balancer proxies TCP and UDP (SCTP and firewall marks need the kernel's IPVS; list one virtual= per address and port)",
            "ldirectord.cf:7:13: error: checktype 'ping' is not supported (use negotiate, connect or external; a different check changes which servers get traffic)",
            "ldirectord.cf:9:13: error: quiescent must be 'yes' or 'no', found 'maybe'",
            "ldirectord.cf:10:7: error: expected ADDRESS:PORT for 'real', found '10.0.0.3' (write an address and a numeric port, such as 192.168.0.105:80)",
            "ldirectord.cf:11:9: error: firewall-mark virtual services ('virtual=7') are not supported (a proxy needs an address and port, such as 192.168.0.105:80)",
        ])
    }

    @Test("structure errors: indented line without a virtual, virtual-only keyword at top level, duplicates")
    func structure() {
        let (configuration, diagnostics) = ldirectord("""
             checkinterval=3
            real=10.0.0.2:80
            virtual=10.0.0.1:80
            virtual=10.0.0.1:80
            bogus line
            """)
        #expect(configuration == nil)
        #expect(diagnostics == [
            "ldirectord.cf:1:2: error: 'checkinterval' is indented but there is no 'virtual=' above it (ldirectord reads indented lines as part of the preceding virtual service)",
            "ldirectord.cf:2:1: error: 'real' belongs in a virtual service (indent it under a 'virtual=' line)",
            "ldirectord.cf:3:1: warning: virtual service 10.0.0.1:80 has no real server and no fallback (connections to it will be refused)",
            "ldirectord.cf:4:1: warning: virtual service 10.0.0.1:80 has no real server and no fallback (connections to it will be refused)",
            "ldirectord.cf:4:9: error: virtual service 10.0.0.1:80 is already defined at ldirectord.cf:3:1",
            "ldirectord.cf:5:1: error: expected 'keyword=value', found 'bogus'",
        ])
    }

    @Test("external checks need a command; lexer errors are reported")
    func external() throws {
        let c = try #require(ldirectord("virtual=10.0.0.1:25\n real=10.0.0.2:25\n checktype=external\n checkcommand=/bin/check smtp\n").configuration)
        #expect(c.virtualServices[0].checkType == .external(command: "/bin/check smtp"))
        #expect(ldirectord("virtual=10.0.0.1:25\n real=10.0.0.2:25\n checktype=external\n").diagnostics.first
            == "ldirectord.cf:1:1: error: checktype=external needs a 'checkcommand='")
        #expect(ldirectord("receive=\"abc\n").diagnostics == [
            "ldirectord.cf:1:9: error: unterminated quoted string (add the closing double quote on the same line)"])
    }
}
