import Balancer
import RacimoCore
import Testing

@Suite("haproxy.cfg: source and usesrc")
struct HAProxySourceTests {
    static func describe(_ binding: SourceBinding?) -> String {
        guard let binding else { return "none" }
        let foreign = switch binding.foreign {
        case nil: ""
        case .clientIP: " usesrc clientip"
        case .client: " usesrc client"
        case .address(let address, let port): " usesrc \(address):\(port)"
        }
        return "\(binding.address.map(\.description) ?? "any"):\(binding.port)\(foreign)"
    }

    @Test("in defaults, backend and listen sections and on server lines; a server's own wins, and both reach the plan")
    func places() throws {
        let (configuration, diagnostics) = haproxy("""
            defaults
                mode tcp
                source 0.0.0.0 usesrc clientip
            backend kept
                server a 10.0.0.1:80
                server b 10.0.0.2:80 source 192.168.1.200:2000 check
                server c 10.0.0.3:80 source 0.0.0.0 usesrc client weight 5
            backend fixed
                source 10.0.0.9
                server d [2001:db8::4]:80 source [::]:0 usesrc [2001:db8::7]:4000
            """)
        #expect(diagnostics == [])
        let c = try #require(configuration)
        #expect(Self.describe(c.backend(named: "kept")?.source) == "any:0 usesrc clientip")
        #expect(c.backend(named: "kept")?.servers.map { Self.describe($0.source) }
                == ["none", "192.168.1.200:2000", "any:0 usesrc client"])
        // Parameters after source are still read.
        #expect(c.backend(named: "kept")?.servers[1].check == true && c.backend(named: "kept")?.servers[2].weight == 5)
        #expect(Self.describe(c.backend(named: "fixed")?.source) == "10.0.0.9:0")
        #expect(Self.describe(c.backend(named: "fixed")?.servers[0].source) == "any:0 usesrc 2001:db8::7:4000")
        let plan = BalancerPlan(haproxy: c)
        #expect(Self.describe(plan.pool(named: "kept")?.source) == "any:0 usesrc clientip")
        #expect(Self.describe(plan.pool(named: "kept")?.servers[2].source) == "any:0 usesrc client")
    }

    @Test("the address to bind for a client: its address for clientip, with its port for client, else the fixed or own one")
    func bindAddress() {
        let client = IPAddress(parsing: "192.0.2.7")!, fixed = IPAddress(parsing: "198.51.100.1")!
        func bind(_ binding: SourceBinding) -> String {
            let (address, port) = binding.bindAddress(client: client, clientPort: 40000)
            return "\(address.map(\.description) ?? "any"):\(port)"
        }
        #expect(bind(SourceBinding(address: nil, foreign: .clientIP)) == "192.0.2.7:0")
        #expect(bind(SourceBinding(address: nil, foreign: .client)) == "192.0.2.7:40000")
        #expect(bind(SourceBinding(address: nil, foreign: .address(fixed, port: 0))) == "198.51.100.1:0")
        #expect(bind(SourceBinding(address: fixed, port: 2000)) == "198.51.100.1:2000")
        #expect(bind(SourceBinding(address: nil)) == "any:0")
        #expect(!SourceBinding(address: fixed).isTransparent && SourceBinding(address: nil, foreign: .clientIP).isTransparent)
    }

    @Test("what is refused, with positions: a missing or bad address, port ranges, interface, hdr_ip, usesrc in HTTP mode, source in a frontend")
    func errors() {
        let (configuration, diagnostics) = haproxy("""
            backend a
                mode tcp
                source
                source 10.0.0.1 usesrc
                source 10.0.0.1 interface eth0
                source host.example
                source 10.0.0.1 usesrc hdr_ip(x-forwarded-for)
                source 10.0.0.1 usesrc 0.0.0.0
                source 10.0.0.1 usesrc clientip now
                server s 10.0.0.1:80 source 10.0.0.1:1024-2000
            backend web
                mode http
                source 0.0.0.0 usesrc clientip
                server s 10.0.0.1:80 source 0.0.0.0 usesrc client
            frontend f
                bind :80
                source 10.0.0.1
                default_backend a
            """)
        #expect(configuration == nil)
        let hint = "source ADDRESS[:PORT] [usesrc clientip|client|ADDRESS[:PORT]]"
        #expect(diagnostics.map(\.description) == [
            "haproxy.cfg:3:5: error: 'source' needs an address (\(hint))",
            "haproxy.cfg:4:21: error: 'usesrc' needs clientip, client or an address (\(hint))",
            "haproxy.cfg:5:21: error: 'source ... interface' is not supported (it chooses the interface connections leave by; route them instead)",
            "haproxy.cfg:6:12: error: 'host.example' is not an IP address (\(hint))",
            "haproxy.cfg:7:28: error: 'usesrc hdr_ip(...)' is not supported (use 'usesrc clientip')",
            "haproxy.cfg:8:28: error: 'usesrc' needs a particular address, found '0.0.0.0' (\(hint))",
            "haproxy.cfg:9:37: error: unexpected 'now' after 'usesrc clientip' (\(hint))",
            "haproxy.cfg:10:33: error: port ranges in 'source' are not supported, found '10.0.0.1:1024-2000' (\(hint))",
            "haproxy.cfg:13:5: error: 'usesrc' (transparent proxying) is supported in TCP mode only (in HTTP mode servers learn the client's address from 'option forwardfor')",
            "haproxy.cfg:14:26: error: 'usesrc' (transparent proxying) is supported in TCP mode only (in HTTP mode servers learn the client's address from 'option forwardfor')",
            "haproxy.cfg:17:5: error: 'source' is not allowed in a 'frontend' section",
        ])
    }

    @Test("a source address of the other family than a server's is an error, found before a connection fails")
    func families() {
        let (configuration, diagnostics) = haproxy("""
            backend mixed
                mode tcp
                source 10.0.0.9
                server v4 10.0.0.1:80
                server v6 [2001:db8::1]:80
                server named web.example:80
                server own [2001:db8::2]:80 source 0.0.0.0 usesrc 192.0.2.1
            """)
        #expect(configuration == nil)
        #expect(diagnostics.map(\.description) == [
            "haproxy.cfg:3:5: error: source address 10.0.0.9 is IPv4 but server 'v6' is IPv6 (2001:db8::1) (give each family's servers a source address of their own family)",
            "haproxy.cfg:7:33: error: source address 192.0.2.1 is IPv4 but server 'own' is IPv6 (2001:db8::2) (give each family's servers a source address of their own family)",
        ])
    }
}
