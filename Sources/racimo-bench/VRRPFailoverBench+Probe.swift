import Foundation
import NIOCore
import NIOPosix
import RacimoCore
import RacimoTestKit
import Synchronization

// MARK: - Responder and prober (run inside the hosts)

/// Answers each datagram with `NAME SEQ`, so the client sees which director holds the VIP.
enum Responder {
    final class Handler: ChannelInboundHandler {
        typealias InboundIn = AddressedEnvelope<ByteBuffer>
        typealias OutboundOut = AddressedEnvelope<ByteBuffer>
        let name: String
        init(name: String) { self.name = name }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let request = unwrapInboundIn(data)
            var reply = context.channel.allocator.buffer(capacity: 32)
            reply.writeString("\(name) \(String(buffer: request.data))")
            context.writeAndFlush(wrapOutboundOut(AddressedEnvelope(remoteAddress: request.remoteAddress, data: reply)), promise: nil)
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {}
    }

    static func run(name: String, port: Int) throws {
        let channel = try DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(Handler(name: name)) }
            }
            .bind(host: "0.0.0.0", port: port).wait()
        print("responder \(name) on port \(port)")
        try channel.closeFuture.wait()
    }
}

/// Sends `SEQ` to the VIP every `interval` and prints `r UPTIME NAME SEQ` for each answer (one
/// write per line, so the bench can read its log as it grows).
enum Prober {
    final class Handler: ChannelInboundHandler {
        typealias InboundIn = AddressedEnvelope<ByteBuffer>

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let time = VRRPBench.uptime
            let reply = String(buffer: unwrapInboundIn(data).data)
            FileHandle.standardOutput.write(Data("r \(time) \(reply)\n".utf8))
        }

        // Sends to a VIP nobody holds fail (no ARP answer); the next probe tries again.
        func errorCaught(context: ChannelHandlerContext, error: any Error) {}
    }

    static func run(target: String, port: Int, interval: TimeAmount) throws {
        let destination = try SocketAddress(ipAddress: target, port: port)
        let channel = try DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(Handler()) }
            }
            .bind(host: "0.0.0.0", port: 0).wait()
        let sequence = Atomic<Int>(0)
        channel.eventLoop.scheduleRepeatedTask(initialDelay: .zero, delay: interval) { _ in
            let number = sequence.add(1, ordering: .relaxed).newValue
            var buffer = channel.allocator.buffer(capacity: 16)
            buffer.writeString("\(number)")
            channel.writeAndFlush(AddressedEnvelope(remoteAddress: destination, data: buffer), promise: nil)
        }
        try channel.closeFuture.wait()
    }
}

final class ProbeLog {
    struct Answer {
        var time: Double
        var host: String
    }

    private let path: String
    private var offset: UInt64 = 0
    private var partial = ""
    private var all: [Answer] = []

    init(path: String) { self.path = path }

    /// Every answer that arrived after `uptime`.
    func answers(after uptime: Double) -> ArraySlice<Answer> {
        refresh()
        var low = all.startIndex
        var high = all.endIndex
        while low < high {
            let middle = (low + high) / 2
            if all[middle].time <= uptime { low = middle + 1 } else { high = middle }
        }
        return all[low...]
    }

    private func refresh() {
        guard let handle = FileHandle(forReadingAtPath: path) else { return }
        defer { try? handle.close() }
        guard (try? handle.seek(toOffset: offset)) != nil, let data = try? handle.readToEnd(), !data.isEmpty else { return }
        offset += UInt64(data.count)
        let text = partial + String(decoding: data, as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        partial = String(lines.removeLast())
        for line in lines {
            let fields = line.split(separator: " ")
            guard fields.count >= 3, fields[0] == "r", let time = Double(fields[1]) else { continue }
            all.append(Answer(time: time, host: String(fields[2])))
        }
    }
}

/// Whether `pid` is running (not gone, not a zombie).
func isAlive(_ pid: Int32) -> Bool {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
          let close = stat.lastIndex(of: ")")
    else { return false }
    return stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first != "Z"
}

func median(_ values: [Double]) -> Double {
    guard !values.isEmpty else { return 0 }
    let sorted = values.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

func format(_ value: Double) -> String {
    String(format: "%.3f", value)
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
