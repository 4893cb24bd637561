import Foundation
import RacimoTestKit
import Testing

/// Seed 001's LVS director test, driven by the seed's own ldirectord.cf (examples/ldirectord):
/// two Apache real servers whose pages say "servidor apache 1" and "2", rr, negotiate checks
/// of ldirector.html for "Pagina de Prueba" every 2 s, quiescent, a fallback on 127.0.0.1:80.
/// h1 is the director, h2 and h3 the real servers, h4 the client.
@Suite("seed 001: ldirectord.cf in network namespaces", .serialized)
struct BalancerLdirectordSeedTests {
    /// The seed's file with its addresses moved into the test subnet.
    static func configuration(_ farm: BalancerFarm) throws -> String {
        let seed = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../../examples/ldirectord/ldirectord.cf").standardized.path
        let text = try String(contentsOfFile: seed, encoding: .utf8)
            .replacingOccurrences(of: "192.168.0.105", with: farm.address(1))
            .replacingOccurrences(of: "192.168.0.101", with: farm.address(2))
            .replacingOccurrences(of: "192.168.0.102", with: farm.address(3))
        #expect(text.contains("virtual=\(farm.address(1)):80") && text.contains("fallback=127.0.0.1:80"))
        return try farm.write(text, to: "ldirectord.cf")
    }

    /// A real server's document root: its page and the page the checks read.
    static func site(_ farm: BalancerFarm, _ name: String, index: String, check: String = "Pagina de Prueba") throws -> String {
        _ = try farm.write(index + "\n", to: "\(name)/index.html")
        _ = try farm.write(check + "\n", to: "\(name)/ldirector.html")
        return "\(farm.folder)/\(name)"
    }

    @Test("rr over two real servers, a killed one leaves within a check interval and returns, a bad page is taken out, the fallback answers when none is left",
          .enabled(if: NetnsCluster.isRoot, "needs root"))
    func seedTest() throws {
        let farm = try BalancerFarm(hosts: 4)
        let one = try Self.site(farm, "apache1", index: "servidor apache 1")
        let two = try Self.site(farm, "apache2", index: "servidor apache 2")
        let sorry = try Self.site(farm, "fallback", index: "sitio en mantenimiento")
        try farm.startWeb("apache1", on: 2, directory: one)
        try farm.startWeb("apache2", on: 3, directory: two)
        try farm.start("fallback", on: 1, ["python3", "-m", "http.server", "80", "--bind", "127.0.0.1", "--directory", sorry])
        let file = try Self.configuration(farm)
        let check = try RacimoBinary.run(["balancer", "-c", "-f", file])
        #expect(check.status == 0, "\(check)")
        #expect(check.stderr.contains("warning: forwarding method 'gate' is run as a TCP proxy: replies now pass through the director"),
                "the forwarding-method warning: \(check.stderr)")
        try farm.startBalancer(file)
        let vip = "http://\(farm.address(1))/"
        let real1 = "\(farm.address(2)):80", real2 = "\(farm.address(3)):80"

        // Six requests: the pages alternate, 3 and 3, and the table shows InActConn 3 and 3.
        let pages = (0..<6).map { _ in farm.get(vip, from: 4) ?? "(failed)" }
        #expect(Set(pages) == ["servidor apache 1", "servidor apache 2"], "\(pages)\n\(farm.balancerLog)")
        #expect(zip(pages, pages.dropFirst()).allSatisfy { $0 != $1 }, "rr alternates: \(pages)")
        #expect(pollUntil(timeout: .seconds(5), interval: .milliseconds(200)) {
            farm.row(real1)?.last == "3" && farm.row(real2)?.last == "3"
        }, "InActConn 3 and 3:\n\(farm.list())")
        #expect(farm.list().contains("TCP  \(farm.address(1)):80 rr"), "\(farm.list())")
        #expect(farm.row(real1)?[2] == "Route", "the seed's gate method shows as Route: \(farm.list())")

        // kill -9 of apache 2: out within one check interval (2 s); quiescent keeps its row at
        // weight 0; every later request goes to apache 1, and none fails meanwhile.
        let killed = Date()
        farm.kill("apache2")
        let during = (0..<4).map { _ in farm.get(vip, from: 4) ?? "(failed)" }
        #expect(during.allSatisfy { $0 == "servidor apache 1" }, "retried on the other server: \(during)")
        #expect(pollUntil(timeout: .seconds(5), interval: .milliseconds(100)) {
            farm.logged(["msg=\"server down\"", "server=\(real2)"], after: killed) != nil
        }, "\(farm.balancerLog)")
        if let down = farm.logged(["msg=\"server down\"", "server=\(real2)"], after: killed) {
            let seconds = down.timeIntervalSince(killed)
            print("figure: ldirectord_seed_server_out_after: \(String(format: "%.2f", seconds)) s (checkinterval 2 s)")
            #expect(seconds <= 2.3, "within one check interval (2 s, plus the checks' 5 % jitter)")
        }
        #expect(pollUntil(timeout: .seconds(3), interval: .milliseconds(100)) { farm.row(real2)?[3] == "0" },
                "quiescent: the row stays with weight 0\n\(farm.list())")
        let after = (0..<6).map { _ in farm.get(vip, from: 4) ?? "(failed)" }
        #expect(after.allSatisfy { $0 == "servidor apache 1" }, "\(after)")

        // Back: re-added once its check passes.
        let restarted = Date()
        try farm.startWeb("apache2", on: 3, directory: two)
        #expect(pollUntil(timeout: .seconds(5), interval: .milliseconds(100)) { farm.row(real2)?[3] == "1" }, "\(farm.list())")
        if let up = farm.logged(["msg=\"server up\"", "server=\(real2)"], after: restarted) {
            print("figure: ldirectord_seed_server_back_after: \(String(format: "%.2f", up.timeIntervalSince(restarted))) s")
        }
        let again = Set((0..<4).map { _ in farm.get(vip, from: 4) ?? "(failed)" })
        #expect(again == ["servidor apache 1", "servidor apache 2"], "\(again)")

        // A check page without "Pagina de Prueba" takes apache 1 out.
        _ = try farm.write("otra cosa\n", to: "apache1/ldirector.html")
        #expect(pollUntil(timeout: .seconds(5), interval: .milliseconds(100)) { farm.row(real1)?[3] == "0" }, "\(farm.list())")
        #expect(farm.balancerLog.contains("reply does not match 'Pagina de Prueba'"), "\(farm.balancerLog)")
        let onlyTwo = (0..<4).map { _ in farm.get(vip, from: 4) ?? "(failed)" }
        #expect(onlyTwo.allSatisfy { $0 == "servidor apache 2" }, "\(onlyTwo)")

        // Both down: the fallback answers.
        farm.kill("apache2")
        #expect(pollUntil(timeout: .seconds(5), interval: .milliseconds(100)) { farm.row(real2)?[3] == "0" }, "\(farm.list())")
        #expect(pollUntil(timeout: .seconds(5), interval: .milliseconds(200)) {
            farm.get(vip, from: 4) == "sitio en mantenimiento"
        }, "the fallback server answers\n\(farm.list())\n\(farm.balancerLog)")
        #expect(farm.list().contains("-> 127.0.0.1:80"), "ldirectord lists the fallback while it serves: \(farm.list())")
        farm.stopBalancer()
    }
}
