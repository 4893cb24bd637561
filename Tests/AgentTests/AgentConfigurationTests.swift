import Agent
import RacimoCore
import Testing

@Suite("racimo.toml")
struct AgentConfigurationTests {
    func parse(_ text: String, file: String = "racimo.toml") -> (AgentConfiguration?, [String]) {
        let (configuration, diagnostics) = AgentConfiguration.parse(text, file: file, defaultNodeName: "box1")
        return (configuration, diagnostics.all.map(\.description))
    }

    @Test("a complete file reads into the settings it names, paths relative to the file's folder")
    func complete() throws {
        let (configuration, diagnostics) = parse("""
            [node]
            name = "h1"
            listen = "10.213.0.1:9401"
            seeds = ["10.213.0.2:9401", "10.213.0.3"]

            [cluster]
            key_file = "cluster.key"
            next_key_file = "/etc/racimo/next.key"
            frame_freshness = "2m"

            [admin]
            listen = "127.0.0.1:9500"

            [log]
            level = "debug"

            [membership]
            hello_interval = "250ms"
            """, file: "/srv/racimo/racimo.toml")
        #expect(diagnostics == [])
        let c = try #require(configuration)
        #expect(c.nodeName == NodeName("h1"))
        #expect(c.listen == Endpoint(host: "10.213.0.1", port: 9401))
        #expect(c.seeds == [Endpoint(host: "10.213.0.2", port: 9401), Endpoint(host: "10.213.0.3", port: 9401)])
        #expect(c.keyFile == "/srv/racimo/cluster.key")
        #expect(c.nextKeyFile == "/etc/racimo/next.key")
        #expect(c.adminTokenFile == "/srv/racimo/admin.token")
        #expect(c.frameFreshness == .seconds(120))
        #expect(c.adminListen == Endpoint(host: "127.0.0.1", port: 9500))
        #expect(c.logLevel == .debug)
        #expect(c.helloInterval == .milliseconds(250))
        #expect(c.roles == [.membership])
    }

    @Test("an empty file means a membership-only node named after the host, with defaults")
    func defaults() throws {
        let (configuration, diagnostics) = parse("")
        #expect(diagnostics == [])
        let c = try #require(configuration)
        #expect(c.nodeName == NodeName("box1"))
        #expect(c.listen == Endpoint(host: "0.0.0.0", port: 9401))
        #expect(c.adminListen == Endpoint(host: "127.0.0.1", port: 9400))
        #expect(c.keyFile == "/etc/racimo/cluster.key")
        #expect(c.adminTokenFile == "/etc/racimo/admin.token")
        #expect(c.frameFreshness == .seconds(300))
    }

    @Test("a misspelt key is an error at its line and column with the key it resembles")
    func misspeltKey() {
        let (configuration, diagnostics) = parse("""
            [node]
            nmae = "h1"
            """)
        #expect(configuration == nil)
        #expect(diagnostics == ["racimo.toml:2:1: error: unknown key 'nmae' in [node]; did you mean 'name'?"])
    }

    @Test("a misspelt table is an error with the table it resembles")
    func misspeltTable() {
        let (_, diagnostics) = parse("""
            [nodes]
            name = "h1"
            """)
        #expect(diagnostics == ["racimo.toml:1:2: error: unknown table [nodes]; did you mean 'node'?"])
    }

