import Balancer
import RacimoCore
import Testing
#if canImport(Glibc)
import Glibc
#endif



@Suite("keepalived.conf virtual_server reader: diagnostics")
struct KeepalivedVirtualServerDiagnosticsTests {
    @Test("errors name file:line:column", arguments: [
        ("virtual_server 10.0.0.1 80 {\n    lb_algo wrrr\n}",
         "keepalived.conf:2:13: error: unknown scheduler 'wrrr'; did you mean 'wrr'?"),
        ("virtual_server 10.0.0.1 80 {\n    lb_algo mh\n}",
         "keepalived.conf:2:13: error: scheduler 'mh' is not supported by racimo balancer (use one of wlc, rr, wrr, lc, lblc, lblcr, sh, dh, sed, nq)"),
        ("virtual_server 10.0.0.1 80 {\n    delay_lop 6\n}",
         "keepalived.conf:2:5: error: unknown keyword 'delay_lop' in virtual_server 10.0.0.1 80; did you mean 'delay_loop'?"),
        ("virtual_server 10.0.0.1 80 {\n  real_server 10.0.0.2 80 {\n    wieght 3\n  }\n}",
         "keepalived.conf:3:5: error: unknown keyword 'wieght' in real_server 10.0.0.2 80; did you mean 'weight'?"),
        ("virtual_server 10.0.0.1 80 {\n  real_server 10.0.0.2 80 {\n    TCP_CHECK {\n      conect_timeout 3\n    }\n  }\n}",
         "keepalived.conf:4:7: error: unknown keyword 'conect_timeout' in TCP_CHECK; did you mean 'connect_timeout'?"),
        ("virtual_server 10.0.0.1 80 {\n  real_server 10.0.0.2 80 {\n    HTTP_GET {\n      url {\n        pat /\n      }\n    }\n  }\n}",
         "keepalived.conf:5:9: error: unknown keyword 'pat' in url; did you mean 'path'?"),
        ("virtual_server 10.0.0.300 80 {\n}",
         "keepalived.conf:1:16: error: expected an IP address for 'virtual_server', found '10.0.0.300' (keepalived takes numeric addresses only, such as 192.168.0.10 or fd00::10)"),
        ("virtual_server 10.0.0.1:80 {\n}",
         "keepalived.conf:1:16: error: expected an IP address for 'virtual_server', found '10.0.0.1:80' (keepalived wants the address and port as two words: 'virtual_server 10.0.0.1 80')"),
        ("virtual_server 10.0.0.1 65536 {\n}",
         "keepalived.conf:1:25: error: the port of 'virtual_server' must be a whole number from 1 to 65535, found '65536'"),
        ("virtual_server fwmark 1 {\n}",
         "keepalived.conf:1:16: error: firewall-mark virtual servers ('virtual_server fwmark') are not supported (a proxy needs an address and a port; write one 'virtual_server IP PORT { ... }' per address)"),
        ("virtual_server group web {\n}",
         "keepalived.conf:1:16: error: virtual_server groups ('virtual_server group') are not supported (a proxy needs an address and a port; write one 'virtual_server IP PORT { ... }' per address)"),
        ("virtual_server 10.0.0.1 80 {\n    protocol SCTP\n}",
         "keepalived.conf:2:14: error: protocol SCTP is not supported by racimo balancer (use TCP or UDP)"),
        ("virtual_server 10.0.0.1 80 {\n    lb_kind DRR\n}",
         "keepalived.conf:2:13: error: unknown forwarding method 'DRR'; did you mean 'DR'?"),
        ("virtual_server 10.0.0.1 80 {\n    delay_loop 0\n}",
         "keepalived.conf:2:16: error: delay_loop must be a number of seconds above 0 up to 86400, found '0' (keepalived timers are plain seconds, such as 5 or 1.5)"),
        ("virtual_server 10.0.0.1 80 {\n    persistence_granularity 255.0.255.0\n}",
         "keepalived.conf:2:29: error: persistence_granularity must be a netmask such as 255.255.255.0 or a prefix length from 1 to 32, found '255.0.255.0'"),
        ("virtual_server 10.0.0.1 80 {\n  sorry_server 10.0.0.9\n}",
         "keepalived.conf:2:3: error: 'sorry_server' needs a port after 10.0.0.9 (write 'sorry_server IP PORT')"),
        ("virtual_server 10.0.0.1 80 {\n  real_server 10.0.0.2 80 {\n    weight 70000\n  }\n}",
         "keepalived.conf:3:12: error: weight must be a whole number from 0 to 65535, found '70000'"),
        ("virtual_server 10.0.0.1 80 {\n  real_server 10.0.0.2 80 {\n    SMTP_CHECK {\n    }\n  }\n}",
         "keepalived.conf:3:5: error: SMTP_CHECK is not supported by racimo balancer (use TCP_CHECK, HTTP_GET, SSL_GET or MISC_CHECK; another check would change which servers get traffic)"),
        ("virtual_server 10.0.0.1 80 {\n  real_server 10.0.0.2 80 {\n    HTTP_GET {\n    }\n  }\n}",
         "keepalived.conf:3:5: error: HTTP_GET needs at least one 'url { path ... }' block"),
        ("virtual_server 10.0.0.1 80 {\n  real_server 10.0.0.2 80 {\n    MISC_CHECK {\n      misc_dynamic\n    }\n  }\n}",
         "keepalived.conf:3:5: error: MISC_CHECK needs a 'misc_path' (write misc_path \"/path/to/script args\")"),
        ("virtual_server 10.0.0.1 80 {\n  real_server 10.0.0.2 80 {\n    HTTP_GET {\n      url {\n        path /\n        status_code 200-99\n      }\n    }\n  }\n}",
         "keepalived.conf:6:21: error: status_code must be an HTTP status from 100 to 599 or a range such as 200-299, found '200-99'"),
        ("virtual_server 10.0.0.1 80 {\n  real_server 10.0.0.2 80 {\n    HTTP_GET {\n      url {\n        path /\n        digest 9b3a0c85a887a256d6939da88aabd8cd\n      }\n    }\n  }\n}",
         "keepalived.conf:6:9: error: 'digest' is not supported by racimo balancer (check the body with 'regex' or the status with 'status_code'; ignoring it would change which servers get traffic)"),
        ("virtual_server 10.0.0.1 80 {\n  real_server 10.0.0.2 80 {\n    TCP_CHECK {\n      connect_port 0\n    }\n  }\n}",
         "keepalived.conf:4:20: error: connect_port must be a whole number from 1 to 65535, found '0'"),
        ("virtual_server 10.0.0.1 80 {\n    quorum two\n}",
         "keepalived.conf:2:12: error: quorum must be a whole number from 1 to 2147483647, found 'two'"),
        ("virtual_server 10.0.0.1 80 {\n    lb_algo rr wrr\n}",
         "keepalived.conf:2:16: error: unexpected 'wrr' after 'lb_algo rr' (quote a value that contains spaces)"),
        ("virtual_server 10.0.0.1 80 {\n  real_server 10.0.0.2 80 {\n  }\n  real_server 10.0.0.2 80 {\n  }\n}",
         "keepalived.conf:4:15: error: real_server 10.0.0.2:80 is already defined at keepalived.conf:2:3"),
        ("virtual_server 10.0.0.1 80 {\n}\nvirtual_server 10.0.0.1 80 {\n}",
         "keepalived.conf:3:16: error: virtual_server 10.0.0.1:80 TCP is already defined at keepalived.conf:1:1"),
        ("@lb1 virtual_server 10.0.0.1 80 {\n}",
         "keepalived.conf:1:1: error: lines for one system only ('@lb1 ...') are not supported (give each director its own file without the '@' prefix)"),
        ("virtual_server 10.0.0.1 80 {\n  real_server 10.0.0.2 80 {\n    TCP_CHECK {\n      nb_get_retry 2\n    }\n  }\n}",
         "keepalived.conf:4:7: error: unknown keyword 'nb_get_retry' in TCP_CHECK"),
        ("virtual_server 10.0.0.1 80\n",
         "keepalived.conf:1:1: error: 'virtual_server' needs a block (write 'virtual_server IP PORT { ... }')"),
        ("virtual_server 10.0.0.1 80 {\n",
         "keepalived.conf:2:1: error: block 'virtual_server' opened at keepalived.conf:1:28 is never closed (add the missing '}')"),
    ])
    func error(text: String, expected: String) {
        let (configuration, _) = virtualServers(text)
        #expect(configuration == nil)
        #expect(virtualServerErrors(text) == [expected])
    }

    @Test("unsupported side features are warnings; the file is still accepted")
    func warnings() throws {
        let (configuration, diagnostics) = virtualServers("""
            virtual_server 10.0.0.1 80 {
                ha_suspend
                quorum_up "/bin/true"
                real_server 10.0.0.2 80 {
                    uthreshold 100
                    notify_down /bin/alert
                }
            }
            include /etc/keepalived/lvs/*.conf
            virtual_server_group g {
            }
            """)
        #expect(configuration != nil)
        #expect(diagnostics.errors.isEmpty)
        #expect(diagnostics.warnings.map { "\($0.location!.line):\($0.location!.column)" }
            == ["1:1", "2:5", "3:5", "5:9", "6:9", "9:1", "10:1"])
        #expect(diagnostics.warnings[2].description.contains("'quorum_up' is not supported by racimo balancer and is ignored"))
    }
}
