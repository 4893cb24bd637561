import Foundation
import NIOCore
import NIOPosix

/// The CLI's way to the schedd: one request, one reply, over the schedd's local socket.
public struct ScheddClient: Sendable {
    public var socketPath: String

    public init(socketPath: String) {
        self.socketPath = socketPath
    }

    public enum Failure: Error, CustomStringConvertible {
        case unreachable(String, String)
        case closedEarly
        case unreadable(String)
        public var description: String {
            switch self {
            case .unreachable(let path, let why):
                "cannot reach the schedd at \(path) (\(why)): is an agent with [scheduler] running on this node? (or give its socket with --socket or RACIMO_SCHEDD_SOCKET)"
            case .closedEarly: "the schedd closed the connection before answering"
            case .unreadable(let why): "the schedd's answer cannot be read: \(why)"
            }
        }
    }

    /// Sends `request` and waits for the answer (a submission of many jobs may take seconds).
    public func send(_ request: ScheddRequest) async throws -> ScheddReply {
        let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connect(unixDomainSocketPath: socketPath) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(LineFrameDecoder()))
                        return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch let error as IOError {
            throw Failure.unreachable(socketPath, String(cString: strerror(error.errnoCode)))
        } catch {
            throw Failure.unreachable(socketPath, "\(error)")
        }
        var data = try JSONEncoder().encode(request)
        data.append(UInt8(ascii: "\n"))
        return try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(bytes: data))
            for try await line in inbound {
                do {
                    return try JSONDecoder().decode(ScheddReply.self, from: Data(line.readableBytesView))
                } catch {
                    throw Failure.unreadable("\(error)")
                }
            }
            throw Failure.closedEarly
        }
    }

    /// The socket a client uses: `RACIMO_SCHEDD_SOCKET`, else the scheduler role's default.
    public static var defaultSocket: String {
        ProcessInfo.processInfo.environment["RACIMO_SCHEDD_SOCKET"] ?? "/run/racimo/schedd.sock"
    }
}
