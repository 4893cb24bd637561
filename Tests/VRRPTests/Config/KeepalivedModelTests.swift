import RacimoCore
import Testing
import VRRP

@Suite("keepalived.conf: the model")
struct KeepalivedModelTests {
    static let full = #"""
        global_defs {
            router_id lb1
            script_user keepalived_script nogroup
            enable_script_security
            vrrp_version 3
            vrrp_garp_master_delay 2
            vrrp_garp_master_repeat 3
            vrrp_garp_master_refresh 60
            vrrp_garp_master_refresh_repeat 2
            vrrp_garp_interval 0.001
            vrrp_gna_interval 0.000250
            v3_checksum_as_v2
            vrrp_lower_prio_no_advert
            vrrp_higher_prio_send_advert off
        }

        vrrp_script chk_http {
            script "/usr/bin/curl -sf 'http://127.0.0.1/health check'"
            interval 0.5
            timeout 3
            weight -20 reverse
            rise 2
            fall 3
            user www-data:www
            init_fail
        }

        vrrp_instance WEB {
            state BACKUP
            interface eth0
            virtual_router_id 7
            priority 150
            advert_int 0.25
            nopreempt
            virtual_ipaddress {
                192.0.2.10/24 dev eth0 brd + label eth0:web scope global
                192.0.2.11 brd 192.0.2.255 no_track
            }
            track_script {
                chk_http weight 10 noreverse
            }
            track_interface {
                eth1 weight -5 reverse
                eth2
            }
            unicast_src_ip 192.0.2.2
            unicast_peer {
                192.0.2.3
                192.0.2.4 min_ttl 250 max_ttl 255
            }
            notify_master "/etc/keepalived/notify.sh master" root
            notify_backup /etc/keepalived/backup.sh
            notify_fault "/etc/keepalived/notify.sh fault" nobody:nogroup
            notify_stop "/bin/logger -t vrrp stop"
            notify /etc/keepalived/any.sh
            dont_track_primary
            garp_master_delay 1
            garp_master_repeat 2
            lower_prio_no_advert false
        }

        vrrp_instance DB {
            interface eth1
            virtual_router_id 8
            version 2
            priority 90
            advert_int 3
            preempt_delay 30.5
            authentication {
                auth_type PASS
                auth_pass s3cret
            }
            virtual_ipaddress {
                198.51.100.5/32
            }
        }

        vrrp_instance V6 {
            interface eth0
            virtual_router_id 7
            virtual_ipaddress {
                fe80::7/64
                2001:db8::7/64 dev eth0
            }
        }

