import RacimoCore
import Testing
import VRRP

/// Every message of the keepalived reader, text checked exactly.
@Suite("keepalived.conf: diagnostics")
struct KeepalivedDiagnosticsTests {
    /// A valid instance to keep "no vrrp_instance" out of tests about other blocks.
    static let instance = """
        vrrp_instance OK {
            interface eth0
            virtual_router_id 200
            virtual_ipaddress {
                10.9.9.9
            }
        }
        """

    @Test("top level: typos are errors, other keepalived blocks notes or warnings, preprocessing errors")
    func topLevel() {
        let (configuration, diagnostics) = keepalived("""
            virtual_server 10.0.0.1 80 {
                real_server 10.0.0.2 80 {
                }
            }
            static_ipaddress {
                10.0.0.9/24 dev eth0
            }
            vrrp_track_process p {
                process haproxy
            }
            net_namespace blue
            virtual_servr 1 2 {
            }
            something_else {
            }
            @node1 vrrp_instance X {
            }
            $VIP=10.0.0.1
            ~SEQ(N, 1, 3) vrrp_instance VI_$N {
            }
            vrrp_sript s {
            }
            inlcude other.conf
            \(Self.instance)
            """)
        #expect(configuration == nil)
        #expect(diagnostics == [
            "keepalived.conf:1:1: note: 'virtual_server' is not part of VRRP: racimo vrrp reads only the VRRP part of keepalived.conf and ignores it",
            "keepalived.conf:5:1: note: 'static_ipaddress' is not part of VRRP: racimo vrrp reads only the VRRP part of keepalived.conf and ignores it (configure fixed addresses in the system's network configuration)",
            "keepalived.conf:8:1: warning: 'vrrp_track_process' is not supported by racimo vrrp and is ignored (only track_process uses it, which racimo vrrp refuses)",
            "keepalived.conf:11:1: error: 'net_namespace' is not supported by racimo vrrp (start racimo vrrp inside the namespace instead: ip netns exec NAME racimo vrrp ...)",
            "keepalived.conf:12:1: warning: unknown keyword 'virtual_servr', ignored; did you mean 'virtual_server'?",
            "keepalived.conf:14:1: warning: unknown keyword 'something_else', ignored (keepalived ignores it too)",
            "keepalived.conf:16:1: error: conditional configuration ('@node1') is not supported by racimo vrrp (write a separate file for each host)",
            "keepalived.conf:18:1: error: parameter definitions and substitutions ('$VIP=10.0.0.1') are not supported by racimo vrrp (write the values out in place)",
            "keepalived.conf:19:1: error: '~SEQ' sequences are not supported by racimo vrrp (write each line out)",
            "keepalived.conf:21:1: error: unknown keyword 'vrrp_sript'; did you mean 'vrrp_script'?",
            "keepalived.conf:23:1: error: unknown keyword 'inlcude'; did you mean 'include'?",
        ])
    }

    @Test("a file with no vrrp_instance has nothing to run")
    func noInstance() {
        let (configuration, diagnostics) = keepalived("global_defs {\n    router_id lb1\n}\n")
        #expect(configuration == nil)
        #expect(diagnostics == [
            "keepalived.conf:1:1: error: no vrrp_instance: there is nothing for racimo vrrp to run (keepalived would start and do nothing)",
        ])
    }

    @Test("global_defs: supported keywords' values are checked; others are refused, ignored or noted")
    func globalDefs() {
        let (_, diagnostics) = keepalived("""
            global_defs {
                router_id
                notification_email {
                    admin@example.com
                }
                vrrp_strict
                lvs_flush
                vrrp_verison 3
                frobnicate yes
                enable_script_security yes
                vrrp_garp_master_repeat 0
                vrrp_version 4
                vrrp_min_garp perhaps
                vrrp_garp_interval 0.0000001
                script_user
                startup_script /bin/true
            }
            \(Self.instance)
            """)
        #expect(diagnostics == [
            "keepalived.conf:2:5: error: 'router_id' in global_defs needs a value",
            "keepalived.conf:3:5: warning: 'notification_email' in global_defs is not supported by racimo vrrp and is ignored (racimo vrrp sends no e-mail: use notify scripts)",
            "keepalived.conf:6:5: error: 'vrrp_strict' in global_defs is not supported by racimo vrrp (it changes defaults and refuses authentication, unicast and preempt_delay; remove it)",
            "keepalived.conf:7:5: note: 'lvs_flush' is not part of VRRP: racimo vrrp reads only the VRRP part of keepalived.conf and ignores it",
            "keepalived.conf:8:5: error: unknown keyword 'vrrp_verison' in global_defs; did you mean 'vrrp_version'?",
            "keepalived.conf:9:5: warning: unknown keyword 'frobnicate' in global_defs, ignored (keepalived ignores it too)",
            "keepalived.conf:10:28: warning: 'enable_script_security' in global_defs takes no value; 'yes' is ignored",
            "keepalived.conf:11:29: warning: 'vrrp_garp_master_repeat' in global_defs must be at least 1; using 1, as keepalived does",
            "keepalived.conf:12:18: error: 'vrrp_version' in global_defs must be a whole number from 2 to 3, found \"4\"",
            "keepalived.conf:13:19: error: 'vrrp_min_garp' in global_defs takes on, off, true, false, yes or no, found \"perhaps\"",
            "keepalived.conf:14:24: error: 'vrrp_garp_interval' in global_defs must be a number of seconds from 0.000001 to 4294 with at most 6 decimals, found \"0.0000001\"",
            "keepalived.conf:15:5: error: 'script_user' in global_defs needs a user name",
            "keepalived.conf:16:5: error: 'startup_script' in global_defs is not supported by racimo vrrp (racimo vrrp does not run it; run it from the service unit (ExecStartPre=))",
        ])
    }

    @Test("vrrp_script: names, commands, numbers and options")
    func scripts() {
        let (_, diagnostics) = keepalived("""
            vrrp_script {
            }
            vrrp_script s a {
            }
            vrrp_script nocmd {
                interval 0
                weight 2 revers
                rise 0
                bogus_kw 1
            }
            vrrp_script s2 {
                script '/bin/check a'
            }
            vrrp_script s3 {
                script "/bin/check 'a b"
            }
            vrrp_script s4 {
                script /usr/bin/pidof haproxy
                timeout 1.2345
                weight 254
            }
            vrrp_script s4 {
                script "/bin/ok"
            }
            vrrp_script s5 {
                script "/bin/echo \\"quoted\\""
            }
            \(Self.instance)
            """)
        #expect(diagnostics == [
            "keepalived.conf:1:1: error: vrrp_script needs a name (e.g. 'vrrp_script chk_web {')",
            "keepalived.conf:3:15: error: vrrp_script takes one name; found 'a' after 's'",
            "keepalived.conf:5:1: error: vrrp_script nocmd has no 'script' command",
            "keepalived.conf:5:1: note: vrrp_script nocmd is not tracked by any vrrp_instance or vrrp_sync_group",
            "keepalived.conf:6:14: error: 'interval' in vrrp_script nocmd must be a number of seconds from 0.001 to 4294 with at most 3 decimals, found \"0\"",
            "keepalived.conf:7:14: error: unknown weight option 'revers' in vrrp_script nocmd; did you mean 'reverse'? (write 'weight N' or 'weight N reverse')",
            "keepalived.conf:8:10: error: 'rise' in vrrp_script nocmd must be a whole number 1 or more, found \"0\"",
            "keepalived.conf:9:5: warning: unknown keyword 'bogus_kw' in vrrp_script nocmd, ignored (keepalived ignores it too)",
            "keepalived.conf:11:1: note: vrrp_script s2 is not tracked by any vrrp_instance or vrrp_sync_group",
            "keepalived.conf:12:12: error: single quotes outside double quotes are not supported in 'script' (put the whole command in double quotes, e.g. script \"/usr/local/bin/check 'a b'\")",
            "keepalived.conf:14:1: note: vrrp_script s3 is not tracked by any vrrp_instance or vrrp_sync_group",
            "keepalived.conf:15:12: error: the command of 'script' in vrrp_script s3 has a single quote that is not closed",
            "keepalived.conf:17:1: note: vrrp_script s4 is not tracked by any vrrp_instance or vrrp_sync_group",
            "keepalived.conf:18:27: error: 'script' in vrrp_script s4 takes the command as one word: keepalived would run \"/usr/bin/pidof\" alone and ignore \"haproxy\" (quote the whole command: script \"/usr/bin/pidof haproxy\")",
            "keepalived.conf:19:13: error: 'timeout' in vrrp_script s4 must be a number of seconds from 0.001 to 4294 with at most 3 decimals, found \"1.2345\"",
            "keepalived.conf:20:12: error: 'weight' in vrrp_script s4 must be a whole number from -253 to 253, found \"254\"",
            "keepalived.conf:22:13: error: vrrp_script s4 is already defined at keepalived.conf:17:1",
            "keepalived.conf:25:1: note: vrrp_script s5 is not tracked by any vrrp_instance or vrrp_sync_group",
            "keepalived.conf:26:12: error: escaped double quotes (\\\") in 'script' are not supported (use single quotes inside the double quotes)",
        ])
    }

    @Test("vrrp_instance: a misspelt keyword is an error, keywords Racimo lacks are refused or ignored")
    func instanceKeywords() {
        let (configuration, diagnostics) = keepalived("""
            vrrp_instance A {
                state master
                interface eth0-with-a-very-long-name
                priorty 100
                virtual_router_id 0
                use_vmac
                smtp_alert
                virtual_ipaddress_excluded {
                    10.0.0.5
                }
                track_process {
                    p
                }
                auth_hmac {
                }
                frobnicate
                smtp_alrt
                no_accept
                down_timer_adverts 5
                preempt_delay 1001
                advert_int 0
                lower_prio_no_advert maybe
                priority 101 102
                nopreempt now
                virtual_ipaddress 10.0.0.1
                interface {
                }
            }
            """)
        #expect(configuration == nil)
        #expect(diagnostics == [
            "keepalived.conf:2:11: error: 'state' in vrrp_instance A must be MASTER or BACKUP, found \"master\"; did you mean 'MASTER'?",
            "keepalived.conf:3:15: error: interface name \"eth0-with-a-very-long-name\" in vrrp_instance A is longer than 15 characters",
            "keepalived.conf:4:5: error: unknown keyword 'priorty' in vrrp_instance A; did you mean 'priority'?",
            "keepalived.conf:5:23: error: 'virtual_router_id' in vrrp_instance A must be a whole number from 1 to 255, found \"0\"",
            "keepalived.conf:6:5: error: 'use_vmac' in vrrp_instance A is not supported by racimo vrrp (racimo vrrp keeps the interface's own MAC address and moves the addresses with gratuitous ARP; remove it)",
            "keepalived.conf:7:5: warning: 'smtp_alert' in vrrp_instance A is not supported by racimo vrrp and is ignored (racimo vrrp sends no e-mail: use notify scripts)",
            "keepalived.conf:8:5: error: 'virtual_ipaddress_excluded' in vrrp_instance A is not supported by racimo vrrp (racimo vrrp would not add these addresses; move them into virtual_ipaddress)",
            "keepalived.conf:11:5: error: 'track_process' in vrrp_instance A is not supported by racimo vrrp (racimo vrrp tracks scripts and interfaces only; check it with a vrrp_script)",
            "keepalived.conf:14:5: error: 'auth_hmac' in vrrp_instance A is not supported by racimo vrrp (racimo vrrp cannot check it; use authentication with auth_type PASS, or none)",
            "keepalived.conf:16:5: warning: unknown keyword 'frobnicate' in vrrp_instance A, ignored (keepalived ignores it too)",
            "keepalived.conf:17:5: warning: unknown keyword 'smtp_alrt' in vrrp_instance A, ignored; did you mean 'smtp_alert'?",
            "keepalived.conf:18:5: error: 'no_accept' in vrrp_instance A is not supported by racimo vrrp (racimo vrrp always accepts traffic to the addresses it holds; filter it with the firewall instead)",
            "keepalived.conf:19:5: error: 'down_timer_adverts' in vrrp_instance A is not supported by racimo vrrp (racimo vrrp declares a master down after 3 missed adverts plus the skew time, as RFC 5798 says; remove it)",
            "keepalived.conf:20:19: error: 'preempt_delay' in vrrp_instance A must be a number of seconds from 0 to 1000 with at most 6 decimals, found \"1001\"",
            "keepalived.conf:21:16: error: 'advert_int' in vrrp_instance A must be a number of seconds from 0.01 to 255 with at most 6 decimals, found \"0\"",
            "keepalived.conf:22:26: error: 'lower_prio_no_advert' in vrrp_instance A takes on, off, true, false, yes or no, found \"maybe\"",
            "keepalived.conf:23:18: warning: unexpected '102' after 'priority 101' in vrrp_instance A, ignored",
            "keepalived.conf:24:15: warning: 'nopreempt' in vrrp_instance A takes no value; 'now' is ignored",
            "keepalived.conf:25:5: error: 'virtual_ipaddress' in vrrp_instance A needs a block { ... }",
            "keepalived.conf:26:5: error: 'interface' in vrrp_instance A takes no block",
        ])
    }

    @Test("vrrp_instance: what every instance needs, and instance names")
    func instanceRequirements() {
        let (_, diagnostics) = keepalived("""
            vrrp_instance B {
                version 3
                authentication {
                    auth_pass secret
                }
                unicast_src_ip 10.0.0.1
            }
            vrrp_instance B {
            }
            vrrp_instance {
            }
            vrrp_instance C {
                interface eth0
                virtual_router_id 3
                authentication {
                    auth_type PASS
                }
            }
            """)
        #expect(diagnostics == [
            "keepalived.conf:1:15: error: vrrp_instance B has no 'interface' (name the interface its adverts go out on, e.g. 'interface eth0')",
            "keepalived.conf:1:15: error: vrrp_instance B has no 'virtual_router_id' (choose 1 to 255, the same on every router of this instance)",
            "keepalived.conf:1:15: error: vrrp_instance B has no virtual_ipaddress; VRRPv3 needs at least one (add one, or 'no_virtual_ipaddress' if that is on purpose)",
            "keepalived.conf:3:5: error: 'authentication' in vrrp_instance B has no auth_type (add 'auth_type PASS')",
            "keepalived.conf:6:5: warning: vrrp_instance B has 'unicast_src_ip' but no unicast_peer, so its adverts are multicast, as keepalived does",
            "keepalived.conf:8:15: error: vrrp_instance B is already defined at keepalived.conf:1:1",
            "keepalived.conf:10:1: error: vrrp_instance needs a name (e.g. 'vrrp_instance VI_1 {')",
            "keepalived.conf:12:15: warning: vrrp_instance C has no virtual_ipaddress (add one, or 'no_virtual_ipaddress' if that is on purpose)",
            "keepalived.conf:16:19: error: 'authentication' in vrrp_instance C has auth_type PASS but no auth_pass (keepalived would send adverts without authentication)",
        ])
    }

    @Test("virtual_ipaddress: each address and option is checked")
    func virtualAddresses() {
        let (_, diagnostics) = keepalived("""
            vrrp_instance A {
                interface eth0
                virtual_router_id 1
                version 2
                virtual_ipaddress {
                    10.0.0.1/24 dve eth0
                    10.0.0.300
                    10.0.0.2 home peer 10.0.0.3 bogus
                    10.0.0.4 dev
                    10.0.0.6/31 brd +
                    10.0.0.7 brd 1.2.3
                    10.0.0.8 scope galaxy
                    10.0.0.9 label averyveryverylonglabel
                    10.0.0.10 use_vmac
                    fe80::1
                    10.0.0.11/33
                    10.0.0.12 dev eth0 dev eth1
                    10.0.0.13
                    10.0.0.13
                }
            }
            vrrp_instance V6 {
                interface eth0
                virtual_router_id 2
                version 2
                virtual_ipaddress {
                    2001:db8::1 brd 2001:db8::ff
                    2001:db8::2
                }
            }
            """)
        #expect(diagnostics == [
            "keepalived.conf:6:21: error: unknown option 'dve' for address 10.0.0.1 in vrrp_instance A; did you mean 'dev'?",
            "keepalived.conf:7:9: error: \"10.0.0.300\" in virtual_ipaddress of vrrp_instance A is not an IP address",
            "keepalived.conf:8:18: warning: 'home' of address 10.0.0.2 in vrrp_instance A is not supported by racimo vrrp and is ignored",
            "keepalived.conf:8:23: warning: 'peer 10.0.0.3' of address 10.0.0.2 in vrrp_instance A is not supported by racimo vrrp and is ignored",
            "keepalived.conf:8:37: warning: unknown option 'bogus' for address 10.0.0.2 in vrrp_instance A, ignored (keepalived ignores it too)",
            "keepalived.conf:9:18: error: 'dev' of address 10.0.0.4 in vrrp_instance A needs a value",
            "keepalived.conf:10:25: error: 'brd +' needs a prefix of /30 or shorter (address 10.0.0.6 in vrrp_instance A)",
            "keepalived.conf:11:22: error: broadcast \"1.2.3\" of address 10.0.0.7 in vrrp_instance A is not an IPv4 address",
            "keepalived.conf:12:24: error: scope of address 10.0.0.8 in vrrp_instance A must be host, link, global, site, nowhere or 0 to 255, found \"galaxy\"",
            "keepalived.conf:13:24: error: label \"averyveryverylonglabel\" of address 10.0.0.9 in vrrp_instance A is longer than 15 characters",
            "keepalived.conf:14:19: error: 'use_vmac' of address 10.0.0.10 in vrrp_instance A is not supported by racimo vrrp (racimo vrrp keeps the interface's own MAC address and moves the addresses with gratuitous ARP; remove it)",
            "keepalived.conf:15:9: error: fe80::1 in vrrp_instance A is IPv6, but 10.0.0.1/24 at keepalived.conf:6:9 is IPv4 (an instance's addresses and peers are of one family; use a second vrrp_instance for the other)",
            "keepalived.conf:16:9: error: prefix length of 10.0.0.11 in vrrp_instance A must be from 0 to 32, found \"33\"",
            "keepalived.conf:17:28: error: 'dev' is given twice for address 10.0.0.12 in vrrp_instance A",
            "keepalived.conf:19:9: warning: address 10.0.0.13 is listed twice in vrrp_instance A; the second is ignored, as keepalived does",
            "keepalived.conf:25:13: error: 'version 2' in vrrp_instance V6 cannot carry IPv6 addresses (VRRPv2 is for IPv4 only (RFC 3768); use version 3)",
            "keepalived.conf:27:21: error: an IPv6 address has no broadcast address (address 2001:db8::1 in vrrp_instance V6)",
        ])
    }

    @Test("track_script and track_interface: undefined, later-defined and malformed entries")
    func tracking() {
        let (_, diagnostics) = keepalived("""
            vrrp_script chk_haproxy {
                script /bin/true
            }
            vrrp_instance A {
                interface eth0
                virtual_router_id 1
                virtual_ipaddress {
                    10.0.0.1
                }
                track_script {
                    chk_haproxi
                    later
                    chk_haproxy weight
                    chk_haproxy wait 3
                    chk_haproxy weight 300
                    chk_haproxy weight 3 sideways
                }
                track_interface {
                    eth1 weight 5 inverse
                    eth2 weight 5 noreverse
                    eth3
                    eth3
                }
            }
            vrrp_script later {
                script /bin/true
            }
            """)
        #expect(diagnostics == [
            "keepalived.conf:1:1: note: vrrp_script chk_haproxy is not tracked by any vrrp_instance or vrrp_sync_group",
            "keepalived.conf:11:9: error: track_script 'chk_haproxi' in vrrp_instance A names no vrrp_script; did you mean 'chk_haproxy'?",
            "keepalived.conf:12:9: error: vrrp_script later is defined after vrrp_instance A, at keepalived.conf:25:1; keepalived reads the file in one pass and would not track it (move the vrrp_script block above vrrp_instance A)",
            "keepalived.conf:13:21: error: 'weight' for track_script 'chk_haproxy' in vrrp_instance A needs a value",
            "keepalived.conf:14:21: error: unknown option 'wait' for track_script 'chk_haproxy' in vrrp_instance A (write 'NAME weight N')",
            "keepalived.conf:15:28: error: 'weight' in track_script 'chk_haproxy' in vrrp_instance A must be a whole number from -253 to 253, found \"300\"",
            "keepalived.conf:16:30: error: unknown weight option 'sideways' for track_script 'chk_haproxy' in vrrp_instance A",
            "keepalived.conf:19:23: error: unknown weight option 'inverse' for track_interface 'eth1' in vrrp_instance A; did you mean 'reverse'?",
            "keepalived.conf:20:23: error: unknown weight option 'noreverse' for track_interface 'eth2' in vrrp_instance A; did you mean 'reverse'?",
            "keepalived.conf:22:9: warning: track_interface 'eth3' is listed twice in vrrp_instance A; the second is ignored, as keepalived does",
        ])
    }

    @Test("unicast_peer, notify scripts and authentication entries")
    func peersAndNotify() {
        let (_, diagnostics) = keepalived("""
            vrrp_instance A {
                interface eth0
                virtual_router_id 1
                virtual_ipaddress {
                    10.0.0.1
                }
                unicast_peer {
                    10.0.0.20 min_ttl 10 max_ttl 5
                    10.0.0.21 ttl 3
                    zzz
                    10.0.0.22
                    10.0.0.22
                }
                notify_master
                notify_backup "/bin/a" u g extra
                notify_backup "/bin/b"
                notify_fault /bin/x\\
                authentication {
                    auth_type AH
                    auth_pass x
                    auth_foo y
                }
            }
            vrrp_instance B {
                interface eth0
                virtual_router_id 2
                virtual_ipaddress {
                    10.0.0.2
                }
                authentication {
                    auth_type MD5
                    auth_pass y
                }
            }
            """)
        #expect(diagnostics == [
            "keepalived.conf:8:9: error: unicast_peer 10.0.0.20 in vrrp_instance A has min_ttl 10 above max_ttl 5, so every advert would be dropped",
            "keepalived.conf:9:19: error: unknown option 'ttl' for unicast_peer 10.0.0.21 in vrrp_instance A",
            "keepalived.conf:10:9: error: \"zzz\" in unicast_peer of vrrp_instance A is not an IP address",
            "keepalived.conf:12:9: warning: unicast_peer 10.0.0.22 is listed twice in vrrp_instance A; the second is ignored, as keepalived does",
            "keepalived.conf:14:5: error: 'notify_master' in vrrp_instance A needs a command",
            "keepalived.conf:15:32: warning: unexpected 'extra' after the user and group of 'notify_backup' in vrrp_instance A, ignored",
            "keepalived.conf:16:5: warning: 'notify_backup' in vrrp_instance A is already set at keepalived.conf:15:5; this one is ignored, as keepalived does",
            "keepalived.conf:17:18: error: the command of 'notify_fault' in vrrp_instance A has a backslash at the end",
            "keepalived.conf:19:19: error: 'auth_type AH' in vrrp_instance A is not supported by racimo vrrp (use auth_type PASS, or no authentication)",
            "keepalived.conf:21:9: warning: unknown keyword 'auth_foo' in authentication of vrrp_instance A, ignored (keepalived ignores it too)",
            "keepalived.conf:31:19: error: 'auth_type' in vrrp_instance B must be PASS or AH, found \"MD5\"",
        ])
    }

    @Test("vrrp_sync_group: members must be instances, each in one group")
    func syncGroups() {
        let (_, diagnostics) = keepalived("""
            vrrp_sync_group G {
                group {
                    B
                    NOPE
                    B
                }
                global_tracking
                track_file {
                    f
                }
                smtp_alert
            }
            vrrp_sync_group H {
                group {
                    B
                }
            }
            vrrp_sync_group E {
            }
            vrrp_sync_group G {
                group {
                    C
                }
            }
            vrrp_instance B {
                interface eth0
                virtual_router_id 1
                virtual_ipaddress {
                    10.0.0.1
                }
            }
            """)
        #expect(diagnostics == [
            "keepalived.conf:4:9: error: vrrp_sync_group G names vrrp_instance 'NOPE', which is not defined",
            "keepalived.conf:5:9: warning: 'B' is listed twice in vrrp_sync_group G",
            "keepalived.conf:7:5: warning: 'global_tracking' in vrrp_sync_group G is deprecated; did you mean 'sync_group_tracking_weight'?",
            "keepalived.conf:8:5: error: 'track_file' in vrrp_sync_group G is not supported by racimo vrrp (racimo vrrp tracks scripts and interfaces only; check it with a vrrp_script)",
            "keepalived.conf:11:5: warning: 'smtp_alert' in vrrp_sync_group G is not supported by racimo vrrp and is ignored (racimo vrrp sends no e-mail: use notify scripts)",
            "keepalived.conf:13:1: warning: vrrp_sync_group H has only one member, B (a sync group moves several instances together)",
            "keepalived.conf:15:9: error: vrrp_instance B is already in vrrp_sync_group G (an instance belongs to one sync group at most)",
            "keepalived.conf:18:1: error: vrrp_sync_group E has no members (list its instances in group { VI_1 VI_2 })",
            "keepalived.conf:20:17: error: vrrp_sync_group G is already defined at keepalived.conf:1:1",
        ])
    }

    @Test("one virtual_router_id twice on one interface and family is an error; across families it is not")
    func vridConflicts() {
        let (_, diagnostics) = keepalived("""
            vrrp_instance A {
                interface eth1
                virtual_router_id 7
                virtual_ipaddress {
                    10.0.0.1
                }
            }
            vrrp_instance B {
                interface eth1
                virtual_router_id 7
                virtual_ipaddress {
                    10.0.0.2
                }
            }
            vrrp_instance C {
                interface eth1
                virtual_router_id 7
                virtual_ipaddress {
                    fe80::7
                }
            }
            vrrp_instance D {
                interface eth2
                virtual_router_id 7
                virtual_ipaddress {
                    10.0.0.4
                }
            }
            """)
        #expect(diagnostics == [
            "keepalived.conf:10:23: error: virtual_router_id 7 of vrrp_instance B is already used by vrrp_instance A (at keepalived.conf:1:1) on eth1 (give each instance on an interface its own virtual_router_id)",
        ])
    }

    @Test("a lexer error is reported with its position and nothing is read")
    func syntaxError() {
        let (configuration, diagnostics) = keepalived("vrrp_instance A {\n    interface eth0\n")
        #expect(configuration == nil)
        #expect(diagnostics == [
            "keepalived.conf:3:1: error: block 'vrrp_instance' opened at keepalived.conf:1:17 is never closed (add the missing '}')",
        ])
    }
}
