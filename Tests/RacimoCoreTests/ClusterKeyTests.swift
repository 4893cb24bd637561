import RacimoCore
import Testing

@Suite("Cluster key files")
struct ClusterKeyTests {
    @Test("a key file written by keygen reads back as the same key")
    func roundTrip() throws {
        var random = SeededRandom(seed: 7)
        let key = ClusterKey.generate(using: &random)
        #expect(try ClusterKey(fileContents: key.fileContents) == key)
        #expect(key.fileContents.hasPrefix("# racimo cluster key key-"))
    }

    @Test("a key file that is not 64 hex digits is refused with what to do")
    func refusals() {
        #expect(throws: ClusterKeyError.notHex) { try ClusterKey(fileContents: "auth 1\n1 sha1 secret\n") }
        #expect(throws: ClusterKeyError.wrongLength(2)) { try ClusterKey(fileContents: "abcd\n") }
        #expect(ClusterKeyError.notHex.description.contains("racimo keygen"))
    }
}

@Suite("Small vocabulary")
struct VocabularyTests {
    @Test("node names use a hostname's alphabet, 1 to 64 characters")
    func nodeNames() {
        #expect(NodeName("h1") != nil)
        #expect(NodeName("node-7.rack_2") != nil)
        #expect(NodeName("") == nil)
        #expect(NodeName("has space") == nil)
        #expect(NodeName("ñandú") == nil)
        #expect(NodeName(String(repeating: "a", count: 64)) != nil)
        #expect(NodeName(String(repeating: "a", count: 65)) == nil)
    }

    @Test("endpoints parse host:port, [v6]:port and a default port")
    func endpoints() {
        #expect(Endpoint(parsing: "10.213.0.1:9401") == Endpoint(host: "10.213.0.1", port: 9401))
        #expect(Endpoint(parsing: "[fd00::1]:80") == Endpoint(host: "fd00::1", port: 80))
        #expect(Endpoint(parsing: "fd00::1", defaultPort: 9401) == Endpoint(host: "fd00::1", port: 9401))
        #expect(Endpoint(parsing: "node2", defaultPort: 9401) == Endpoint(host: "node2", port: 9401))
        #expect(Endpoint(parsing: "node2") == nil)
        #expect(Endpoint(parsing: "node2:0") == nil)
        #expect(Endpoint(parsing: "node2:65536") == nil)
        #expect(Endpoint(parsing: ":80") == nil)
        #expect(Endpoint(host: "fd00::1", port: 80).description == "[fd00::1]:80")
    }

    @Test("hex decodes either case and spaced columns, and refuses odd digits")
    func hex() {
        #expect(Hex.decode("00ff A0") == [0x00, 0xFF, 0xA0])
        #expect(Hex.decode("abc") == nil)
        #expect(Hex.decode("a bc") == nil)
        #expect(Hex.decode("zz") == nil)
        #expect(Hex.encode([0, 255, 16]) == "00ff10")
    }

    @Test("suggestions find plausible typos and nothing for unrelated words")
    func suggestions() {
        #expect(Suggestion.closest(to: "vrp_script", in: ["vrrp_script", "vrrp_instance"]) == "vrrp_script")
        #expect(Suggestion.closest(to: "nmae", in: ["name", "listen", "seeds"]) == "name")
        #expect(Suggestion.closest(to: "seed", in: ["name", "listen", "seeds"]) == "seeds")
        #expect(Suggestion.closest(to: "frobnicate", in: ["name", "listen", "seeds"]) == nil)
        #expect(Suggestion.editDistance("kitten", "sitting") == 3)
        #expect(Suggestion.editDistance("ab", "ba") == 1)
    }

    @Test("the seeded generator replays the same sequence from the same seed")
    func seeded() {
        var a = SeededRandom(seed: 1), b = SeededRandom(seed: 1), c = SeededRandom(seed: 2)
        let sa = (0..<5).map { _ in a.next() }
        #expect(sa == (0..<5).map { _ in b.next() })
        #expect(sa != (0..<5).map { _ in c.next() })
    }
}
