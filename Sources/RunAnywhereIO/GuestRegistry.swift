import NIOConcurrencyHelpers

/// The placed processes running on this node, home or guest, for `racimo mon`'s guest
/// count and for `ctl expel`.
public final class GuestRegistry: Sendable {
    public struct Entry: Sendable {
        public var pid: Int32
        public var home: String
        public var id: UInt64
        public var uid: UInt32
        public var command: String
    }

    private let entries = NIOLockedValueBox<[Int32: Entry]>([:])

    public init() {}

    func add(pid: Int32, start: RunStart) {
        let entry = Entry(pid: pid, home: start.home, id: start.id, uid: start.uid, command: start.argv.first ?? "")
        entries.withLockedValue { $0[pid] = entry }
    }

    func remove(pid: Int32) {
        entries.withLockedValue { _ = $0.removeValue(forKey: pid) }
    }

    /// Every process running here, by pid.
    public var all: [Entry] { entries.withLockedValue { Array($0.values) }.sorted { $0.pid < $1.pid } }

    /// Those whose home is another node.
    public func guests(notFrom home: String) -> [Entry] { all.filter { $0.home != home } }
}