    @Test("every mistake of a file is reported at once, in file order")
    func severalMistakes() {
        let (_, diagnostics) = parse("""
            [node]
            listen = "10.213.0.1:99999"
            seeds = "10.213.0.2"
            [cluster]
            frame_freshness = "5"
            [log]
            level = "verbose"
            """)
        #expect(diagnostics == [
            #"racimo.toml:2:10: error: 'listen' is not an address: "10.213.0.1:99999" (write host:port, e.g. "10.213.0.2:9401" or "[fd00::2]:9401")"#,
            "racimo.toml:3:9: error: 'seeds' in [node] must be an array of strings, found a string",
            #"racimo.toml:5:19: error: 'frame_freshness' is not a duration: "5" (write a number and a unit, e.g. "250ms", "2s", "1m")"#,
            #"racimo.toml:7:9: error: unknown log level "verbose" (levels: trace, debug, info, notice, warning, error, critical)"#,
        ])
    }

    @Test("intervals of zero are refused, and seeds must be of the listen address's family")
    func ranges() {
        let (_, diagnostics) = parse("""
            [node]
            listen = "10.213.0.1:9401"
            seeds = ["[fd00::2]:9401", "10.213.0.3"]
            [membership]
            hello_interval = "0s"
            """)
        #expect(diagnostics == [
            #"racimo.toml:3:10: error: seed [fd00::2]:9401 is IPv6 but 'listen' (10.213.0.1:9401) is IPv4 (listen on an address of the seeds' family, e.g. "[::]:9401" for IPv6)"#,
            #"racimo.toml:5:18: error: 'hello_interval' must be at least 10ms, found "0s""#,
        ])
    }

    @Test("an unknown key with nothing close lists the known ones")
    func unknownWithoutSuggestion() {
        let (_, diagnostics) = parse("[admin]\nfrobnicate = 1\n")
        #expect(diagnostics == ["racimo.toml:2:1: error: unknown key 'frobnicate' in [admin] (known keys: listen, token_file)"])
    }

    @Test("a role this version cannot run is a warning, not silence and not an error")
    func plannedRole() throws {
        let (configuration, diagnostics) = parse("[monitor]\n")
        #expect(configuration?.roles == [.membership])
        #expect(diagnostics == ["racimo.toml:1:2: warning: role 'monitor' is not available in this version; the table is ignored (README.md lists what works today)"])
    }

    @Test("[balancer] names its haproxy.cfg, ldirectord.cf or keepalived.conf and adds the role; a bad format is an error")
    func balancerRole() throws {
        let (configuration, diagnostics) = parse("[balancer]\nfile = \"haproxy.cfg\"\nformat = \"haproxy\"\n", file: "/etc/racimo/racimo.toml")
        #expect(diagnostics == [])
        #expect(configuration?.roles == [.membership, .balancer])
        #expect(configuration?.balancer == BalancerRole(file: "/etc/racimo/haproxy.cfg", format: "haproxy"))
        let (_, bad) = parse("[balancer]\nfile = \"x\"\nformat = \"haproxi\"\n")
        #expect(bad == ["racimo.toml:3:10: error: unknown balancer format 'haproxi'; did you mean 'haproxy'?"])
        let (_, missing) = parse("[balancer]\n")
        #expect(missing == ["racimo.toml:1:1: error: [balancer] needs 'file', the haproxy.cfg, ldirectord.cf or keepalived.conf whose services this node runs"])
    }

    @Test("[vrrp] names a keepalived.conf, relative to the file's folder, and adds the role")
    func vrrpRole() throws {
        let (configuration, diagnostics) = parse("[vrrp]\nkeepalived_conf = \"keepalived.conf\"\n", file: "/etc/racimo/racimo.toml")
        #expect(diagnostics == [])
        #expect(configuration?.roles == [.membership, .vrrp])
        #expect(configuration?.vrrp == VRRPRole(keepalivedFile: "/etc/racimo/keepalived.conf"))
    }

    @Test("[vrrp] without its keepalived.conf is an error that says what is missing")
    func vrrpRoleWithoutFile() throws {
        let (configuration, diagnostics) = parse("[vrrp]\nstatus_file = \"/run/x.json\"\n")
        #expect(configuration == nil)
        #expect(diagnostics == ["racimo.toml:1:1: error: [vrrp] needs 'keepalived_conf', the keepalived.conf whose vrrp_* part this node runs"])
    }

    @Test("an invalid node name says which characters are allowed")
    func badName() {
        let (_, diagnostics) = parse("[node]\nname = \"node one\"\n")
        #expect(diagnostics == [#"racimo.toml:2:8: error: node name "node one" is not valid (use 1 to 64 letters, digits, '.', '_' or '-')"#])
    }

    @Test("a TOML syntax error is reported with its position and nothing is read")
    func syntaxError() {
        let (configuration, diagnostics) = parse("[node]\nname = h1\n")
        #expect(configuration == nil)
        #expect(diagnostics.count == 1)
        #expect(diagnostics[0].hasPrefix("racimo.toml:2:8: error:"))
    }
}

@Suite("racimo.toml: links and membership")
struct AgentConfigurationMembershipTests {
    @Test("a node on a wildcard address names the addresses of its links; membership keys tune the detector")
    func links() throws {
        let (configuration, diagnostics) = AgentConfiguration.parse("""
            [node]
            listen = "0.0.0.0:9401"
            addresses = ["10.213.0.1", "10.213.64.1:9501"]
            seeds = ["10.213.0.2"]
            [membership]
            probe_interval = "500ms"
            probe_timeout = "100ms"
            speed = 20000
            """, file: "racimo.toml", defaultNodeName: "box1")
        #expect(diagnostics.all.isEmpty)
        let c = try #require(configuration)
        #expect(c.addresses == [Endpoint(host: "10.213.0.1", port: 9401), Endpoint(host: "10.213.64.1", port: 9501)])
        #expect(c.membership.probeInterval == .milliseconds(500))
        #expect(c.membership.probeTimeout == .milliseconds(100))
        #expect(c.speed == 20000)
    }

    @Test("discovery takes an IPv4 multicast group, with port 9402 by default")
    func discovery() {
        let good = AgentConfiguration.parse("[membership]\ndiscovery = \"239.213.0.1\"\n", file: "racimo.toml", defaultNodeName: "box1")
        #expect(good.configuration?.discovery == Endpoint(host: "239.213.0.1", port: 9402))
        let bad = AgentConfiguration.parse("[membership]\ndiscovery = \"10.213.0.1:9402\"\n", file: "racimo.toml", defaultNodeName: "box1")
        #expect(bad.diagnostics.all.map(\.description) == [
            #"racimo.toml:2:13: error: 'discovery' must be an IPv4 multicast group, e.g. "239.213.0.1:9402""#,
        ])
    }

    @Test("a wildcard listen with seeds but no addresses says what to add; a probe timeout must fit in the interval")
    func missingAddresses() {
        let (_, diagnostics) = AgentConfiguration.parse("""
            [node]
            listen = "0.0.0.0:9401"
            seeds = ["10.213.0.2"]
            [membership]
            probe_timeout = "1s"
            """, file: "racimo.toml", defaultNodeName: "box1")
        #expect(diagnostics.all.map(\.description) == [
            #"racimo.toml:2:1: error: listening on 0.0.0.0:9401 needs [node] addresses: the addresses other nodes reach this one at (e.g. addresses = ["10.213.0.1", "10.213.64.1"], one per link)"#,
            "racimo.toml:5:17: error: 'probe_timeout' must be shorter than 'probe_interval'",
        ])
    }
}
