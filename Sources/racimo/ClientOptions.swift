import Agent
import ArgumentParser
import LinuxSupport

/// How a client command finds the local agent: the admin address and token named by the
/// node's configuration file.
struct ClientOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "The node's configuration file (for the admin address and token).")
    var config: String = AgentConfiguration.defaultPath

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    /// A client for the agent; the token is read only when `needsToken`.
    func client(needsToken: Bool) throws -> AdminClient {
        let loaded: ConfigurationLoader.Loaded
        do {
            loaded = try ConfigurationLoader.load(path: config, readKeys: false)
        } catch {
            printError("racimo: cannot read \(config):\n\(error)")
            throw ExitCode(2)
        }
        let admin = loaded.configuration.adminListen
        var token: String?
        if needsToken {
            do {
                token = try AdminToken.read(loaded.configuration.adminTokenFile)
            } catch {
                printError("racimo: \(error)")
                throw ExitCode(1)
            }
        }
        let host = admin.host == "0.0.0.0" ? "127.0.0.1" : admin.host == "::" ? "::1" : admin.host
        return AdminClient(host: host, port: admin.port, token: token)
    }

    /// GETs `path` and returns the body, exiting 1 with a readable message on failure.
    func fetch(_ path: String, needsToken: Bool) async throws -> String {
        let client = try client(needsToken: needsToken)
        let reply: AdminClient.Reply
        do {
            reply = try await client.get(path)
        } catch {
            printError("racimo: cannot reach the agent at \(client.host):\(client.port) (\(error)); is 'racimo agent' running?")
            throw ExitCode(1)
        }
        guard reply.status == 200 else {
            printError("racimo: the agent answered \(reply.status): \(reply.body)")
            throw ExitCode(1)
        }
        return reply.body
    }
}
