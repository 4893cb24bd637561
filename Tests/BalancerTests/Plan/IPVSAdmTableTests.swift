import Balancer
import Testing

@Suite("racimo lb list's ipvsadm -L -n layout")
struct IPVSAdmTableTests {
    @Test("services and listed real servers, in ipvsadm's columns; unlisted servers are left out")
    func layout() {
        let status = BalancerStatus(pid: 1, writtenAt: 0, services: [
            .init(name: "web", protocolName: "TCP", mode: "tcp", address: "192.168.0.105:80", scheduler: "rr",
                  persistentSeconds: nil, pool: "web", servers: [
                      .init(name: "a", address: "192.168.0.101:80", forward: "Route", weight: 1, state: "up",
                            activeConnections: 0, inactiveConnections: 3),
                      .init(name: "b", address: "192.168.0.102:80", forward: "Route", weight: 0, state: "drain",
                            activeConnections: 2, inactiveConnections: 3),
                      .init(name: "c", address: "192.168.0.103:80", forward: "Route", weight: 1, state: "down",
                            activeConnections: 0, inactiveConnections: 0, listed: false),
                  ]),
            .init(name: "dns", protocolName: "UDP", mode: "udp", address: "192.168.0.105:53", scheduler: "wlc",
                  persistentSeconds: 300, pool: "dns", servers: []),
        ])
        #expect(IPVSAdmTable.render(status) == """
            IP Virtual Server version 1.2.1 (size=4096)
            Prot LocalAddress:Port Scheduler Flags
              -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
            TCP  192.168.0.105:80 rr
              -> 192.168.0.101:80             Route   1      0          3
              -> 192.168.0.102:80             Route   0      2          3
            UDP  192.168.0.105:53 wlc persistent 300

            """)
    }
}
