import RacimoCore
import Testing
import VRRP

@Suite("keepalived.conf: include")
struct KeepalivedIncludeTests {
    static let files: [String: String] = [
        "/etc/keepalived/conf.d/10-scripts.conf": """
            vrrp_script chk_web {
                script "/usr/local/bin/check web"
            }
            """,
        "/etc/keepalived/conf.d/20-web.conf": """
            vrrp_instance WEB {
                interface eth0
                virtual_router_id 10
                virtual_ipaddress {
                    include vips/{web,extra}.conf
                }
                track_script {
                    chk_web
                }
            }
            """,
        "/etc/keepalived/conf.d/vips/web.conf": "192.0.2.10/24 dev eth0\n",
        "/etc/keepalived/conf.d/vips/extra.conf": "192.0.2.11/24\n",
        "/etc/keepalived/conf.d/readme.txt": "not a configuration\n",
        "/etc/keepalived/conf.d/.old.conf": "vrrp_instance OLD {\n}\n",
    ]

    @Test("include globs relative to the including file, in name order, also inside blocks and with braces")
    func globs() throws {
        let (configuration, diagnostics) = keepalived("""
            global_defs {
                router_id lb1
            }
            include conf.d/*.conf
            """, file: "/etc/keepalived/keepalived.conf", files: Self.files)
        #expect(diagnostics == [])
        let c = try #require(configuration)
        #expect(c.files == [
            "/etc/keepalived/keepalived.conf",
            "/etc/keepalived/conf.d/10-scripts.conf",
            "/etc/keepalived/conf.d/20-web.conf",
            "/etc/keepalived/conf.d/vips/web.conf",
            "/etc/keepalived/conf.d/vips/extra.conf",
        ])
        #expect(c.scripts.map(\.command) == [["/usr/local/bin/check", "web"]])
        let web = try #require(c.instance(named: "WEB"))
        #expect(web.location == at("/etc/keepalived/conf.d/20-web.conf", 1, 1))
        #expect(web.virtualAddresses == [
            .init(address: ip("192.0.2.10"), prefixLength: 24, device: "eth0", location: at("/etc/keepalived/conf.d/vips/web.conf", 1, 1)),
            .init(address: ip("192.0.2.11"), prefixLength: 24, location: at("/etc/keepalived/conf.d/vips/extra.conf", 1, 1)),
        ])
        #expect(web.trackScripts.map(\.script) == ["chk_web"])
    }

    @Test("messages name the included file; a missing file is an error, an empty wildcard a note unless includew")
    func missingAndMistakes() {
        let files = [
            "/etc/keepalived/bad.conf": "vrrp_instance B {\n    priorty 5\n}\n",
            "/etc/keepalived/open.conf": "vrrp_instance C {\n",
            "/etc/keepalived/loop.conf": "include loop.conf\n",
        ]
        let (configuration, diagnostics) = keepalived("""
            include bad.conf
            include missing.conf
            include conf.d/*.conf
            includew conf.d/*.conf
            include open.conf
            include loop.conf
            include
            """, file: "/etc/keepalived/keepalived.conf", files: files)
        #expect(configuration == nil)
        #expect(diagnostics == [
            "/etc/keepalived/keepalived.conf:2:9: error: 'include missing.conf' found no file (looked for /etc/keepalived/missing.conf)",
            "/etc/keepalived/keepalived.conf:3:9: note: 'include conf.d/*.conf' matched no file (looked for /etc/keepalived/conf.d/*.conf)",
            "/etc/keepalived/keepalived.conf:4:10: error: 'includew conf.d/*.conf' found no file (looked for /etc/keepalived/conf.d/*.conf)",
            "/etc/keepalived/keepalived.conf:7:1: error: 'include' needs a file name",
            "/etc/keepalived/bad.conf:1:15: error: vrrp_instance B has no 'interface' (name the interface its adverts go out on, e.g. 'interface eth0')",
            "/etc/keepalived/bad.conf:1:15: error: vrrp_instance B has no 'virtual_router_id' (choose 1 to 255, the same on every router of this instance)",
            "/etc/keepalived/bad.conf:1:15: warning: vrrp_instance B has no virtual_ipaddress (add one, or 'no_virtual_ipaddress' if that is on purpose)",
            "/etc/keepalived/bad.conf:2:5: error: unknown keyword 'priorty' in vrrp_instance B; did you mean 'priority'?",
            "/etc/keepalived/open.conf:2:1: error: block 'vrrp_instance' opened at /etc/keepalived/open.conf:1:17 is never closed (add the missing '}')",
            "/etc/keepalived/loop.conf:1:9: error: include loop: /etc/keepalived/loop.conf is already being read (remove this include)",
        ])
    }

    @Test("include paths and wildcards follow glob(3)")
    func includePath() {
        #expect(IncludePath.resolve("conf.d/*.conf", relativeTo: "/etc/keepalived/keepalived.conf") == "/etc/keepalived/conf.d/*.conf")
        #expect(IncludePath.resolve("/abs/x.conf", relativeTo: "/etc/keepalived/keepalived.conf") == "/abs/x.conf")
        #expect(IncludePath.resolve("x.conf", relativeTo: "keepalived.conf") == "x.conf")
        #expect(IncludePath.hasWildcards("a/*.conf") && IncludePath.hasWildcards("a?.conf") && IncludePath.hasWildcards("{a,b}"))
        #expect(!IncludePath.hasWildcards("plain.conf") && !IncludePath.hasWildcards("a\\*b"))
        #expect(IncludePath.expandBraces("x{1,2{a,b}}y") == ["x1y", "x2ay", "x2by"])
        #expect(IncludePath.expandBraces("no{brace") == ["no{brace"])
        #expect(IncludePath.matches("/d/a.conf", pattern: "/d/*.conf"))
        #expect(!IncludePath.matches("/d/sub/a.conf", pattern: "/d/*.conf"))
        #expect(!IncludePath.matches("/d/.a.conf", pattern: "/d/*.conf"))
        #expect(IncludePath.matches("/d/.a.conf", pattern: "/d/.*.conf"))
        #expect(IncludePath.matches("/d/b7.conf", pattern: "/d/[a-c]?.conf"))
        #expect(!IncludePath.matches("/d/b7.conf", pattern: "/d/[!a-c]?.conf"))
        #expect(IncludePath.matches("/d/db.conf", pattern: "/d/{web,db}.conf"))
    }
}
