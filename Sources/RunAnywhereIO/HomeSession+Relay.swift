import Foundation
import Logging
import NIOCore
import RacimoCore

/// The relay itself: messages from the node to the client, queued input and signals to the
/// node, and what happens when either side goes.
extension HomeSession {
    func fromUpstream(_ frame: ByteBuffer, generation: Int) {
        guard generation == self.generation else { return }
        let message: RunMessage
        do { message = try security.open(frame).message } catch {
            return finish(.failed("racimo run: a bad frame from the node running the process (\(error))"))
        }
        switch message {
        case .challenge(let nonce): answer(challenge: nonce)
        case .started(let started):
            guard started.nonce == homeNonce else { return finish(.failed("racimo run: the node's answer does not echo this start")) }
            if moving != nil { return arrived(started) }
            server.table.update(started.id) {
                $0.pid = started.pid
                $0.state = "running"
            }
            var shown = started
            shown.reason = server.table.entries().first { $0.id == started.id }?.placement ?? ""
            toClient(.started(shown))
        case .status(let status):
            let locked = start?.locked == true
            server.table.update(start?.id ?? 0) {
                $0.stays = status.stays ?? (locked ? "pinnedByUser" : nil)
                $0.cpuSeconds = status.cpuSeconds
                $0.residentBytes = status.residentBytes
            }
        case .stdout, .stderr: toClient(message)
        case .window(let bytes):
            credit += Int(bytes)
            drain()
        case .migrateRefused(let why): refused(why)
        case .imageFile, .imageData, .dumped: receiveImage(message)
        case .failed(let why) where moving != nil: restoreFailed(why)
        case .exit, .failed: finish(message)
        default: finish(.failed("racimo run: unexpected \(message) from the node"))
        }
    }

    /// Sends the start (and, for a move, the image) on a fresh connection; what is queued
    /// follows once the node grants credit.
    func answer(challenge nonce: [UInt8]) {
        guard var start, let upstream, !startSent else { return }
        start.nonce = nonce
        startSent = true
        credit = 0
        upstream.write(security.seal(.start(start)), promise: nil)
        if moving != nil { sendCarriedInput(on: upstream) }
        upstream.flush()
    }

    func upstreamClosed(generation: Int) {
        server.logger.debug("run: node connection closed", metadata: [
            "id": "\(start?.id ?? 0)", "generation": "\(generation)", "current": "\(self.generation)",
            "moving": "\(moving.map { "to \($0.target.node), dumped \($0.info != nil)" } ?? "no")"])
        guard generation == self.generation else { return }
        // The node restoring it went away before it ran: try where it was.
        if let moving, moving.restoring { return restoreFailed("\(moving.target.node) closed the connection") }
        let node = current?.node ?? "its node"
        lost("the connection to \(node) was lost before the process ended")
    }

    func lost(_ reason: String) {
        finish(.exit(RunExit(code: nil, signal: SIGKILL, reason: "killed: \(reason)")))
    }

    func unreachable(_ choice: PlacementChoice, _ error: Error) {
        if moving != nil { return restoreFailed("cannot reach \(choice.node): \(error)") }
        finish(.failed("racimo run: cannot reach \(choice.node) at \(choice.endpoint): \(error)"))
    }

    /// Signals go at once when a node is ready; stdin and its end wait their turn and credit.
    func toUpstream(_ message: RunMessage) {
        if case .signal = message, let upstream, startSent, moving == nil {
            upstream.writeAndFlush(security.seal(message), promise: nil)
            return
        }
        queued.append(message)
        drain()
    }

    /// Sends what the node can take now, in order; pauses the client while input waits.
    func drain() {
        if let upstream, startSent, moving == nil {
            var sent = false
            while let first = queued.first {
                if case .stdin(let bytes) = first {
                    guard credit > 0 else { break }
                    let count = min(credit, bytes.count)
                    upstream.write(security.seal(.stdin(Array(bytes.prefix(count)))), promise: nil)
                    credit -= count
                    grantClient(count)
                    if count < bytes.count { queued[0] = .stdin(Array(bytes.dropFirst(count))) } else { queued.removeFirst() }
                } else {
                    upstream.write(security.seal(first), promise: nil)
                    queued.removeFirst()
                }
                sent = true
            }
            if sent { upstream.flush() }
        }
    }

    /// The client's stdin credit: it sends only what it was granted, and earns more as its
    /// input goes on to the node, so input waits at the client and signals always get through.
    func grantClient(_ bytes: Int) {
        clientGrant += bytes
        guard clientGrant >= 65536 else { return }
        toClient(.window(UInt32(clientGrant)))
        clientGrant = 0
    }

    func toClient(_ message: RunMessage) {
        client?.writeAndFlush(LengthPrefixedDecoder.frame(message), promise: nil)
        // The client reads slower than the node sends: stop reading the node until it catches
        // up (channelWritabilityChanged resumes).
        if let client, !client.isWritable { upstream?.setOption(ChannelOptions.autoRead, value: false).whenFailure { _ in } }
    }

    func finish(_ message: RunMessage) {
        guard !done else { return }
        done = true
        if let id = start?.id, let entry = server.table.entries().first(where: { $0.id == id }) {
            server.logger.info("run: process ended", metadata: [
                "id": "\(id)", "node": "\(entry.node)", "seconds": "\(entry.seconds)", "how": "\(message)"])
        }
        if let id = start?.id { server.table.remove(id) }
        toClient(message)
        client?.close(promise: nil)
        upstream?.close(promise: nil)
        moving?.sourceChannel?.close(promise: nil)
    }
}
