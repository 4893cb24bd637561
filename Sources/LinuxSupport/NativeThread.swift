import CLinuxSupport
import Glibc

/// A thread of its own for a loop that must not share an executor (the TCP relay's epoll
/// loops), joined when it is done.
public final class NativeThread: @unchecked Sendable {
    private var thread = pthread_t()

    /// Starts `body` on a new thread named `name` (at most 15 bytes show in `top -H`).
    public init(name: String, _ body: @escaping @Sendable () -> Void) {
        let box = Unmanaged.passRetained(Body(name: name, run: body)).toOpaque()
        let result = pthread_create(&thread, nil, { argument in
            let body = Unmanaged<Body>.fromOpaque(argument!).takeRetainedValue()
            _ = racimo_set_thread_name(body.name)
            body.run()
            return nil
        }, box)
        precondition(result == 0, "cannot start thread \(name): \(String(cString: strerror(result)))")
    }

    /// Waits for the thread's body to return; once.
    public func join() {
        pthread_join(thread, nil)
    }

    private final class Body {
        let name: String
        let run: @Sendable () -> Void
        init(name: String, run: @escaping @Sendable () -> Void) {
            self.name = name
            self.run = run
        }
    }
}
