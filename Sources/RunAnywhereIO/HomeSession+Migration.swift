import Foundation
import NIOCore
import RunAnywhere

/// A move of a running process from one node to another, as its home drives it.
struct Move {
    var target: PlacementChoice
    var source: PlacementChoice
    var began = Date()
    var files: [(name: String, data: [UInt8])] = []
    var info: DumpInfo?
    /// Connected to the target with the image.
    var restoring = false
    /// The target refused it and the image went back to the source.
    var retried = false
}

extension HomeSession {
    /// Asks the node running the process to checkpoint it for `target`. Until it runs again
    /// the client's input and signals wait here, in order.
    func migrate(to target: PlacementChoice) {
        guard !done, moving == nil, let current, target.node != current.node, startSent, let upstream, let id = start?.id else { return }
        moving = Move(target: target, source: current)
        upstream.writeAndFlush(security.seal(.migrate), promise: nil)
        server.table.update(id) { $0.state = "moving" }
    }

    /// The process cannot move now: it runs on where it was.
    func refused(_ why: String) {
        guard moving != nil, let id = start?.id else { return }
        moving = nil
        drain()
        server.table.update(id) {
            $0.state = "running"
            $0.note = "stayed on \($0.node): " + (StayReason(code: why)?.sentence ?? why)
        }
    }

    func receiveImage(_ message: RunMessage) {
        // Taken out and put back, so appending a chunk does not copy the image so far.
        guard var move = moving else { return }
        moving = nil
        switch message {
        case .imageFile(let name): move.files.append((name, []))
        case .imageData(let bytes) where !move.files.isEmpty: move.files[move.files.count - 1].data += bytes
        case .dumped(var info):
            server.logger.info("run: image received", metadata: [
                "id": "\(start?.id ?? 0)", "bytes": "\(move.files.reduce(0) { $0 + $1.data.count })",
                "since_asked": "\(Date().timeIntervalSince(move.began))", "dump": "\(info.dumpSeconds)"])
            if let unread = move.files.firstIndex(where: { $0.name == DumpInfo.unreadInputFile }) {
                info.resend = move.files.remove(at: unread).data
            }
            move.info = info
        default: break
        }
        moving = move
    }

    /// The old node has sent everything and closed: start the image on the target.
    func restoreElsewhere() {
        guard var move = moving, let info = move.info, start != nil else { return }
        move.restoring = true
        moving = move
        // The unread input follows the image as stdin; the start stays small.
        var summary = info
        summary.resend = []
        start?.restore = summary
        start?.migrations += 1
        connect(to: move.target)
    }

    /// After the start on the new connection: the image, then the input the process had not
    /// read on the old node, then whatever the client sent meanwhile.
    func sendImage(on upstream: Channel) {
        guard let move = moving, let info = move.info else { return }
        for file in move.files {
            upstream.write(security.seal(.imageFile(file.name)), promise: nil)
            var offset = 0
            repeat {
                let end = min(offset + 512 * 1024, file.data.count)
                upstream.write(security.seal(.imageData(Array(file.data[offset..<end]))), promise: nil)
                offset = end
            } while offset < file.data.count
        }
        upstream.write(security.seal(.imagesDone), promise: nil)
        var offset = 0
        while offset < info.resend.count {
            let end = min(offset + 512 * 1024, info.resend.count)
            upstream.write(security.seal(.stdin(Array(info.resend[offset..<end]))), promise: nil)
            offset = end
        }
        if info.stdinClosed { upstream.write(security.seal(.stdinClosed), promise: nil) }
    }

    /// The process runs again on its new node.
    func arrived(_ started: RunStarted) {
        guard let move = moving, let id = start?.id else { return }
        current = move.target
        moving = nil
        start?.restore = nil
        let seconds = Date().timeIntervalSince(move.began)
        server.logger.info("run: process moved", metadata: ["id": "\(id)", "to": "\(move.target.node)", "seconds": "\(seconds)"])
        server.table.update(id) {
            $0.node = move.target.node
            $0.pid = started.pid
            $0.migrations += 1
            $0.state = "running"
            $0.lastMoveSeconds = seconds
            $0.note = move.retried ? "a move was refused by the target; it runs on where it was" : nil
        }
        drain()
    }

    /// The target could not restore it: the same image goes back to the node it left, so
    /// the process is never lost to a refused move. If that fails too, it is reported lost.
    func restoreFailed(_ why: String) {
        guard var move = moving else { return }
        if !move.retried && move.target.node != move.source.node {
            move.retried = true
            move.target = move.source
            moving = move
            connect(to: move.source)
        } else {
            finish(.exit(RunExit(code: nil, signal: SIGKILL, reason: "killed: lost while moving: \(why)")))
        }
    }
}
