import NIOCore
import NIOHTTP1
import NIOPosix

/// The CLI's way to the local agent: one HTTP/1.1 GET to the admin endpoint.
public struct AdminClient: Sendable {
    public var host: String
    public var port: Int
    public var token: String?

    public init(host: String, port: Int, token: String?) {
        self.host = host
        self.port = port
        self.token = token
    }

    public struct Reply: Sendable {
        public var status: Int
        public var body: String
    }

    /// Fetches `path`; throws when the agent has not answered in full within `timeout`.
    public func get(_ path: String, timeout: TimeAmount = .seconds(5)) async throws -> Reply {
        try await withThrowingTaskGroup(of: Reply.self) { group in
            group.addTask { try await self.request(path, timeout: timeout) }
            group.addTask {
                try await Task.sleep(for: .nanoseconds(timeout.nanoseconds))
                throw AdminClientError.timedOut
            }
            let reply = try await group.next()!
            group.cancelAll()
            return reply
        }
    }

    private func request(_ path: String, timeout: TimeAmount) async throws -> Reply {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(timeout)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(
                        wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            var headers = HTTPHeaders([("Host", "\(host):\(port)"), ("Connection", "close")])
            if let token { headers.add(name: "Authorization", value: "Bearer \(token)") }
            try await outbound.write(.head(HTTPRequestHead(version: .http1_1, method: .GET, uri: path, headers: headers)))
            try await outbound.write(.end(nil))
            var status = 0
            var body = ByteBuffer()
            for try await part in inbound {
                switch part {
                case .head(let head): status = Int(head.status.code)
                case .body(var chunk): body.writeBuffer(&chunk)
                case .end: return Reply(status: status, body: String(buffer: body))
                }
            }
            throw AdminClientError.closedEarly
        }
    }
}

public enum AdminClientError: Error, CustomStringConvertible {
    case closedEarly
    case timedOut
    public var description: String {
        switch self {
        case .closedEarly: "the agent closed the connection before answering"
        case .timedOut: "the agent did not answer in time"
        }
    }
}