        vrrp_sync_group G {
            group {
                WEB DB
            }
            notify_master "/bin/echo group master"
            sync_group_tracking_weight
        }
        """#

    @Test("every supported keyword reads into its field")
    func everyField() throws {
        let (configuration, diagnostics) = keepalived(Self.full)
        #expect(diagnostics == [])
        let c = try #require(configuration)
        let f = "keepalived.conf"

        var globals = KeepalivedConfiguration.Globals()
        globals.routerID = "lb1"
        globals.scriptUser = "keepalived_script"
        globals.scriptGroup = "nogroup"
        globals.enableScriptSecurity = true
        globals.vrrpVersion = 3
        globals.garp.masterDelay = .seconds(2)
        globals.garp.masterRepeat = 3
        globals.garp.masterRefresh = .seconds(60)
        globals.garp.masterRefreshRepeat = 2
        globals.garpInterval = .milliseconds(1)
        globals.gnaInterval = .microseconds(250)
        globals.v3ChecksumAsV2 = true
        globals.lowerPriorityNoAdvert = true
        globals.higherPrioritySendAdvert = false
        #expect(c.globals == globals)

        var script = KeepalivedConfiguration.Script(
            name: "chk_http", location: at(f, 17, 1), command: ["/usr/bin/curl", "-sf", "http://127.0.0.1/health check"])
        script.interval = .milliseconds(500)
        script.timeout = .seconds(3)
        script.weight = -20
        script.reverse = true
        script.rise = 2
        script.fall = 3
        script.user = "www-data"
        script.group = "www"
        script.initFail = true
        #expect(c.scripts == [script])

        var web = KeepalivedConfiguration.Instance(name: "WEB", location: at(f, 28, 1))
        web.state = .backup
        web.interface = "eth0"
        web.virtualRouterID = 7
        web.priority = 150
        web.advertInterval = .milliseconds(250)
        web.version = 3
        web.preempt = false
        web.virtualAddresses = [
            .init(address: ip("192.0.2.10"), prefixLength: 24, device: "eth0", broadcast: ip("192.0.2.255"),
                  label: "eth0:web", scope: "global", location: at(f, 36, 9)),
            .init(address: ip("192.0.2.11"), prefixLength: 32, broadcast: ip("192.0.2.255"), track: false,
                  location: at(f, 37, 9)),
        ]
        web.trackScripts = [.init(script: "chk_http", weight: 10, reverse: false, location: at(f, 40, 9))]
        web.trackInterfaces = [
            .init(interface: "eth1", weight: -5, reverse: true, location: at(f, 43, 9)),
            .init(interface: "eth2", location: at(f, 44, 9)),
        ]
        web.sourceAddress = ip("192.0.2.2")
        web.unicastPeers = [.init(address: ip("192.0.2.3")), .init(address: ip("192.0.2.4"), minTTL: 250, maxTTL: 255)]
        web.notify.master = .init(command: ["/etc/keepalived/notify.sh", "master"], user: "root", location: at(f, 51, 5))
        web.notify.backup = .init(command: ["/etc/keepalived/backup.sh"], location: at(f, 52, 5))
        web.notify.fault = .init(command: ["/etc/keepalived/notify.sh", "fault"], user: "nobody", group: "nogroup",
                                 location: at(f, 53, 5))
        web.notify.stop = .init(command: ["/bin/logger", "-t", "vrrp", "stop"], location: at(f, 54, 5))
        web.notify.any = .init(command: ["/etc/keepalived/any.sh"], location: at(f, 55, 5))
        web.dontTrackPrimary = true
        web.garp.masterDelay = .seconds(1)
        web.garp.masterRepeat = 2
        web.garp.masterRefresh = .seconds(60)
        web.garp.masterRefreshRepeat = 2
        web.lowerPriorityNoAdvert = false
        web.higherPrioritySendAdvert = false
        web.v3ChecksumAsV2 = true
        web.syncGroup = "G"

        var db = KeepalivedConfiguration.Instance(name: "DB", location: at(f, 62, 1))
        db.interface = "eth1"
        db.virtualRouterID = 8
        db.version = 2
        db.priority = 90
        db.advertInterval = .seconds(3)
        db.preemptDelay = .milliseconds(30_500)
        db.authPassword = "s3cret"
        db.virtualAddresses = [.init(address: ip("198.51.100.5"), prefixLength: 32, location: at(f, 74, 9))]
        db.garp = globals.garp
        db.lowerPriorityNoAdvert = true
        db.v3ChecksumAsV2 = true
        db.syncGroup = "G"

        var v6 = KeepalivedConfiguration.Instance(name: "V6", location: at(f, 78, 1))
        v6.interface = "eth0"
        v6.virtualRouterID = 7
        v6.version = 3
        v6.family = .v6
        v6.virtualAddresses = [
            .init(address: ip("fe80::7"), prefixLength: 64, location: at(f, 82, 9)),
            .init(address: ip("2001:db8::7"), prefixLength: 64, device: "eth0", location: at(f, 83, 9)),
        ]
        v6.garp = globals.garp
        v6.lowerPriorityNoAdvert = true
        v6.v3ChecksumAsV2 = true

        #expect(c.instances == [web, db, v6])

        var group = KeepalivedConfiguration.SyncGroup(name: "G", location: at(f, 87, 1))
        group.members = ["WEB", "DB"]
        group.notify.master = .init(command: ["/bin/echo", "group", "master"], location: at(f, 91, 5))
        group.trackingWeight = true
        #expect(c.syncGroups == [group])
        #expect(c.instance(named: "WEB")?.usesUnicast == true)
        #expect(c.instance(named: "DB")?.usesUnicast == false)
    }

    @Test("keepalived's defaults: priority 100 (255 for MASTER), BACKUP from the priority, 1s adverts, version 2")
    func defaults() throws {
        let (configuration, diagnostics) = keepalived("""
            vrrp_instance A {
                interface eth0
                virtual_router_id 1
                virtual_ipaddress {
                    10.0.0.1
                }
            }
            vrrp_instance B {
                interface eth0
                virtual_router_id 2
                priority 255
                virtual_ipaddress {
                    10.0.0.2
                }
            }
            vrrp_instance C {
                interface eth0
                state MASTER
                virtual_router_id 3
                virtual_ipaddress {
                    10.0.0.3
                }
            }
            """)
        #expect(diagnostics == [
            "keepalived.conf:18:11: note: vrrp_instance C has state MASTER and no priority, so its priority is 255 (address owner), as in keepalived (set 'priority' below 255 to let a backup with a higher priority take over)",
        ])
        let c = try #require(configuration)
        #expect(c.instances.map(\.priority) == [100, 255, 255])
        #expect(c.instances.map(\.state) == [.backup, .master, .master])
        #expect(c.instances.allSatisfy { $0.advertInterval == .seconds(1) && $0.version == 2 && $0.preempt })
        #expect(c.instances[0].garp == KeepalivedConfiguration.GARP())
    }

    @Test("advert_int is rounded as keepalived rounds it: whole seconds in v2, 10ms steps up to 40.95s in v3")
    func advertRounding() throws {
        func instance(_ name: String, _ version: Int, _ advert: String, vrid: Int) -> String {
            """
            vrrp_instance \(name) {
                interface eth0
                virtual_router_id \(vrid)
                version \(version)
                advert_int \(advert)
                virtual_ipaddress {
                    10.0.0.\(vrid)
                }
            }

