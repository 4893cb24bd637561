import Agent
import Foundation
import LinuxSupport
import RacimoCore
import Testing

/// Real files in a temporary folder: the permission checks are about the file system.
@Suite("Loading a configuration and its secrets")
final class ConfigurationLoaderTests {
    let folder: String

    init() throws {
        folder = NSTemporaryDirectory() + "racimo-loader-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    func write(_ name: String, _ text: String, mode: UInt32 = 0o600) throws -> String {
        let path = "\(folder)/\(name)"
        try Files.writeText(text, to: path, mode: mode, exclusive: false)
        return path
    }

    func key() -> ClusterKey {
        var random = SeededRandom(seed: 3)
        return ClusterKey.generate(using: &random)
    }

    @Test("a configuration with a 0600 key loads with that key")
    func loads() throws {
        _ = try write("cluster.key", key().fileContents)
        let config = try write("racimo.toml", "[cluster]\nkey_file = \"cluster.key\"\n", mode: 0o644)
        let loaded = try ConfigurationLoader.load(path: config)
        #expect(loaded.keyRing.current == key())
        #expect(loaded.configuration.keyFile == "\(folder)/cluster.key")
    }

    @Test("a key file readable by others is refused, naming the file and the chmod that fixes it")
    func worldReadableKey() throws {
        let keyPath = try write("cluster.key", key().fileContents, mode: 0o644)
        let config = try write("racimo.toml", "[cluster]\nkey_file = \"cluster.key\"\n")
        #expect {
            try ConfigurationLoader.load(path: config)
        } throws: { error in
            let text = "\(error)"
            return text.contains("cluster key file \(keyPath) is readable by group or others (mode 0644)")
                && text.contains("chmod 600 \(keyPath)")
        }
    }

    @Test("a missing key file says how to make one")
    func missingKey() throws {
        let config = try write("racimo.toml", "[cluster]\nkey_file = \"nope.key\"\n")
        #expect {
            try ConfigurationLoader.load(path: config)
        } throws: { error in
            "\(error)".contains("racimo keygen -o \(folder)/nope.key")
        }
    }

    @Test("a token file that is not 64 hex digits is refused")
    func shortToken() throws {
        let path = try write("admin.token", "secret\n")
        #expect {
            try AdminToken.read(path)
        } throws: { error in
            "\(error)".contains("does not hold 64 hexadecimal digits")
        }
    }

    @Test("the admin token is created once, 0600, and read back the same")
    func adminToken() throws {
        let path = "\(folder)/admin.token"
        let first = try AdminToken.loadOrCreate(path)
        #expect(first.count == 64)
        #expect(try Files.permissions(of: path) == 0o600)
        #expect(try AdminToken.loadOrCreate(path) == first)
    }
}
