import RacimoCore
import Testing
import VRRP

@Suite("values: addresses and commands")
struct ValueTests {
    @Test("IP addresses parse as inet_pton does and print canonically")
    func addresses() {
        #expect(IPAddress(parsing: "192.168.0.105")?.description == "192.168.0.105")
        #expect(IPAddress(parsing: "2001:DB8:0:0:0:0:0:1")?.description == "2001:db8::1")
        #expect(IPAddress(parsing: "::")?.description == "::")
        #expect(IPAddress(parsing: "fe80::1:0:0:2")?.description == "fe80::1:0:0:2")
        #expect(IPAddress(parsing: "::ffff:10.0.0.1")?.bytes == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 0, 0, 1])
        #expect(IPAddress(parsing: "fe80::7")?.isLinkLocal == true)
        #expect(IPAddress(parsing: "10.0.0.1")?.family == .v4)
        for bad in ["10.0.0", "10.0.0.256", "10.0.0.1.2", "1::2::3", "1:2:3:4:5:6:7:8:9", "01234::1", "10.0.0.-1", ""] {
            #expect(IPAddress(parsing: bad) == nil, "\(bad)")
        }
    }

    @Test("a keepalived.conf with quoted and escaped script arguments splits as keepalived splits it")
    func commands() throws {
        let (configuration, diagnostics) = keepalived(#"""
            vrrp_script a {
                script "/bin/sh -c 'exit 0'"
            }
            vrrp_script b {
                script "/bin/echo a\ b \x41\102 'c  d' ''"
            }
            vrrp_instance I {
                interface eth0
                virtual_router_id 1
                virtual_ipaddress {
                    10.0.0.1
                }
                track_script {
                    a
                    b
                }
            }
            """#)
        #expect(diagnostics == [])
        let c = try #require(configuration)
        #expect(c.scripts.map(\.command) == [
            ["/bin/sh", "-c", "exit 0"],
            ["/bin/echo", "a b", "AB", "c  d", ""],
        ])
    }
}
