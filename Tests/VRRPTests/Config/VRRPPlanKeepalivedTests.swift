import RacimoCore
import Testing
@testable import VRRP

/// What a keepalived.conf becomes when it runs: each instance's state-machine settings,
/// trackers, peers and scripts.
@Suite("VRRPPlan from keepalived.conf")
struct VRRPPlanKeepalivedTests {
    private func plan(_ text: String) throws -> VRRPPlan {
        let (configuration, diagnostics) = keepalived(text)
        let read = try #require(configuration, "\(diagnostics)")
        return VRRPPlan(keepalived: read)
    }

    @Test("an instance's settings come from its block, with keepalived's defaults")
    func settings() throws {
        let plan = try plan("""
            vrrp_instance VI_1 {
                state MASTER
                interface eth0
                virtual_router_id 51
                priority 150
                advert_int 2
                authentication {
                    auth_type PASS
                    auth_pass secret12
                }
                virtual_ipaddress {
                    192.168.0.100/24 dev eth1 label eth1:vip
                }
                nopreempt
            }
            """)
        let instance = try #require(plan.instances.first)
        #expect(instance.interface == "eth0")
        #expect(instance.family == .v4)
        #expect(instance.settings.name == "VI_1")
        #expect(instance.settings.version == .v2)
        #expect(instance.settings.virtualRouterID == 51)
        #expect(instance.settings.priority == 150)
        #expect(instance.settings.advertInterval == .seconds(2))
        #expect(instance.settings.authentication == .password("secret12"))
        #expect(instance.settings.initialState == .master)
        // keepalived clears nopreempt for `state MASTER` (with a warning from the reader).
        #expect(instance.settings.preempt == true)
        #expect(instance.settings.virtualAddresses == [ip("192.168.0.100")])
        #expect(instance.virtualAddresses.first?.prefixLength == 24)
        #expect(instance.virtualAddresses.first?.device == "eth1")
        #expect(instance.virtualAddresses.first?.label == "eth1:vip")
        #expect(instance.settings.primaryAddress == VRRPPlan.unspecified(.v4), "filled in from the interface by the driver")
        #expect(instance.unicastPeers.isEmpty)
        #expect(instance.checksum == .pseudoHeader)
        #expect(instance.tracksInterface)
    }

    @Test("track_script becomes a tracker with the script's rise and fall; only tracked scripts are run")
    func trackers() throws {
        let plan = try plan("""
            vrrp_script chk_haproxy {
                script "/usr/bin/killall -0 haproxy"
                interval 2
                weight -60
                rise 2
                fall 3
            }
            vrrp_script unused {
                script /bin/true
            }
            vrrp_instance VI_1 {
                interface eth0
                virtual_router_id 51
                virtual_ipaddress {
                    10.0.0.100
                }
                track_script {
                    chk_haproxy
                }
                track_interface {
                    eth1 weight -10
                }
            }
            """)
        let instance = try #require(plan.instances.first)
        #expect(instance.trackers.count == 2)
        let script = try #require(instance.trackers.first { $0.kind == .script })
        #expect(script.name == "chk_haproxy")
        #expect(script.weight == -60)
        #expect(script.rise == 2)
        #expect(script.fall == 3)
        #expect(script.status == .unknown)
        let interface = try #require(instance.trackers.first { $0.kind == .interface })
        #expect(interface.name == "eth1")
        #expect(interface.weight == -10)
        #expect(plan.scripts.map(\.name) == ["chk_haproxy"])
        #expect(plan.scripts.first?.command == ["/usr/bin/killall", "-0", "haproxy"])
        #expect(plan.scripts.first?.interval == .seconds(2))
    }

    @Test("unicast peers, source address, v3 and the v2-style checksum carry over")
    func unicastAndVersion3() throws {
        let plan = try plan("""
            global_defs {
                v3_checksum_as_v2
            }
            vrrp_instance VI_1 {
                interface eth0
                virtual_router_id 7
                version 3
                advert_int 0.1
                unicast_src_ip 10.0.0.1
                unicast_peer {
                    10.0.0.2
                }
                virtual_ipaddress {
                    10.0.0.100/24
                }
                dont_track_primary
            }
            """)
        let instance = try #require(plan.instances.first)
        #expect(instance.settings.version == .v3)
        #expect(instance.settings.advertInterval == .milliseconds(100))
        #expect(instance.sourceAddress == ip("10.0.0.1"))
        #expect(instance.settings.primaryAddress == ip("10.0.0.1"))
        #expect(instance.unicastPeers == [ip("10.0.0.2")])
        #expect(instance.checksum == .asVersion2)
        #expect(!instance.tracksInterface)
    }

    @Test("sync groups list their members with their tracking-weight choice")
    func groups() throws {
        let plan = try plan("""
            vrrp_sync_group VG1 {
                group {
                    VI_1
                    VI_2
                }
            }
            vrrp_instance VI_1 {
                interface eth0
                virtual_router_id 51
                virtual_ipaddress {
                    10.0.0.100
                }
            }
            vrrp_instance VI_2 {
                interface eth1
                virtual_router_id 52
                virtual_ipaddress {
                    10.1.0.100
                }
            }
            """)
        #expect(plan.groups == [VRRPPlan.Group(name: "VG1", members: ["VI_1", "VI_2"], trackingWeight: false, notify: .init())])
        let routers = RouterSet(routers: plan.instances.map { VirtualRouter(settings: $0.settings) },
                                groups: plan.groups.map { ($0.name, $0.members, $0.trackingWeight) })
        #expect(routers.routers.map(\.settings.name) == ["VI_1", "VI_2"])
    }

    @Test("a sync group's own track_script is tracked by each of its members")
    func groupTrackers() throws {
        let plan = try plan("""
            vrrp_script chk {
                script /bin/true
                weight 0
            }
            vrrp_sync_group VG1 {
                group {
                    VI_1
                    VI_2
                }
                track_script {
                    chk
                }
            }
            vrrp_instance VI_1 {
                interface eth0
                virtual_router_id 51
                virtual_ipaddress {
                    10.0.0.100
                }
            }
            vrrp_instance VI_2 {
                interface eth1
                virtual_router_id 52
                virtual_ipaddress {
                    10.1.0.100
                }
            }
            """)
        #expect(plan.instances.map { $0.trackers.map(\.name) } == [["chk"], ["chk"]])
        #expect(plan.scripts.map(\.name) == ["chk"])
    }
}
