import RacimoCore

/// Updates waiting to be piggybacked, each sent a bounded number of times (SWIM §4.1: λ·log N).
///
/// One pending update per member: a newer claim about a member replaces the older one (as
/// memberlist invalidates broadcasts). The least-sent updates go first, newest first among
/// equals, so fresh news overtakes news most members already have. Entries sit in one bucket
/// per transmit count, so taking k updates costs O(k) even with thousands queued (after a
/// partition heals, every member is news).
struct GossipQueue: Sendable {
    private struct Entry: Sendable {
        var gossip: Gossip
        var transmits: Int
        var order: UInt64
    }

    private var entries: [NodeName: Entry] = [:]
    /// buckets[t]: (member, order) of entries sent t times, taken from the end; stale pairs
    /// (replaced or moved entries) are skipped when met. Every take moves an entry up a
    /// bucket, so none waits behind another for long.
    private var buckets: [[(NodeName, UInt64)]] = [[]]
    private var counter: UInt64 = 0

    var count: Int { entries.count }
    var isEmpty: Bool { entries.isEmpty }

    mutating func enqueue(_ gossip: Gossip) {
        counter += 1
        entries[gossip.subject] = Entry(gossip: gossip, transmits: 0, order: counter)
        buckets[0].append((gossip.subject, counter))
    }

    /// Up to `limit` updates taking at most `bytes` on the wire, for one message; each counts as
    /// one more transmission, and updates sent `retransmitLimit` times are dropped.
    mutating func take(_ limit: Int, bytes: Int = .max, retransmitLimit: Int) -> [Gossip] {
        guard limit > 0, !entries.isEmpty else { return [] }
        var gossip: [Gossip] = []
        var budget = bytes
        var moved: [(NodeName, UInt64, Int)] = []
        for transmits in buckets.indices where gossip.count < limit && budget > 0 {
            while gossip.count < limit, let (name, order) = buckets[transmits].popLast() {
                guard let entry = entries[name], entry.order == order, entry.transmits == transmits else { continue }
                let size = entry.gossip.estimatedSize
                guard size <= budget else {
                    buckets[transmits].append((name, order))
                    budget = 0
                    break
                }
                budget -= size
                gossip.append(entry.gossip)
                if transmits + 1 >= retransmitLimit {
                    entries[name] = nil
                } else {
                    entries[name]?.transmits = transmits + 1
                    moved.append((name, order, transmits + 1))
                }
            }
        }
        // Appended after the loop, so one message never carries the same update twice.
        for (name, order, transmits) in moved {
            while buckets.count <= transmits { buckets.append([]) }
            buckets[transmits].append((name, order))
        }
        if entries.isEmpty { buckets = [[]] }
        return gossip
    }
}
