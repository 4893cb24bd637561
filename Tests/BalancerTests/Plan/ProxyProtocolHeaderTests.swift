import Balancer
import RacimoCore
import Testing

/// HAProxy's doc/proxy-protocol.txt, sections 2.1 (text) and 2.2 (binary).
@Suite("PROXY protocol headers")
struct ProxyProtocolHeaderTests {
    let client = IPAddress(parsing: "192.168.0.1")!, server = IPAddress(parsing: "192.168.0.11")!

    @Test("version 1 is the specification's example line")
    func v1() {
        #expect(String(decoding: ProxyProtocolHeader.v1(source: client, sourcePort: 56324, destination: server, destinationPort: 443),
                       as: UTF8.self) == "PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n")
        let v6 = ProxyProtocolHeader.v1(source: IPAddress(parsing: "fd00::1")!, sourcePort: 1, destination: IPAddress(parsing: "fd00::2")!, destinationPort: 2)
        #expect(String(decoding: v6, as: UTF8.self) == "PROXY TCP6 fd00::1 fd00::2 1 2\r\n")
        #expect(String(decoding: ProxyProtocolHeader.v1(source: client, sourcePort: 1, destination: IPAddress(parsing: "fd00::2")!, destinationPort: 2),
                       as: UTF8.self) == "PROXY UNKNOWN\r\n")
    }

    @Test("version 2 for IPv4: signature, 0x21 0x11, length 12, addresses and ports in network order")
    func v2() {
        let header = ProxyProtocolHeader.v2(source: client, sourcePort: 56324, destination: server, destinationPort: 443)
        #expect(header == ProxyProtocolHeader.v2Signature + [0x21, 0x11, 0x00, 0x0C, 192, 168, 0, 1, 192, 168, 0, 11, 0xDC, 0x04, 0x01, 0xBB])
        let v6 = ProxyProtocolHeader.v2(source: IPAddress(parsing: "fd00::1")!, sourcePort: 1, destination: IPAddress(parsing: "fd00::2")!, destinationPort: 2)
        #expect(v6.count == 16 + 36 && v6[12] == 0x21 && v6[13] == 0x21 && v6[14] == 0 && v6[15] == 36)
    }
}
