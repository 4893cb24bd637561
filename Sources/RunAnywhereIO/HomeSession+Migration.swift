import Foundation
import NIOCore
import RunAnywhere

/// A move of a running process from one node to another, as its home drives it.
struct Move {
    var target: PlacementChoice
    var source: PlacementChoice
    var order: MoveOrder
    var began = Date()
    /// The input the process had not read on the old node, as it arrives.
    var unread: [UInt8] = []
    var info: DumpInfo?
    /// The connection to the old node: it holds that node's copy of the image, so it stays
    /// open until the process runs again.
    var sourceChannel: Channel?
    /// Connected to the target with the restore start.
    var restoring = false
    /// The target could not take it, and it is restored where it was.
    var retried = false
    var problem: String?
}

extension HomeSession {
    /// Asks the node running the process to checkpoint it and push the image to `target`.
    /// Until it runs again the client's input and signals wait here, in order.
    func migrate(to target: PlacementChoice) {
        guard !done, moving == nil, let current, target.node != current.node, startSent, let upstream, let id = start?.id else {
            // The table counted it at `target` already: it counts where it is, or is going.
            let going = moving?.target.node
            if let id = start?.id { server.table.update(id) { $0.movingTo = going } }
            return
        }
        let order = MoveOrder(node: target.node, host: target.endpoint.host, port: target.endpoint.port, image: MoveOrder.newImageID())
        moving = Move(target: target, source: current, order: order)
        upstream.writeAndFlush(security.seal(.migrate(order)), promise: nil)
        server.table.update(id) { $0.state = "moving" }
    }

    /// The process cannot move now: it runs on where it was.
    func refused(_ why: String) {
        guard moving != nil, let id = start?.id else { return }
        moving = nil
        drain()
        server.table.update(id) {
            $0.state = "running"
            $0.movingTo = nil
            $0.note = "stayed on \($0.node): " + (StayReason(code: why)?.sentence ?? why)
        }
    }

    /// The input the old node had taken but the process had not read, then `dumped`: the
    /// process has left, its output is all here, and the image waits on the target (or, if
    /// it could not get there, on the old node).
    func receiveImage(_ message: RunMessage) {
        guard var move = moving else { return }
        switch message {
        case .imageData(let bytes): move.unread += bytes
        case .dumped(var info):
            server.logger.info("run: process left its node", metadata: [
                "id": "\(start?.id ?? 0)", "since_asked": "\(Date().timeIntervalSince(move.began))", "dump": "\(info.dumpSeconds)",
                "pushed": "\(info.pushProblem ?? "yes")"])
            info.resend = move.unread
            move.info = info
            move.sourceChannel = upstream
            if !info.pushed {
                move.retried = true
                move.problem = info.pushProblem
                move.target = move.source
            }
            moving = move
            return restore()
        default: break
        }
        moving = move
    }

    /// Connects to the node holding the image with a start that asks for it.
    func restore() {
        guard var move = moving, let info = move.info, start != nil else { return }
        move.restoring = true
        moving = move
        // The unread input follows the start as stdin; the start stays small.
        var summary = info
        summary.resend = []
        start?.restore = summary
        start?.migrations += 1
        connect(to: move.target)
    }

    /// After the start on the new connection: the input the process had not read on the old
    /// node, then whatever the client sent meanwhile.
    func sendCarriedInput(on upstream: Channel) {
        guard let move = moving, let info = move.info else { return }
        var offset = 0
        while offset < info.resend.count {
            let end = min(offset + 512 * 1024, info.resend.count)
            upstream.write(security.seal(.stdin(Array(info.resend[offset..<end]))), promise: nil)
            offset = end
        }
        if info.stdinClosed { upstream.write(security.seal(.stdinClosed), promise: nil) }
    }

    /// The process runs again on its new node; the old node may drop its copy of the image.
    func arrived(_ started: RunStarted) {
        guard let move = moving, let id = start?.id else { return }
        current = move.target
        moving = nil
        start?.restore = nil
        if move.sourceChannel !== upstream { move.sourceChannel?.close(promise: nil) }
        let seconds = Date().timeIntervalSince(move.began)
        server.logger.info("run: process moved", metadata: ["id": "\(id)", "to": "\(move.target.node)", "seconds": "\(seconds)"])
        if move.target.node != move.source.node { server.table.departed(id, from: move.source.node) }
        server.table.update(id) {
            $0.node = move.target.node
            $0.movingTo = nil
            $0.pid = started.pid
            $0.migrations += 1
            $0.state = "running"
            $0.lastMoveSeconds = seconds
            $0.note = move.retried ? "the move to \(move.order.node) failed (\(move.problem ?? "refused")); it runs on where it was" : nil
        }
        drain()
    }

    /// The target could not restore it: the old node's copy is restored there, so a refused
    /// move never loses the process. If that fails too, it is reported lost.
    func restoreFailed(_ why: String) {
        guard var move = moving else { return }
        if !move.retried && move.target.node != move.source.node {
            move.retried = true
            move.problem = why
            move.target = move.source
            moving = move
            connect(to: move.source)
        } else {
            finish(.exit(RunExit(code: nil, signal: SIGKILL, reason: "killed: lost while moving: \(why)")))
        }
    }
}
