import Balancer
import NIOCore
import RacimoCore

/// Choosing the server for a request: an idle keep-alive connection to the pick, a new
/// connection, or a wait in the pool's queue when every server is at its `maxconn`.
extension HTTPFrontendHandler {
    /// Picks a server and sends the head on an idle connection to it, or a new one.
    func dispatch(_ route: PoolRoute, context: ChannelHandlerContext, allowReuse: Bool) {
        let runtime = proxy.runtime
        // Counted open with the pick, under one lock: the common case reuses an idle connection.
        guard let chosen = runtime.chooseAndOpen(route.slot, client: client, destination: local, hostKey: hostKey) else {
            guard runtime.isSaturated(pool: route.name) else { return respond(status: 503) }
            // Every server is at its maxconn: wait in the pool's queue for a slot.
            let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
            let deadline = queueDeadline ?? .now() + route.connector.queueTimeout.timeAmount
            queueDeadline = deadline
            runtime.queue.wait(pool: route.name, on: context.eventLoop, until: deadline, wake: {
                let this = bound.value
                guard case .connecting = this.phase, let context = this.context else {
                    // Gone meanwhile: the slot goes to the next in line.
                    return runtime.queue.slotFreed(pool: route.name)
                }
                this.dispatch(route, context: context, allowReuse: allowReuse)
            }, expired: {
                let this = bound.value
                if case .connecting = this.phase { this.respond(status: 503) }
            })
            return
        }
        if allowReuse, case .server(_, let endpoint) = chosen, let handler = proxy.idle.take(endpoint) {
            sentOnReused = true
            attach(handler, choice: chosen)
            return
        }
        // The count taken with the pick holds the slot while connecting; the connector
        // gives it back if this server refuses.
        sentOnReused = false
        let connector = route.connector
        let loop = context.eventLoop
        let timeout = proxy.serverTimeout
        let bound = NIOLoopBound(self, eventLoop: loop)
        connector.connect(on: loop, client: client, destination: local, listenPort: proxy.listenPort, hostKey: hostKey,
                          first: chosen, firstIsOpen: true) { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(HTTPBackendHandler(timeout: timeout?.timeAmount))
            }
        }.hop(to: loop).assumeIsolated().whenComplete { result in
            let this = bound.value
            switch result {
            case .success(let (channel, choice)):
                guard case .connecting = this.phase,
                      let handler = try? channel.pipeline.syncOperations.handler(type: HTTPBackendHandler.self) else {
                    runtime.closed(route.slot, choice, client: this.client, lingers: false)
                    channel.close(promise: nil)
                    return
                }
                switch choice {
                case .server(_, let endpoint), .fallback(let endpoint): handler.endpoint = endpoint
                }
                if let context = this.context,
                   let header = connector.proxyHeader(for: choice, client: context.channel.remoteAddress,
                                                      local: context.channel.localAddress, allocator: channel.allocator) {
                    // The header names this client: the connection is never shared.
                    handler.write(header)
                    handler.isPrivate = true
                }
                this.attach(handler, choice: choice)
            case .failure(let error):
                // HAProxy answers 503 both when no server is up and when every retry failed.
                _ = error
                this.respond(status: 503)
            }
        }
    }
}
