import RacimoCore

/// Updates waiting to be piggybacked, each sent a bounded number of times (SWIM §4.1: λ·log N).
///
/// One pending update per member and kind of claim: a newer claim about a member replaces the
/// older one (as memberlist invalidates broadcasts), and load vectors never push out status.
/// The least-sent updates go first, so fresh news overtakes news most members already have.
struct GossipQueue: Sendable {
    private struct Entry: Sendable {
        var gossip: Gossip
        var transmits: Int
        var order: UInt64
    }

    private enum Slot: Hashable { case status(NodeName), info(NodeName) }

    private var entries: [Slot: Entry] = [:]
    private var counter: UInt64 = 0

    var count: Int { entries.count }
    var isEmpty: Bool { entries.isEmpty }

    mutating func enqueue(_ gossip: Gossip) {
        let slot: Slot = if case .info(let name, _) = gossip { .info(name) } else { .status(gossip.subject) }
        counter += 1
        entries[slot] = Entry(gossip: gossip, transmits: 0, order: counter)
    }

    /// Up to `limit` updates for one message, least sent (then newest) first; each counts as
    /// one more transmission, and updates sent `retransmitLimit` times are dropped.
    mutating func take(_ limit: Int, retransmitLimit: Int) -> [Gossip] {
        guard limit > 0, !entries.isEmpty else { return [] }
        let chosen = entries.sorted { a, b in
            a.value.transmits != b.value.transmits ? a.value.transmits < b.value.transmits : a.value.order > b.value.order
        }.prefix(limit)
        var gossip: [Gossip] = []
        gossip.reserveCapacity(chosen.count)
        for (slot, entry) in chosen {
            gossip.append(entry.gossip)
            if entry.transmits + 1 >= retransmitLimit {
                entries[slot] = nil
            } else {
                entries[slot]?.transmits += 1
            }
        }
        return gossip
    }
}
