import Glibc
import LinuxSupport

/// Copying: each read is sent on at once from the loop's scratch buffer; only what the
/// target's socket will not take is kept, and its source is not read until that is gone.
/// Half-close: a side's FIN is passed on once its bytes are, so a client that sends its
/// request and shuts its side still gets the whole reply. An error on either side closes both.
extension RelayLoop {
    func relay(_ connection: TCPRelayConnection, fromClient: Bool) {
        let source = fromClient ? connection.client : connection.server
        let target = fromClient ? connection.server : connection.client
        let count = StreamSocket.receive(source, into: scratch, count: scratchSize)
        if count > 0 {
            let sent = StreamSocket.send(target, from: scratch, count: count)
            if sent == count { return }
            if sent < 0, sent != -Int(EAGAIN) { return close(connection) }
            let rest = UnsafeMutableRawBufferPointer.allocate(byteCount: count - max(sent, 0), alignment: 1)
            rest.copyMemory(from: UnsafeRawBufferPointer(start: scratch + max(sent, 0), count: rest.count))
            if fromClient { connection.toServer.pending = rest } else { connection.toClient.pending = rest }
        } else if count == 0 {
            if fromClient { connection.toServer.ended = true } else { connection.toClient.ended = true }
            passEnd(connection, toClient: !fromClient)
            if connection.isFinished { return close(connection) }
        } else if count != -Int(EAGAIN) {
            return close(connection)
        }
        watch(connection)
    }

    /// Sends what waits for one side; once it is all gone, its source is read again, or its
    /// FIN passed on.
    func flush(_ connection: TCPRelayConnection, toClient: Bool) {
        var flow = toClient ? connection.toClient : connection.toServer
        guard let pending = flow.pending else { return }
        let target = toClient ? connection.client : connection.server
        let sent = StreamSocket.send(target, from: pending.baseAddress! + flow.sent, count: pending.count - flow.sent)
        if sent < 0 {
            if sent == -Int(EAGAIN) { return }
            return close(connection)
        }
        flow.sent += sent
        if flow.sent == pending.count {
            pending.deallocate()
            flow.pending = nil
            flow.sent = 0
        }
        if toClient { connection.toClient = flow } else { connection.toServer = flow }
        if flow.pending == nil, flow.ended {
            passEnd(connection, toClient: toClient)
            if connection.isFinished { return close(connection) }
        }
        watch(connection)
    }

    /// The source toward one side ended: shut that side's output once nothing waits for it.
    private func passEnd(_ connection: TCPRelayConnection, toClient: Bool) {
        let flow = toClient ? connection.toClient : connection.toServer
        guard flow.ended, flow.pending == nil, !flow.shut else { return }
        StreamSocket.shutdownOutput(toClient ? connection.client : connection.server)
        if toClient { connection.toClient.shut = true } else { connection.toServer.shut = true }
    }

    /// Brings both descriptors' registrations in line with what the connection waits for. A
    /// descriptor that waits for nothing stays in the set with no interest, so that a reset
    /// still reaches us (see `parked`).
    func watch(_ connection: TCPRelayConnection) {
        let client = connection.clientWants
        if client != connection.clientWatch || !connection.clientRegistered {
            connection.clientRegistered = register(connection.client, client, registered: connection.clientRegistered,
                                                   token: connection.token(connection.client))
            connection.clientWatch = client
        }
        guard connection.server >= 0 else { return }
        let server = connection.serverWants
        if server != connection.serverWatch || !connection.serverRegistered {
            connection.serverRegistered = register(connection.server, server, registered: connection.serverRegistered,
                                                   token: connection.token(connection.server))
            connection.serverWatch = server
        }
    }

    /// Whether `fd` is in the set afterwards. One that left it after a hang-up comes back
    /// only with something to watch.
    func register(_ fd: Int32, _ interest: Epoll.Interest, registered: Bool, token: UInt64) -> Bool {
        if registered { return epoll.modify(fd, interest, token: token) == 0 }
        guard !interest.isEmpty else { return false }
        return epoll.add(fd, interest, token: token) == 0
    }

    /// Takes a descriptor out of the set before closing it: a child process forked meanwhile
    /// (an external check) holds the socket until it execs, and the registration with it.
    func closeDescriptor(_ fd: Int32, registered: Bool) {
        if registered { epoll.remove(fd) }
        store(nil, at: fd)
        StreamSocket.close(fd)
    }

    /// Closes both sides and gives the server's slot back to the pool.
    func close(_ connection: TCPRelayConnection) {
        guard !connection.closed else { return }
        connection.closed = true
        closeDescriptor(connection.client, registered: connection.clientRegistered)
        if connection.server >= 0 { closeDescriptor(connection.server, registered: connection.serverRegistered) }
        connection.releaseBuffers()
        if connection.counted, let choice = connection.choice {
            connection.counted = false
            runtime.closed(connection.listener.slot, choice, client: connection.clientAddress)
        }
    }
}
