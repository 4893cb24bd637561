import Membership
import NIOCore
import RacimoCore
import Testing

/// `Gossip.estimatedSize` restates the wire layout for the piggyback budget; this keeps the two
/// from drifting apart.
@Suite("Gossip size estimate")
struct GossipSizeTests {
    @Test("the estimate is the exact encoded size of every kind of gossip")
    func estimateMatchesEncoding() {
        let h1 = NodeName("h1")!, node7 = NodeName("node-7")!
        let info = NodeInfo(sequence: 9, roles: ["membership", "vrrp"], loadAverage: 1.5, cpus: 4, softwareVersion: "0.1.0")
        let items: [Gossip] = [
            .alive(h1, Incarnation(3), addresses: [Endpoint(host: "10.213.0.1", port: 9401)]),
            .alive(node7, Incarnation(1), addresses: [Endpoint(host: "fd00::1", port: 9401), Endpoint(host: "node-7.lan", port: 9401)]),
            .suspect(h1, Incarnation(2), by: node7),
            .dead(node7, Incarnation(5), by: h1),
            .left(h1, Incarnation(8)),
            .info(node7, info),
        ]
        for item in items {
            var empty = ByteBuffer()
            MembershipMessage.gossip([]).write(to: &empty)
            var one = ByteBuffer()
            MembershipMessage.gossip([item]).write(to: &one)
            #expect(one.readableBytes - empty.readableBytes == item.estimatedSize, "\(item)")
        }
    }
}
