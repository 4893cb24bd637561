import LinuxSupport
import RacimoCore

/// The admin endpoint's bearer token: 256 random bits in hex, in a 0600 file beside the key.
///
/// The agent creates it on first start; the CLI, run by someone who can read it (root or the
/// agent's user), sends it. Whoever can read the file administers the node.
public enum AdminToken {
    /// Reads the token, creating the file first when it does not exist.
    public static func loadOrCreate(_ path: String) throws(Diagnostic) -> String {
        if !Files.exists(path) {
            var generator = SystemRandomNumberGenerator()
            let token = Hex.encode((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
            do {
                try Files.writeText(token + "\n", to: path, mode: 0o600, exclusive: true)
            } catch {
                throw .error(at: nil, "cannot create the admin token file: \(error)")
            }
        }
        return try read(path)
    }

    /// Reads an existing token file (the CLI's side).
    public static func read(_ path: String) throws(Diagnostic) -> String {
        let text = try ConfigurationLoader.readSecret(
            path, what: "admin token", missingHint: "the agent creates it when it first starts")
        let token = text.filter { !$0.isWhitespace }
        // A short or empty token would make the bearer check guessable.
        guard token.count == 64, Hex.decode(token) != nil else {
            throw .error(at: nil, "admin token file \(path) does not hold 64 hexadecimal digits",
                         hint: "remove it and restart the agent, which makes a new one")
        }
        return token
    }
}
