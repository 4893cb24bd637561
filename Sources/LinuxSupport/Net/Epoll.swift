import CLinuxSupport
import Glibc

/// An epoll(7) instance, level-triggered, with an eventfd(2) that other threads write to wake
/// it: the readiness loop of a thread that does its own socket I/O (the balancer's TCP relay).
/// Every method but `wake()` belongs to the thread that waits.
public final class Epoll: @unchecked Sendable {
    /// What a descriptor is watched for.
    public struct Interest: OptionSet, Sendable {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }
        public static let readable = Interest(rawValue: EPOLLIN.rawValue)
        public static let writable = Interest(rawValue: EPOLLOUT.rawValue)
    }

    /// What `wait` reported for one descriptor. Hang-up and error come whatever was asked.
    public struct Readiness: OptionSet, Sendable {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }
        public static let readable = Readiness(rawValue: EPOLLIN.rawValue)
        public static let writable = Readiness(rawValue: EPOLLOUT.rawValue)
        public static let hangUp = Readiness(rawValue: EPOLLHUP.rawValue)
        public static let error = Readiness(rawValue: EPOLLERR.rawValue)
    }

    /// The token `wait` reports when `wake()` was called; `drainWakes()` then resets it.
    public static let wakeToken = UInt64.max

    private let descriptor: Int32
    private let wakeDescriptor: Int32
    private let events: UnsafeMutablePointer<epoll_event>
    private let capacity: Int

    /// An instance that reports at most `capacity` descriptors per `wait`.
    public init(capacity: Int = 256) throws(NetError) {
        descriptor = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard descriptor >= 0 else { throw .lastSystemError("cannot create", "an epoll instance") }
        wakeDescriptor = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        guard wakeDescriptor >= 0 else {
            Glibc.close(descriptor)
            throw .lastSystemError("cannot create", "an eventfd")
        }
        self.capacity = capacity
        events = .allocate(capacity: capacity)
        var event = epoll_event(events: EPOLLIN.rawValue, data: epoll_data_t(u64: Self.wakeToken))
        epoll_ctl(descriptor, EPOLL_CTL_ADD, wakeDescriptor, &event)
    }

    deinit {
        Glibc.close(wakeDescriptor)
        Glibc.close(descriptor)
        events.deallocate()
    }

    /// Starts watching `fd`; `token` comes back with its events. `exclusive` (EPOLLEXCLUSIVE)
    /// wakes one of several instances watching the same listener. Returns 0 or an errno.
    @discardableResult
    public func add(_ fd: Int32, _ interest: Interest, token: UInt64, exclusive: Bool = false) -> Int32 {
        control(EPOLL_CTL_ADD, fd, interest.rawValue | (exclusive ? EPOLLEXCLUSIVE.rawValue : 0), token)
    }

    /// Changes what `fd` is watched for. Returns 0 or an errno.
    @discardableResult
    public func modify(_ fd: Int32, _ interest: Interest, token: UInt64) -> Int32 {
        control(EPOLL_CTL_MOD, fd, interest.rawValue, token)
    }

    /// Stops watching `fd` (closing it does that too, once no other descriptor shares its file).
    public func remove(_ fd: Int32) {
        _ = control(EPOLL_CTL_DEL, fd, 0, 0)
    }

    private func control(_ operation: Int32, _ fd: Int32, _ bits: UInt32, _ token: UInt64) -> Int32 {
        var event = epoll_event(events: bits, data: epoll_data_t(u64: token))
        return epoll_ctl(descriptor, operation, fd, &event) == 0 ? 0 : errno
    }

    /// Waits until something is ready or `milliseconds` pass (-1: no limit); returns how many
    /// descriptors `token(at:)` and `readiness(at:)` describe. A signal counts as nothing ready.
    public func wait(milliseconds: Int32) -> Int {
        let count = epoll_wait(descriptor, events, Int32(capacity), milliseconds)
        return max(Int(count), 0)
    }

    /// The token of the `index`th descriptor of the last `wait`.
    @inline(__always)
    public func token(at index: Int) -> UInt64 { events[index].data.u64 }

    /// What the `index`th descriptor of the last `wait` is ready for.
    @inline(__always)
    public func readiness(at index: Int) -> Readiness { Readiness(rawValue: events[index].events) }

    /// Makes the waiting thread's `wait` return, from any thread.
    public func wake() {
        var one: UInt64 = 1
        _ = Glibc.write(wakeDescriptor, &one, 8)
    }

    /// Resets the wake-up, so the next `wait` sleeps again.
    public func drainWakes() {
        var count: UInt64 = 0
        _ = Glibc.read(wakeDescriptor, &count, 8)
    }
}
