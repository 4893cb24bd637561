/// The cluster map of openMosix's `/etc/openmosix.map`, read by `racimo` so that a site
/// can keep the file it already has.
///
/// Each entry line gives a range of consecutive nodes: `first-node first-address count`,
/// so `1 192.168.10.1 3` means nodes 1, 2 and 3 at .1, .2 and .3 (setpe(1); the openMosix
/// HOWTO; the seed document's chapter on the map). An `ALIAS` line,
/// `node address ALIAS`, gives one more address for a node some range already lists: a
/// gateway node with a card on two networks (setpe(1): "Gateways's-openMosix-ID
/// Alternate-IP ALIAS"). Numbers go from 1 to 65535 as in setpe.
public struct OpenMosixMap: Hashable, Sendable {
    /// One range line.
    public struct Range: Hashable, Sendable {
        public var firstNode: Int
        public var firstAddress: String
        public var count: Int
        /// The line it came from, for messages that point back at it.
        public var line: Int
    }

    /// One `ALIAS` line: an extra address of `node`.
    public struct Alias: Hashable, Sendable {
        public var node: Int
        public var address: String
        public var line: Int
    }

    /// The highest node number openMosix accepted (setpe(1): 1-65535).
    public static let highestNode = 65_535

    public private(set) var ranges: [Range]
    public private(set) var aliases: [Alias]

    init(ranges: [Range], aliases: [Alias]) {
        self.ranges = ranges
        self.aliases = aliases
    }

    /// Every node with its main address (from its range line), by ascending number.
    public var nodes: [(number: Int, address: String)] {
        var result: [(number: Int, address: String)] = []
        for range in ranges {
            guard case .success(let first) = IPv4Text.parse(range.firstAddress) else { continue }
            for offset in 0..<range.count {
                result.append((range.firstNode + offset, IPv4Text.format(first + UInt32(offset))))
            }
        }
        return result.sorted { $0.number < $1.number }
    }

    /// The node that owns `address`, through its range or an `ALIAS` line.
    public func number(of address: String) -> Int? {
        guard case .success(let wanted) = IPv4Text.parse(address) else { return nil }
        for range in ranges {
            guard case .success(let first) = IPv4Text.parse(range.firstAddress) else { continue }
            if wanted >= first, UInt64(wanted) < UInt64(first) + UInt64(range.count) {
                return range.firstNode + Int(wanted - first)
            }
        }
        return aliases.first { $0.address == IPv4Text.format(wanted) }?.node
    }

    /// The main address of node `number` (the one its range gives, not an alias).
    public func address(of number: Int) -> String? {
        for range in ranges where number >= range.firstNode && number < range.firstNode + range.count {
            guard case .success(let first) = IPv4Text.parse(range.firstAddress) else { return nil }
            return IPv4Text.format(first + UInt32(number - range.firstNode))
        }
        return nil
    }

    /// The extra addresses `ALIAS` lines give node `number`, in file order.
    public func aliases(of number: Int) -> [String] {
        aliases.filter { $0.node == number }.map(\.address)
    }
}
