import Hummingbird
import MembershipIO
import NIOCore
import Prometheus
import RacimoCore

/// The admin endpoint's routes: `GET /v1/health` and `GET /metrics` open to anyone who can reach
/// the address (loopback by default), everything else under `/v1` behind the bearer token.
public enum AdminRoutes {
    /// Builds the router. `registry` is the Prometheus registry the agent's metrics live in.
    public static func router(
        state: AgentState, registry: PrometheusCollectorRegistry, token: String, softwareVersion: String,
        membership: MembershipDriver? = nil
    ) -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/v1/health") { _, _ in
            HealthReport(state: state, softwareVersion: softwareVersion)
        }
        router.get("/metrics") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
        let authenticated = router.group("/v1").add(middleware: BearerTokenMiddleware(token: token))
        authenticated.get("peers") { _, _ in
            PeersReport(state: state)
        }
        if let membership {
            authenticated.get("nodes") { _, _ in
                NodesReport(membership.view())
            }
        }
        return router
    }
}

/// `GET /v1/health`: the node is up (`ok`, or `starting` until its frame sockets are bound),
/// who it is, and how many peers it hears. Open to anyone who reaches the endpoint, so it names
/// no peer: the list is `/v1/peers`, behind the token.
public struct HealthReport: ResponseCodable, Equatable {
    public var status: String
    public var node: String
    public var version: String
    public var uptimeSeconds: Double
    public var roles: [String]
    public var peersHeard: Int

    init(state: AgentState, softwareVersion: String) {
        let configuration = state.configuration
        status = state.isListening ? "ok" : "starting"
        node = configuration.nodeName.rawValue
        version = softwareVersion
        uptimeSeconds = Double((state.now - state.startedAt).components.seconds)
        roles = configuration.roles.map(\.rawValue)
        peersHeard = state.peers.peers.count
    }
}

/// `GET /v1/peers`: one row per peer heard, by name.
public struct PeersReport: ResponseCodable, Equatable {
    public var peers: [PeerReport]

    init(state: AgentState) {
        let now = state.now
        peers = state.peers.listing(now: now).map { entry in
            PeerReport(
                name: entry.peer.name, address: entry.peer.address, version: entry.peer.softwareVersion,
                clockOffsetMs: entry.peer.clockOffsetMilliseconds,
                ageMs: entry.age.components.seconds * 1000 + entry.age.components.attoseconds / 1_000_000_000_000_000,
                frames: entry.peer.framesAccepted)
        }
    }
}

/// One row of `/v1/peers` and `racimo peers`.
public struct PeerReport: Codable, Equatable, Sendable {
    public var name: String
    public var address: String
    public var version: String
    public var clockOffsetMs: Int64
    public var ageMs: Int64
    public var frames: Int
}
