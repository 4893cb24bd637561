import Foundation
import LinuxSupport
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// The client half of `racimo run` and of the monitoring commands: it talks to the local
/// agent's home socket and, for `run`, stands in for the process at home. Its standard
/// streams are the process's; signals sent to it are forwarded; its exit is the process's.
public enum RunClient {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// The signals `racimo run` passes on (SIGKILL and SIGSTOP cannot be caught: a killed
    /// `racimo run` takes its process with it, and Ctrl-Z is forwarded as SIGSTOP).
    public static let forwarded: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH, SIGCONT, SIGALRM]

    /// Runs `start` through the agent at `socketPath`, with this process's standard streams
    /// as the process's; `started` is told where it runs. Returns how it ended.
    public static func run(_ start: RunStart, socketPath: String, started: @escaping @Sendable (RunStarted) -> Void) throws -> RunExit {
        try spread([start], socketPath: socketPath, at: 1, forwardStdin: true, started: started)[0].get()
    }

    /// Runs every start, at most `limit` at a time, each placed when it starts (so each goes
    /// to the best node at that moment, as `mosrun -S` did); output goes to this process's
    /// stdout and stderr; signals reach every running one. Results are in the starts' order.
    public static func spread(
        _ starts: [RunStart], socketPath: String, at limit: Int, forwardStdin: Bool,
        started: @escaping @Sendable (RunStarted) -> Void
    ) throws -> [Result<RunExit, Failure>] {
        let running = NIOLockedValueBox<[Int: Channel]>([:])
        let signals = DispatchQueue(label: "racimo.run.signals")
        var sources: [DispatchSourceSignal] = []
        for number in forwarded + [SIGTSTP] {
            StandardStreams.ignore(number)
            let source = DispatchSource.makeSignalSource(signal: number, queue: signals)
            source.setEventHandler {
                let channels = running.withLockedValue { Array($0.values) }
                let sent = number == SIGTSTP ? SIGSTOP : number
                let writes = channels.map { $0.writeAndFlush(LengthPrefixedDecoder.frame(.signal(sent))) }
                if number == SIGTSTP {
                    for write in writes { _ = try? write.wait() }
                    StandardStreams.stopSelf()
                }
            }
            source.resume()
            sources.append(source)
        }
        defer { sources.forEach { $0.cancel() } }

        let slots = DispatchSemaphore(value: max(1, limit))
        let results = NIOLockedValueBox<[Int: Result<RunExit, Failure>]>([:])
        let group = DispatchGroup()
        for (index, start) in starts.enumerated() {
            slots.wait()
            let placed = DispatchSemaphore(value: 0)
            group.enter()
            Thread {
                defer {
                    running.withLockedValue { _ = $0.removeValue(forKey: index) }
                    slots.signal()
                    group.leave()
                }
                let result = Result { () throws(Failure) in
                    try one(start, socketPath: socketPath, forwardStdin: forwardStdin && starts.count == 1,
                            running: { channel in running.withLockedValue { $0[index] = channel } },
                            started: { info in
                                started(info)
                                placed.signal()
                            })
                }
                placed.signal()
                results.withLockedValue { $0[index] = result }
            }.start()
            // The next one is placed only once this one runs: the home then counts it.
            placed.wait()
        }
        group.wait()
        return results.withLockedValue { all in starts.indices.map { all[$0]! } }
    }

    private static func one(
        _ start: RunStart, socketPath: String, forwardStdin: Bool,
        running: (Channel) -> Void, started: @escaping @Sendable (RunStarted) -> Void
    ) throws(Failure) -> RunExit {
        let ended = MultiThreadedEventLoopGroup.singleton.next().makePromise(of: RunExit.self)
        let credit = Credit()
        // A promise must be completed even when the agent cannot be reached.
        let channel: Channel
        do { channel = try connect(socketPath) { message in
            switch message {
            case .window(let bytes): credit.add(Int(bytes))
            case .started(let info): started(info)
            case .stdout(let bytes): StandardStreams.write(bytes, to: 1)
            case .stderr(let bytes): StandardStreams.write(bytes, to: 2)
            case .exit(let exit): ended.succeed(exit)
            case .failed(let why): ended.fail(Failure(description: why))
            default: break
            }
        } closed: {
            ended.fail(Failure(description: "racimo run: the agent closed the connection"))
        } } catch {
            ended.fail(error)
            throw error
        }
        let send: @Sendable (RunMessage) -> EventLoopFuture<Void> = { channel.writeAndFlush(LengthPrefixedDecoder.frame($0)) }
        do { try send(.start(start)).wait() } catch { throw Failure(description: "racimo run: \(error)") }
        running(channel)
        if forwardStdin {
            Thread {
                guard StandardStreams.mayRead(0) else { return }
                // Read only what the home has room for: input waits here, not in the agents.
                while let chunk = StandardStreams.read(0, count: credit.take(upTo: 65536)), !chunk.isEmpty {
                    credit.spend(chunk.count)
                    guard (try? send(.stdin(chunk)).wait()) != nil else { return }
                }
                _ = send(.stdinClosed)
            }.start()
        } else {
            _ = send(.stdinClosed)
        }
        do { return try ended.futureResult.wait() } catch let failure as Failure { throw failure } catch {
            throw Failure(description: "\(error)")
        }
    }

    /// Asks the agent one question.
    public static func ask(_ query: RunQuery, socketPath: String) throws -> RunAnswer {
        let answer = MultiThreadedEventLoopGroup.singleton.next().makePromise(of: RunAnswer.self)
        let channel: Channel
        do {
            channel = try connect(socketPath) { message in
                if case .answer(let reply) = message { answer.succeed(reply) }
                if case .failed(let why) = message { answer.fail(Failure(description: why)) }
            } closed: {
                answer.fail(Failure(description: "the agent closed the connection without answering"))
            }
        } catch {
            answer.fail(error)
            throw error
        }
        try channel.writeAndFlush(LengthPrefixedDecoder.frame(.query(query))).wait()
        return try answer.futureResult.wait()
    }

    private static func connect(
        _ socketPath: String, received: @escaping @Sendable (RunMessage) -> Void, closed: @escaping @Sendable () -> Void
    ) throws(Failure) -> Channel {
        do {
            return try ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(LengthPrefixedDecoder()))
                        try channel.pipeline.syncOperations.addHandler(Receiver(received: received, closed: closed))
                    }
                }
                .connect(unixDomainSocketPath: socketPath).wait()
        } catch {
            throw Failure(description: "cannot reach the agent at \(socketPath): \(error) (is `racimo agent` running with a [run] table?)")
        }
    }

    /// Stdin credit from the home, waited on by the thread that reads stdin.
    final class Credit: @unchecked Sendable {
        private let condition = NSCondition()
        private var bytes = 0

        func add(_ count: Int) {
            condition.lock()
            bytes += count
            condition.broadcast()
            condition.unlock()
        }

        /// Blocks until there is credit; returns how much may be read now (at most `limit`).
        func take(upTo limit: Int) -> Int {
            condition.lock()
            defer { condition.unlock() }
            while bytes <= 0 { condition.wait() }
            return min(bytes, limit)
        }

        func spend(_ count: Int) {
            condition.lock()
            bytes -= count
            condition.unlock()
        }
    }

    /// Decodes the agent's messages. Writing the output here, blocking, is the backpressure:
    /// while the terminal or pipe is full, this loop reads nothing more from the agent.
    private final class Receiver: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let received: @Sendable (RunMessage) -> Void
        let closed: @Sendable () -> Void
        init(received: @escaping @Sendable (RunMessage) -> Void, closed: @escaping @Sendable () -> Void) {
            self.received = received
            self.closed = closed
        }
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            if let message = try? RunMessage(decoding: unwrapInboundIn(data)) { received(message) }
        }
        func channelInactive(context: ChannelHandlerContext) {
            closed()
            context.fireChannelInactive()
        }
    }
}
