import ServiceLifecycle

/// The membership role as a service: runs the driver until graceful shutdown, then leaves.
public struct MembershipService: Service {
    let driver: MembershipDriver

    public init(driver: MembershipDriver) { self.driver = driver }

    public func run() async throws {
        driver.start()
        // The driver's loop ends on cancellation and then sends its leave messages.
        await cancelWhenGracefulShutdown { await driver.run() }
    }
}
