import Balancer
import Dispatch
import LinuxSupport
import Logging
import NIOCore
import RacimoCore
import Synchronization

/// The data path of TCP and HTTP mode: one epoll loop per thread (`RelayLoop`), as many as
/// `--threads`. Each listener is accepted on one loop, which hands its connections to every
/// loop in turn.
final class Relay: Sendable {
    private let loops: [RelayLoop]
    private let threads: [NativeThread]
    private let listenerCount = Atomic<Int>(0)

    init(threads: Int, runtime: BalancerRuntime, group: EventLoopGroup, logger: Logger) throws {
        let loops = try (0..<max(1, threads)).map {
            try RelayLoop(index: $0, runtime: runtime, helper: group.next(), logger: logger)
        }
        // Before the threads start: afterwards only each loop's own thread reads it.
        for loop in loops { loop.peers = loops }
        self.loops = loops
        self.threads = loops.map { loop in NativeThread(name: "racimo-relay-\(loop.index)") { loop.run() } }
    }

    /// Binds `bind` and serves it in TCP mode for `connector`'s pool.
    func listen(on bind: Endpoint, connector: ServerConnector, idleTimeout: Duration?) throws {
        let (fd, bound) = try self.bind(bind)
        guard let slot = connector.runtime.slot(named: connector.pool.name) else {
            StreamSocket.close(fd)
            throw BalancerStartError(message: "no pool \(connector.pool.name)")
        }
        let listener = TCPRelayListener(fd: fd, connector: connector, slot: slot, listenPort: bind.port,
                                        boundAddress: bound, idleTimeout: idleTimeout)
        let loop = nextLoop()
        loop.execute { loop.listen(listener) }
    }

    /// Binds `bind` and serves it in HTTP mode for `service`.
    func listenHTTP(on bind: Endpoint, service: BalancerPlan.Service, plan: BalancerPlan, addresses: AddressBook) throws {
        let (fd, bound) = try self.bind(bind)
        let listener = HTTPRelayListener(fd: fd, service: service, plan: plan, runtime: loops[0].runtime,
                                         addresses: addresses, listenPort: bind.port, boundAddress: bound,
                                         loops: loops.count)
        let loop = nextLoop()
        loop.execute { loop.listen(listener) }
    }

    /// A listening socket, and the address it is bound to unless that is a wildcard.
    private func bind(_ bind: Endpoint) throws -> (Int32, IPAddress?) {
        let address = try SocketAddress.makeAddressResolvingHost(bind.host, port: bind.port)
        let fd = try address.withSockAddr { pointer, length in
            try StreamSocket.listen(on: pointer, length: length, backlog: 4096, name: "\(bind)")
        }
        let bound = address.ipAddress.flatMap(IPAddress.init(parsing:)).flatMap { $0.bytes.allSatisfy { $0 == 0 } ? nil : $0 }
        return (fd, bound)
    }

    /// Listeners are spread over the loops, one each in turn.
    private func nextLoop() -> RelayLoop {
        loops[listenerCount.add(1, ordering: .relaxed).oldValue % loops.count]
    }

    /// Closes every listener, then every connection, and waits for the threads. Once.
    func shutdown() {
        let closed = DispatchSemaphore(value: 0)
        for loop in loops {
            loop.execute {
                loop.closeListeners()
                closed.signal()
            }
        }
        for _ in loops { closed.wait() }
        for loop in loops { loop.stop() }
        for thread in threads { thread.join() }
    }
}
