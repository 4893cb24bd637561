import Balancer
import RacimoCore
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Mutated inputs: lines of the seeds and of the tests' files, spliced, cut and sprinkled with
/// tokens that readers treat specially (quotes, `=`, `:`, `#`, `!`, braces, big numbers, Unicode).
enum Fuzz {
    static let tokens = [
        "=", " = ", ":", "::", "[", "]", "\"", "'", "\\", "#", "!", "{", "}", ",", "\t", " ", "\n", "\r\n",
        "0", "65535", "65536", "-1", "99999999999999999999", "2147483647", "4294967295ms", "1d", "24d", "s", "ms",
        "é", "🙂", "\u{0}", "virtual=", "real=", "gate", "masq", "ipip", "frontend", "backend", "listen",
        "defaults", "global", "server", "bind", "use_backend", "acl", "if", "unless", "or", "||", "-i", "--",
        "hdr(host)", "path_beg", "option", "httpchk", "tcp-check", "no", "timeout", "check", "inter", "fall",
        "10.0.0.1:80", "[::1]:80", "*:80", ":80", "fd00::1", "checktype=", "external", "checkcommand=",
        "http-check", "expect", "status", "default-server", "mode", "http", "tcp", "balance",
    ]

    static func input(_ rng: inout SeededRandom, corpus: [String]) -> String {
        switch rng.next() % 4 {
        case 0:  // pure noise from tokens
            return (0..<Int(rng.next() % 40)).map { _ in tokens[Int(rng.next() % UInt64(tokens.count))] }.joined()
        default:  // corpus lines, mutated
            var lines: [String] = []
            for _ in 0..<Int(1 + rng.next() % 12) {
                var line = Array(corpus[Int(rng.next() % UInt64(corpus.count))])
                for _ in 0..<Int(rng.next() % 4) {
                    let token = Array(tokens[Int(rng.next() % UInt64(tokens.count))])
                    let at = line.isEmpty ? 0 : Int(rng.next() % UInt64(line.count + 1))
                    switch rng.next() % 3 {
                    case 0: line.insert(contentsOf: token, at: at)
                    case 1: if at < line.count { line.removeSubrange(at..<min(line.count, at + Int(rng.next() % 6))) }
                    default: if at < line.count { line.replaceSubrange(at..<at + 1, with: token) }
                    }
                }
                lines.append(String(line))
            }
            return lines.joined(separator: rng.next() % 8 == 0 ? "\r\n" : "\n")
        }
    }

    static func lines(_ text: String) -> [String] { text.split(separator: "\n").map(String.init) }
}

@Suite("fuzzing the readers")
struct FuzzTests {
    /// 1,000,000 per reader; `FUZZ_COUNT` overrides it (in debug builds the default is 10,000).
    static let count: Int = {
        if let text = getenv("FUZZ_COUNT"), let n = Int(String(cString: text)) { return n }
        #if DEBUG
        return 10_000  // debug builds manage about 600 inputs/s per reader; run -c release for the full million
        #else
        return 1_000_000
        #endif
    }()

    @Test("1,000,000 (release) mutated ldirectord.cf inputs: no crash, and a result only without errors")
    func ldirectordFuzz() {
        var rng = SeededRandom(seed: 0x1D1_2EC7)
        let corpus = Fuzz.lines(Seeds.ldirectordCf) + [
            "  checktype=external", "  checkcommand=/bin/true", "  persistent=600", "  netmask=255.255.255.0",
            "  real=10.0.0.2:8080 ipip 5 \"health\", \"ok\"", "virtual=[fd00::1]:443", "failurecount=3",
            "  httpmethod=HEAD", "  checkport=8080", "negotiatetimeout = 20", "emailalert=root",
        ]
        var accepted = 0
        for _ in 0..<Self.count {
            let (configuration, diagnostics) = LdirectordConfiguration.parse(Fuzz.input(&rng, corpus: corpus), file: "f")
            if configuration != nil { accepted += 1 }
            if (configuration == nil) != diagnostics.hasErrors { Issue.record("result and errors disagree"); return }
        }
        #expect(accepted > 0)
    }

    @Test("1,000,000 (release) mutated haproxy.cfg inputs: no crash, and a result only without errors")
    func haproxyFuzz() {
        var rng = SeededRandom(seed: 0x4A_9E0)
        let corpus = Fuzz.lines(Seeds.haproxyCfg) + Fuzz.lines(HAProxyTests.web)
        var accepted = 0
        for _ in 0..<Self.count {
            let (configuration, diagnostics) = HAProxyConfiguration.parse(Fuzz.input(&rng, corpus: corpus), file: "f")
            if configuration != nil { accepted += 1 }
            if (configuration == nil) != diagnostics.hasErrors { Issue.record("result and errors disagree"); return }
        }
        #expect(accepted > 0)
    }
}