            """
        }
        let text = instance("A", 2, "1.5", vrid: 1) + instance("B", 2, "0.4", vrid: 2) + instance("C", 3, "0.015", vrid: 3)
            + instance("D", 3, "0.014", vrid: 4) + instance("E", 3, "41", vrid: 5) + instance("F", 3, "0.1", vrid: 6)
        let (configuration, diagnostics) = keepalived(text)
        #expect(diagnostics == [
            "keepalived.conf:5:16: warning: 'advert_int 1.5' in vrrp_instance A is rounded to 2s: VRRPv2 adverts carry whole seconds, as keepalived does",
            "keepalived.conf:14:16: warning: 'advert_int 0.4' in vrrp_instance B is rounded to 1s: VRRPv2 adverts carry whole seconds, as keepalived does",
            "keepalived.conf:23:16: warning: 'advert_int 0.015' in vrrp_instance C is rounded to 20ms: VRRPv3 adverts carry hundredths of a second, as keepalived does",
            "keepalived.conf:32:16: warning: 'advert_int 0.014' in vrrp_instance D is rounded to 10ms: VRRPv3 adverts carry hundredths of a second, as keepalived does",
            "keepalived.conf:41:16: warning: 'advert_int 41' in vrrp_instance E is rounded to 40.95s: VRRPv3 adverts carry at most 40.95s, as keepalived does",
        ])
        let c = try #require(configuration)
        #expect(c.instances.map(\.advertInterval) == [
            .seconds(2), .seconds(1), .milliseconds(20), .milliseconds(10), .milliseconds(40_950), .milliseconds(100),
        ])
    }

    @Test("nopreempt and preempt_delay are cleared where keepalived clears them, with a warning each")
    func preemptionOverrides() throws {
        let (configuration, diagnostics) = keepalived("""
            vrrp_instance A {
                interface eth0
                state MASTER
                priority 200
                nopreempt
                preempt_delay 5
                virtual_router_id 1
                virtual_ipaddress {
                    10.0.0.1
                }
            }
            vrrp_instance B {
                interface eth0
                priority 255
                nopreempt
                virtual_router_id 2
                virtual_ipaddress {
                    10.0.0.2
                }
            }
            vrrp_instance C {
                interface eth0
                nopreempt
                preempt_delay 5
                virtual_router_id 3
                virtual_ipaddress {
                    10.0.0.3
                }
            }
            vrrp_instance D {
                interface eth0
                preempt_delay 300
                virtual_router_id 4
                virtual_ipaddress {
                    10.0.0.4
                }
            }
            """)
        #expect(diagnostics == [
            "keepalived.conf:5:5: warning: 'nopreempt' in vrrp_instance A is ignored because its initial state is MASTER, as keepalived does (use 'state BACKUP' on every router with nopreempt)",
            "keepalived.conf:6:19: warning: 'preempt_delay' in vrrp_instance A is ignored because its initial state is MASTER, as keepalived does",
            "keepalived.conf:15:5: warning: 'nopreempt' in vrrp_instance B is ignored: an instance with priority 255 always takes over, as in keepalived",
            "keepalived.conf:24:19: warning: 'preempt_delay' in vrrp_instance C is ignored with nopreempt, as keepalived does",
        ])
        let c = try #require(configuration)
        #expect(c.instances.map(\.preempt) == [true, true, false, true])
        #expect(c.instances.map(\.preemptDelay) == [.zero, .zero, .zero, .seconds(300)])
    }

    @Test("auth_pass keeps its first 8 characters; vrrp_min_garp lowers only the GARP settings not given")
    func authAndMinGARP() throws {
        let (configuration, diagnostics) = keepalived("""
            global_defs {
                vrrp_min_garp
                vrrp_garp_master_repeat 2
            }
            vrrp_instance A {
                interface eth0
                virtual_router_id 1
                authentication {
                    auth_type PASS
                    auth_pass 0123456789
                }
                virtual_ipaddress {
                    10.0.0.1/24 brd -
                }
            }
            """)
        #expect(diagnostics == [
            "keepalived.conf:10:19: warning: 'auth_pass' in vrrp_instance A has 10 characters; only the first 8 are used, as in keepalived",
        ])
        let c = try #require(configuration)
        let a = try #require(c.instances.first)
        #expect(a.authPassword == "01234567")
        #expect(a.garp.masterRepeat == 2 && a.garp.masterDelay == .zero)
        #expect(a.garp.masterRefresh == .zero && a.garp.masterRefreshRepeat == 0)
        #expect(c.globals.minGARP)
        #expect(a.virtualAddresses[0].broadcast == ip("10.0.0.0"))
    }

    @Test("weighted trackers of an address owner are dropped; a sync group member's interface weight becomes 0")
    func ownerAndSyncGroupTrackers() throws {
        let (configuration, diagnostics) = keepalived("""
            vrrp_script up {
                script /bin/true
                weight 5
            }
            vrrp_script fault {
                script /bin/true
            }
            vrrp_instance OWNER {
                interface eth0
                priority 255
                virtual_router_id 1
                virtual_ipaddress {
                    10.0.0.1
                }
                track_script {
                    up
                    fault
                }
                track_interface {
                    eth1 weight 10
                }
            }
            vrrp_instance MEMBER {
                interface eth0
                virtual_router_id 2
                virtual_ipaddress {
                    10.0.0.2
                }
                track_interface {
                    eth1 weight 10
                }
            }
            vrrp_instance OTHER {
                interface eth0
                virtual_router_id 3
                virtual_ipaddress {
                    10.0.0.3
                }
            }
            vrrp_sync_group G {
                group {
                    MEMBER
                    OTHER
                }
            }
            """)
        #expect(diagnostics == [
            "keepalived.conf:16:9: warning: track_script up in vrrp_instance OWNER is ignored because its priority is 255 and the script has weight 5: keepalived does not track it (give the script weight 0 so that a failure puts the instance in FAULT)",
            "keepalived.conf:20:9: warning: track_interface eth1 in vrrp_instance OWNER is ignored because its priority is 255, as in keepalived",
            "keepalived.conf:30:9: warning: the weight of track_interface eth1 in vrrp_instance MEMBER is ignored because it is in vrrp_sync_group G: the interface going down puts the instance in FAULT, as in keepalived (add 'sync_group_tracking_weight' to vrrp_sync_group G to use weights)",
        ])
        let c = try #require(configuration)
        #expect(c.instances[0].trackScripts.map(\.script) == ["fault"])
        #expect(c.instances[0].trackInterfaces.isEmpty)
        #expect(c.instances[1].trackInterfaces == [.init(interface: "eth1", weight: 0, location: at("keepalived.conf", 30, 9))])
    }

    @Test("a unicast instance may leave out the interface when it names its source address")
    func unicastWithoutInterface() throws {
        let (configuration, diagnostics) = keepalived("""
            vrrp_instance U {
                unicast_src_ip 10.0.0.1
                unicast_peer {
                    10.0.0.2
                }
                virtual_router_id 9
                virtual_ipaddress {
                    10.0.0.100/24
                }
            }
            """)
        #expect(diagnostics == [])
        let u = try #require(configuration?.instances.first)
        #expect(u.interface == nil && u.usesUnicast && u.sourceAddress == ip("10.0.0.1"))
    }
}
