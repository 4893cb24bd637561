/// The idle jobs, grouped as the negotiator walks them: by owner, then by autocluster, each
/// group in the order its jobs should start (higher `priority` first, then lower id).
///
/// A pass asks each group for its head only, so ten thousand identical jobs cost one
/// match attempt per machine, not ten thousand.
struct IdleIndex: Sendable {
    struct Key: Hashable, Sendable {
        var owner: String
        var autocluster: String
    }

    struct Entry: Comparable, Sendable {
        var priority: Int
        var id: JobID
        static func < (a: Entry, b: Entry) -> Bool {
            a.priority != b.priority ? a.priority > b.priority : a.id < b.id
        }
    }

    /// Each group's entries in start order from `start` on; entries before `start` have left.
    /// Taking the head is then O(1), and the array is compacted when half of it is dead.
    struct Group: Sendable {
        var entries: [Entry] = []
        var start = 0
        var first: Entry? { start < entries.count ? entries[start] : nil }
        var isEmpty: Bool { start >= entries.count }
    }

    private(set) var groups: [Key: Group] = [:]
    private(set) var count = 0

    mutating func insert(_ job: JobRecord, autocluster: String) {
        let key = Key(owner: job.owner, autocluster: autocluster)
        let entry = Entry(priority: job.spec.priority, id: job.id)
        var group = groups.removeValue(forKey: key) ?? Group()
        // Submissions arrive in id order, so the common case is an append.
        if let last = group.entries.last, group.start < group.entries.count, last < entry {
            group.entries.append(entry)
        } else {
            group.entries.insert(entry, at: Self.insertionPoint(of: entry, in: group.entries, from: group.start))
        }
        groups[key] = group
        count += 1
    }

    mutating func remove(_ job: JobRecord, autocluster: String) {
        let key = Key(owner: job.owner, autocluster: autocluster)
        guard var group = groups.removeValue(forKey: key) else { return }
        defer { if !group.isEmpty { groups[key] = group } }
        let entry = Entry(priority: job.spec.priority, id: job.id)
        let index = Self.insertionPoint(of: entry, in: group.entries, from: group.start)
        guard index < group.entries.count, group.entries[index] == entry else { return }
        if index == group.start {
            group.start += 1
            if group.start > 64, group.start * 2 > group.entries.count {
                group.entries.removeFirst(group.start)
                group.start = 0
            }
        } else {
            group.entries.remove(at: index)
        }
        count -= 1
    }

    /// Owners with idle jobs.
    var owners: Set<String> { Set(groups.keys.map(\.owner)) }

    /// The first job of each of `owner`'s groups.
    func heads(of owner: String) -> [(key: Key, head: Entry)] {
        groups.compactMap { key, group in key.owner == owner ? group.first.map { (key, $0) } : nil }
    }

    private static func insertionPoint(of entry: Entry, in list: [Entry], from start: Int) -> Int {
        var low = start, high = list.count
        while low < high {
            let mid = (low + high) / 2
            if list[mid] < entry { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
