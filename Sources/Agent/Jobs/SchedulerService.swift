import Jobs
import JobsIO
import Logging
import Membership
import MembershipIO
import RacimoCore
import ServiceLifecycle

/// The scheduler role as a Service: the queue's two doors open until graceful shutdown, and
/// membership's verdicts passed on (a node declared dead has its jobs run elsewhere at once).
public struct SchedulerService: Service {
    let server: ScheddServer
    let schedd: Schedd
    let membership: MembershipDriver?

    public init(server: ScheddServer, schedd: Schedd, membership: MembershipDriver?) {
        self.server = server
        self.schedd = schedd
        self.membership = membership
    }

    public func run() async throws {
        try await server.start()
        await cancelWhenGracefulShutdown {
            await watchMembership()
        }
        await server.stop()
    }

    /// Polls membership once a second: each member newly seen dead is reported once.
    private func watchMembership() async {
        guard let membership else {
            try? await gracefulShutdown()
            return
        }
        var reported: Set<NodeName> = []
        while !Task.isCancelled {
            let view = membership.view()
            for member in view.members {
                if member.status == .dead || member.status == .left {
                    if reported.insert(member.name).inserted { schedd.nodeDeclaredDead(member.name.rawValue) }
                } else {
                    reported.remove(member.name)
                }
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }
}

/// The execute role as a Service: offers slots to the schedd until graceful shutdown, then
/// kills its jobs (the schedd runs them again elsewhere).
public struct ExecuteService: Service {
    let startd: Startd

    public init(startd: Startd) {
        self.startd = startd
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await startd.run()
        }
    }
}
