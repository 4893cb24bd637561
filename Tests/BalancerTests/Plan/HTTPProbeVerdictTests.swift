import Balancer
import Testing

@Suite("judging an HTTP check's reply")
struct HTTPProbeVerdictTests {
    static func reply(_ status: String, _ body: String) -> [UInt8] {
        Array("HTTP/1.1 \(status)\r\nContent-Type: text/html\r\n\r\n\(body)".utf8)
    }

    @Test("ldirectord: a 2xx reply whose body matches receive passes; another body or status fails")
    func ldirectord() {
        let probe = HealthCheckPlan.HTTPProbe(path: "/ldirector.html", statuses: [200...299], bodyRegex: "Pagina de Prueba")
        #expect(probe.verdict(reply: Self.reply("200 OK", "Pagina de Prueba\n")).passed)
        #expect(probe.verdict(reply: Self.reply("200 OK", "otra cosa\n")) == (false, "reply does not match 'Pagina de Prueba'"))
        #expect(probe.verdict(reply: Self.reply("404 Not Found", "Pagina de Prueba")) == (false, "status 404"))
        #expect(probe.verdict(reply: []) == (false, "no HTTP status line in the reply"))
        #expect(!probe.verdict(reply: Array("Pagina de Prueba".utf8)).passed)
    }

    @Test("HAProxy: 2xx/3xx by default, expect string, rstatus and the negation")
    func haproxy() {
        #expect(HealthCheckPlan.HTTPProbe().verdict(reply: Self.reply("302 Found", "")).passed)
        #expect(!HealthCheckPlan.HTTPProbe().verdict(reply: Self.reply("500 Oops", "")).passed)
        let string = HealthCheckPlan.HTTPProbe(statuses: [], bodyContains: "ready")
        #expect(string.verdict(reply: Self.reply("503 No", "ready")).passed)
        let rstatus = HealthCheckPlan.HTTPProbe(statuses: [], statusRegex: "^2")
        #expect(rstatus.verdict(reply: Self.reply("204 No Content", "")).passed)
        #expect(!rstatus.verdict(reply: Self.reply("301 Moved", "")).passed)
        let negated = HealthCheckPlan.HTTPProbe(statuses: [], bodyContains: "maintenance", negated: true)
        #expect(negated.verdict(reply: Self.reply("200 OK", "all good")).passed)
        #expect(!negated.verdict(reply: Self.reply("200 OK", "maintenance")).passed)
    }

    @Test("the request closes the connection and names the host")
    func request() {
        let probe = HealthCheckPlan.HTTPProbe(method: "HEAD", path: "/x", host: "www.example.com")
        #expect(probe.request(defaultHost: "10.0.0.1") ==
                "HEAD /x HTTP/1.0\r\nHost: www.example.com\r\nUser-Agent: racimo-check\r\nAccept: */*\r\nConnection: close\r\n\r\n")
    }
}
