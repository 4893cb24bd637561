import LinuxSupport
import RacimoCore

/// Reads a configuration file and the secrets it names, with every check that must pass before
/// an agent starts or a reload is accepted. Used by `racimo check`, `racimo agent` and SIGHUP.
public enum ConfigurationLoader {
    /// A configuration that passed every check, with the keys it names.
    public struct Loaded: Sendable {
        public var configuration: AgentConfiguration
        public var keyRing: KeyRing
        /// Warnings found on the way (unsupported role tables and the like).
        public var warnings: [Diagnostic]
    }

    /// Why a configuration cannot be used; `diagnostics` is printable as is, one per line.
    public struct Failure: Error, CustomStringConvertible {
        public var diagnostics: Diagnostics
        public var description: String { diagnostics.description }
    }

    /// Parses `path` and loads its keys. With `readKeys: false` only the file itself is checked
    /// (`racimo check` on a machine that does not hold the key).
    public static func load(path: String, readKeys: Bool = true) throws(Failure) -> Loaded {
        let text: String
        do {
            text = try Files.readText(path)
        } catch {
            throw Failure(diagnostics: Diagnostics([.error(at: nil, "\(error)")]))
        }
        let (parsed, diagnostics) = AgentConfiguration.parse(text, file: path, defaultNodeName: HostInfo.hostname())
        guard let configuration = parsed else { throw Failure(diagnostics: diagnostics) }
        var keyRing = KeyRing(current: placeholderKey)
        if readKeys {
            do throws(Diagnostic) {
                keyRing = KeyRing(current: try readSecretKey(configuration.keyFile))
                if let next = configuration.nextKeyFile { keyRing.next = try readSecretKey(next) }
            } catch {
                throw Failure(diagnostics: Diagnostics(diagnostics.all + [error]))
            }
        }
        return Loaded(configuration: configuration, keyRing: keyRing, warnings: diagnostics.warnings)
    }

    /// Reads a key file, refusing one that group or others can read, as Heartbeat does with
    /// authkeys: a readable cluster key lets any local user forge frames.
    public static func readSecretKey(_ path: String) throws(Diagnostic) -> ClusterKey {
        let text = try readSecret(path, what: "cluster key", missingHint: "create one with: racimo keygen -o \(path)")
        do {
            return try ClusterKey(fileContents: text)
        } catch {
            throw .error(at: SourceLocation(file: path, line: 1, column: 1), "not a cluster key: \(error)")
        }
    }

    /// Reads a secret file's text after checking that only its owner can read it.
    public static func readSecret(_ path: String, what: String, missingHint: String) throws(Diagnostic) -> String {
        guard Files.exists(path) else {
            throw .error(at: nil, "\(what) file \(path) does not exist", hint: missingHint)
        }
        do {
            let (text, mode, owner) = try Files.readSecret(path)
            guard mode & 0o077 == 0 else {
                throw Diagnostic.error(
                    at: nil,
                    "\(what) file \(path) is readable by group or others (mode \(octal(mode))); refusing to use it",
                    hint: "fix it with: chmod 600 \(path)")
            }
            // A 0600 file another user made could be theirs to rewrite: only ours or root's.
            guard owner == Files.effectiveUser || owner == 0 else {
                throw Diagnostic.error(
                    at: nil, "\(what) file \(path) belongs to user id \(owner), not to this user or root; refusing to use it",
                    hint: "fix it with: chown \(Files.effectiveUser) \(path)")
            }
            return text
        } catch let error as SystemError {
            throw .error(at: nil, "\(error)")
        } catch let diagnostic as Diagnostic {
            throw diagnostic
        } catch {
            throw .error(at: nil, "\(error)")
        }
    }

    static func octal(_ mode: UInt32) -> String {
        let digits = String(mode, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// Stands in for the key when `racimo check` does not read it; never used to sign.
    static let placeholderKey = try! ClusterKey(bytes: [UInt8](repeating: 0, count: ClusterKey.byteCount))
}
