import Foundation
import RacimoCore
import Testing
import VRRP

@Suite("keepalived.conf: the seed")
struct KeepalivedSeedTests {
    @Test("the seed's file is refused: every misspelt block keyword is an error with the keyword it resembles")
    func seedRefused() {
        let (configuration, diagnostics) = keepalived(Seeds.keepalivedConf)
        #expect(configuration == nil)
        #expect(diagnostics == [
            "keepalived.conf:1:1: error: unknown keyword 'vrp_script'; did you mean 'vrrp_script'?",
            "keepalived.conf:8:1: error: unknown keyword 'vrp_sync_group'; did you mean 'vrrp_sync_group'?",
            "keepalived.conf:15:1: error: unknown keyword 'vrp_instance'; did you mean 'vrrp_instance'?",
            "keepalived.conf:28:1: error: unknown keyword 'vrp_instance'; did you mean 'vrrp_instance'?",
        ])
    }

    /// The seed with `vrp_` corrected to `vrrp_` and nothing else changed.
    static let corrected = Seeds.keepalivedConf
        .replacing("vrp_script", with: "vrrp_script")
        .replacing("vrp_sync_group", with: "vrrp_sync_group")
        .replacing("vrp_instance", with: "vrrp_instance")

    @Test("the corrected seed is accepted; its weighted track_script is dropped as keepalived drops it in a sync group")
    func correctedSeed() throws {
        let (configuration, diagnostics) = keepalived(Self.corrected)
        #expect(diagnostics == [
            "keepalived.conf:24:9: warning: track_script chk_haproxy in vrrp_instance VI_1 is ignored because it is in vrrp_sync_group VG1 and the script has weight 2: keepalived does not track it (add 'sync_group_tracking_weight' to vrrp_sync_group VG1, or give the script weight 0 so that a failure puts the group in FAULT)",
            "keepalived.conf:37:9: warning: track_script chk_haproxy in vrrp_instance VE_1 is ignored because it is in vrrp_sync_group VG1 and the script has weight 2: keepalived does not track it (add 'sync_group_tracking_weight' to vrrp_sync_group VG1, or give the script weight 0 so that a failure puts the group in FAULT)",
        ])
        let c = try #require(configuration)
        #expect(c.globals == KeepalivedConfiguration.Globals())
        #expect(c.files == ["keepalived.conf"])

        var script = KeepalivedConfiguration.Script(name: "chk_haproxy", location: at("keepalived.conf", 1, 1),
                                                    command: ["pidof", "haproxy"])
        script.interval = .seconds(2)
        script.timeout = .seconds(2)
        script.weight = 2
        #expect(c.scripts == [script])

        var group = KeepalivedConfiguration.SyncGroup(name: "VG1", location: at("keepalived.conf", 8, 1))
        group.members = ["VI_1", "VE_1"]
        #expect(c.syncGroups == [group])

        var vi1 = KeepalivedConfiguration.Instance(name: "VI_1", location: at("keepalived.conf", 15, 1))
        vi1.state = .master
        vi1.interface = "eth1"
        vi1.virtualRouterID = 52
        vi1.priority = 101
        vi1.virtualAddresses = [.init(address: ip("10.0.100.200"), prefixLength: 32, location: at("keepalived.conf", 21, 9))]
        vi1.syncGroup = "VG1"
        var ve1 = KeepalivedConfiguration.Instance(name: "VE_1", location: at("keepalived.conf", 28, 1))
        ve1.state = .master
        ve1.interface = "eth0"
        ve1.virtualRouterID = 51
        ve1.priority = 101
        ve1.virtualAddresses = [.init(address: ip("192.168.1.200"), prefixLength: 32, location: at("keepalived.conf", 34, 9))]
        ve1.syncGroup = "VG1"
        #expect(c.instances == [vi1, ve1])

        // Defaults spelled out, since the == above hides them.
        #expect(vi1.advertInterval == .seconds(1))
        #expect(vi1.version == 2)
        #expect(vi1.preempt)
        #expect(vi1.garp.masterDelay == .seconds(5) && vi1.garp.masterRepeat == 5)
        #expect(vi1.garp.masterRefresh == .zero && vi1.garp.masterRefreshRepeat == 1)
        #expect(vi1.trackScripts.isEmpty && vi1.authPassword == nil && vi1.unicastPeers.isEmpty)
    }

    @Test("with sync_group_tracking_weight the seed's script is tracked with its weight")
    func correctedSeedWithTrackingWeight() throws {
        let text = Self.corrected.replacing("    group {\n", with: "    sync_group_tracking_weight\n    group {\n")
        let (configuration, diagnostics) = keepalived(text)
        #expect(diagnostics == [])
        let c = try #require(configuration)
        #expect(c.syncGroups[0].trackingWeight)
        #expect(c.instances.map(\.trackScripts) == [
            [.init(script: "chk_haproxy", weight: 2, reverse: false, location: at("keepalived.conf", 25, 9))],
            [.init(script: "chk_haproxy", weight: 2, reverse: false, location: at("keepalived.conf", 38, 9))],
        ])
    }

    @Test("the embedded seeds are the repository's examples/ files, byte for byte")
    func seedFilesMatch() {
        // examples/ holds the users' files from the seeds (../shared/examples), for the CLI and
        // the demo; the tests embed them so the readers are tested without I/O.
        let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../../examples").standardized.path
        let pairs = [
            ("keepalived/keepalived.conf", Seeds.keepalivedConf),
            ("heartbeat/ha.cf", Seeds.haCf),
            ("heartbeat/haresources", Seeds.haresources),
            ("heartbeat/authkeys", Seeds.authkeys),
        ]
        for (path, embedded) in pairs {
            let original = readFile(examples + "/" + path)
            #expect(original == embedded, "\(path)")
        }
    }
}
