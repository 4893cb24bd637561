import Logging
import RacimoCore
import ServiceLifecycle
import UnixSignals

/// Re-reads the configuration on SIGHUP. A file that fails any check is rejected with its
/// diagnostics in the log and the running configuration stays, as `nginx -s reload` and
/// `haproxy -sf` users expect; a good one replaces seeds, timers and keys in place.
public struct ReloadService: Service {
    let state: AgentState
    let path: String
    let logger: Logger

    public init(state: AgentState, path: String, logger: Logger) {
        self.state = state
        self.path = path
        self.logger = logger
    }

    public func run() async throws {
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        // Graceful shutdown cancels the loop, which ends the sequence.
        try await cancelWhenGracefulShutdown {
            for await _ in hangups {
                self.reload()
            }
        }
    }

    /// Loads, checks and applies the file once. Settings that need a new socket or identity
    /// (listen addresses, node name) are kept and a warning says a restart applies them.
    public func reload() {
        logger.info("reloading configuration", metadata: ["file": "\(path)"])
        let loaded: ConfigurationLoader.Loaded
        do {
            loaded = try ConfigurationLoader.load(path: path)
        } catch {
            for diagnostic in error.diagnostics.all {
                logger.error("configuration rejected; the running configuration stays", metadata: ["diagnostic": "\(diagnostic)"])
            }
            return
        }
        let running = state.configuration
        var next = loaded.configuration
        for (name, changed) in [
            ("node.name", next.nodeName != running.nodeName), ("node.listen", next.listen != running.listen),
            ("admin.listen", next.adminListen != running.adminListen), ("log.level", next.logLevel != running.logLevel),
            ("admin.token_file", next.adminTokenFile != running.adminTokenFile),
            ("cluster.frame_freshness", next.frameFreshness != running.frameFreshness),
        ] where changed {
            logger.warning("setting changed but needs a restart", metadata: ["key": "\(name)"])
        }
        next.nodeName = running.nodeName
        next.listen = running.listen
        next.adminListen = running.adminListen
        next.logLevel = running.logLevel
        next.adminTokenFile = running.adminTokenFile
        next.frameFreshness = running.frameFreshness
        state.reload(next, keyRing: loaded.keyRing)
        for warning in loaded.warnings { logger.warning("\(warning)") }
        logger.info("configuration reloaded", metadata: ["seeds": "\(next.seeds.count)"])
    }
}
