import Balancer
import RacimoCore
import Testing

@Suite("what dh, lblc and lblcr key on")
struct RequestContextTests {
    let client = IPAddress(parsing: "192.0.2.1")!, vip = IPAddress(parsing: "10.0.0.10")!

    @Test("without a Host, the destination address; with one, a stable address made from the Host, whatever its case")
    func localityKey() {
        #expect(RequestContext(client: client, destination: vip).localityKey == vip)
        let a = RequestContext(client: client, destination: vip, hostKey: "www.example.com").localityKey
        #expect(a != nil && a != vip && a?.family == .v6)
        #expect(RequestContext(client: client, destination: vip, hostKey: "WWW.example.com").localityKey == a)
        #expect(RequestContext(client: client, destination: vip, hostKey: "img.example.com").localityKey != a)
    }

    @Test("dh sends every request for one Host to one server, and spreads Hosts over the servers")
    func destinationHashingByHost() {
        var dh = Algorithm.ipvsDestinationHashing.makeScheduler(servers: [
            Server("a", address: IPAddress(parsing: "10.0.0.1")!), Server("b", address: IPAddress(parsing: "10.0.0.2")!),
            Server("c", address: IPAddress(parsing: "10.0.0.3")!),
        ])
        func pick(_ host: String) -> ServerID? { dh.pick(for: RequestContext(client: client, destination: vip, hostKey: host)) }
        let first = pick("www.example.com")
        #expect((0..<5).allSatisfy { _ in pick("www.example.com") == first })
        let spread = Set((0..<30).compactMap { pick("site\($0).example.com") })
        #expect(spread.count == 3, "\(spread)")
    }
}
