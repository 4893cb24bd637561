import Foundation
import RacimoTestKit
import Testing

/// `source 0.0.0.0 usesrc clientip` in network namespaces: h1 directs, h2 serves, h3 is the
/// client. As with LVS-NAT, the server's replies to clients go back through the director: h2
/// routes h3 via h1, and h1 takes what h2 sends to any address as its own (a local route in a
/// table of its own), so the transparent connection receives it.
@Suite("balancer: transparent proxying (usesrc clientip)", .serialized)
struct BalancerTransparentTests {
    @Test("with usesrc clientip the server sees the client's address; without it, the director's",
          .enabled(if: NetnsCluster.isRoot, "needs root"))
    func serverSeesClient() throws {
        let farm = try BalancerFarm(hosts: 3)
        let (director, server, client) = (farm.address(1), farm.address(2), farm.address(3))
        for command in [["ip", "route", "add", "\(client)/32", "via", director]] {
            let result = try farm.hosts.run(on: 2, command)
            #expect(result.status == 0, "\(command): \(result.stderr)")
        }
        for command in [["ip", "rule", "add", "from", server, "iif", "eth0", "lookup", "100", "priority", "100"],
                        ["ip", "route", "add", "local", "0.0.0.0/0", "dev", "lo", "table", "100"]] {
            let result = try farm.hosts.run(on: 1, command)
            #expect(result.status == 0, "\(command): \(result.stderr)")
        }
        let site = try farm.write("transparent\n", to: "www/index.html")
        try farm.startWeb("web", on: 2, directory: (site as NSString).deletingLastPathComponent)
        let file = try farm.write("""
            defaults
                mode tcp
                timeout connect 2s
                timeout client 10s
                timeout server 10s
            listen kept
                bind \(director):80
                source 0.0.0.0 usesrc clientip
                server web \(server):80
            listen proxied
                bind \(director):8080
                server web \(server):80
            """, to: "haproxy.cfg")
        try farm.startBalancer(file)
        defer { farm.stopBalancer() }

        #expect(farm.get("http://\(director)/", from: 3) == "transparent", "\(farm.balancerLog)")
        #expect(farm.get("http://\(director):8080/", from: 3) == "transparent")
        // http.server logs each request as "ADDRESS - - [date] ...".
        let requests = ((try? String(contentsOfFile: "\(farm.folder)/web.log", encoding: .utf8)) ?? "")
            .split(separator: "\n").filter { $0.contains("\"GET / ") }.map { String($0.prefix { $0 != " " }) }
            .filter { $0 != server }  // startWeb's own readiness request
        #expect(requests == [client, director], "the server's log: \(requests)")
    }

    @Test("without CAP_NET_ADMIN or CAP_NET_RAW, usesrc stops the start with a message that says what it needs",
          .enabled(if: NetnsCluster.isRoot, "needs root, to start it without that one capability"))
    func needsCapability() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("balancer-usesrc-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try """
            listen kept
                mode tcp
                bind 127.0.0.1:\(freePort())
                source 0.0.0.0 usesrc clientip
                server web 127.0.0.1:\(freePort())
            """.write(toFile: "\(folder)/haproxy.cfg", atomically: true, encoding: .utf8)
        // Root without CAP_NET_ADMIN and CAP_NET_RAW (either allows IP_TRANSPARENT) in its
        // bounding set: what a service with dropped capabilities, or a container, runs as.
        let child = try ChildProcess("/usr/bin/setpriv", [
            "--bounding-set=-net_admin,-net_raw", RacimoBinary.path, "balancer", "-f", "\(folder)/haproxy.cfg",
            "--status-file", "\(folder)/lb.json",
        ])
        defer { child.signal(SIGKILL) }
        let status = child.waitForExit(timeout: .seconds(20))
        #expect(status == 1, "\(child.stderr)")
        #expect(child.stderr.contains("'usesrc' connects from addresses that are not this host's, which needs the CAP_NET_ADMIN or CAP_NET_RAW capability"),
                "\(child.stderr)")
    }
}
