import Testing
import RacimoCore
import RunAnywhere

@Suite struct LoopbackNameCheckTests {
    let map = ["192.168.5.1", "192.168.5.2"]

    @Test func theRedHatLineIsCaughtAtTheName() throws {
        // The /etc/hosts an openMosix user posted when the nodes would not join.
        let hosts = "192.168.5.1 localhost.localdomain\n127.0.0.1 localhost ubuntu\n"
        let warning = try #require(LoopbackNameCheck.check(hostName: "ubuntu", hostsText: hosts, hostsFile: "/etc/hosts", mapAddresses: map))
        #expect(warning.severity == .warning)
        #expect(warning.location == SourceLocation(file: "/etc/hosts", line: 2, column: 21))
        #expect(warning.description == "/etc/hosts:2:21: warning: this host's name 'ubuntu' resolves to 127.0.0.1, so racimo would bind to loopback and this node would never see the others (openMosix users saw only one node in mosmon) (put this node's cluster address on a line of its own, '<cluster address> ubuntu', and keep 127.0.0.1 for localhost only)")
    }

    @Test func debiansInstallerLineIsCaughtToo() throws {
        let hosts = "127.0.0.1\tlocalhost\n127.0.1.1\tnode1.cluster\tnode1\n"
        let warning = try #require(LoopbackNameCheck.check(hostName: "node1", hostsText: hosts, hostsFile: "hosts", mapAddresses: map))
        #expect(warning.location == SourceLocation(file: "hosts", line: 2, column: 25))
        #expect(warning.message.contains("127.0.1.1 (Debian's installer writes this line)"))
    }

    @Test func aLaterGoodLineIsNamedInTheFix() throws {
        let hosts = "127.0.0.1 localhost node1\n192.168.5.1 node1\n"
        let warning = try #require(LoopbackNameCheck.check(hostName: "node1", hostsText: hosts, hostsFile: "hosts", mapAddresses: map))
        #expect(warning.hint?.hasPrefix("move line 2 ('192.168.5.1 node1') above it, or put") == true)
    }

    @Test func aClusterAddressFirstIsFine() {
        let hosts = "# comment\n192.168.5.1 node1\n127.0.0.1 localhost node1\n"
        #expect(LoopbackNameCheck.check(hostName: "node1", hostsText: hosts, hostsFile: "hosts", mapAddresses: map) == nil)
    }

    @Test func namesCompareWithoutCase() {
        let hosts = "127.0.0.1 localhost NODE1\n"
        #expect(LoopbackNameCheck.check(hostName: "node1", hostsText: hosts, hostsFile: "hosts", mapAddresses: map) != nil)
    }

    @Test func localhostAloneIsNotAMistake() {
        let hosts = "127.0.0.1 localhost\n"
        #expect(LoopbackNameCheck.check(hostName: "node1", hostsText: hosts, hostsFile: "hosts", mapAddresses: map) == nil)
    }

    @Test func aNameInACommentDoesNotCount() {
        let hosts = "127.0.0.1 localhost # node1\n"
        #expect(LoopbackNameCheck.check(hostName: "node1", hostsText: hosts, hostsFile: "hosts", mapAddresses: map) == nil)
    }
}
