import RacimoCore

extension OpenMosixMap {
    /// Reads the text of an `openmosix.map`. Returns the map, or nil when any diagnostic is
    /// an error; warnings come with a usable map.
    ///
    /// Decisions, where openMosix's `setpe` was looser:
    /// - A host name where the address goes is an error. setpe resolved names through
    ///   `/etc/hosts`, but every node must read the same map, and a name can resolve
    ///   differently on each node (the loopback mistake, see ``LoopbackNameCheck``).
    /// - A 127.x.x.x address is an error: the seed chapter says 127.0.0.1 must never
    ///   appear, since each node would give that number to itself.
    /// - Two lines giving the same node number, or the same address to two nodes, are
    ///   errors; openMosix rejected the latter too ("defining an identifier for the IP twice").
    /// - A range that runs through an address ending in .0 or .255 is a warning: those are
    ///   usually a /24's network and broadcast addresses, not hosts.
    public static func read(_ text: String, file: String) -> (OpenMosixMap?, Diagnostics) {
        var reader = MapReader(file: file)
        for (number, line) in TextFields.lines(text) {
            reader.read(line: TextFields.split(line), number: number)
        }
        reader.checkAliases()
        if reader.diagnostics.hasErrors { return (nil, reader.diagnostics) }
        return (OpenMosixMap(ranges: reader.ranges, aliases: reader.aliases.map(\.alias)), reader.diagnostics)
    }
}

/// The state of one reading: what was accepted so far, to find overlaps with later lines.
private struct MapReader {
    let file: String
    var diagnostics = Diagnostics()
    var ranges: [OpenMosixMap.Range] = []
    var aliases: [(alias: OpenMosixMap.Alias, column: Int)] = []
    /// Every address given so far, with the node and line that own it.
    var owners: [UInt32: (node: Int, line: Int)] = [:]

    init(file: String) { self.file = file }

    mutating func read(line fields: [TextField], number line: Int) {
        guard !fields.isEmpty else { return }
        guard fields.count == 3 else {
            let column = fields.count > 3 ? fields[3].column : fields[fields.count - 1].column
            error(line, column, "expected 3 fields, 'node address count' or 'node address ALIAS', found \(fields.count)")
            return
        }
        guard let node = nodeNumber(fields[0], line: line),
              let address = address(fields[1], line: line) else { return }
        let third = fields[2]
        if third.text == "ALIAS" {
            addAlias(node: node, address: address, line: line, fields: fields)
        } else if let count = Int(third.text) {
            addRange(node: node, address: address, count: count, line: line, fields: fields)
        } else {
            let suggestion = Suggestion.closest(to: third.text, in: ["ALIAS"])
            error(line, third.column, "'\(third.text)' is neither a node count nor ALIAS",
                  suggestion: suggestion, hint: suggestion == nil ? "write how many consecutive nodes start here, e.g. 1" : nil)
        }
    }

    private mutating func nodeNumber(_ field: TextField, line: Int) -> Int? {
        guard let node = Int(field.text) else {
            error(line, field.column, "'\(field.text)' is not a node number", hint: "a line starts with the number of its first node, from 1 to 65535")
            return nil
        }
        guard (1...OpenMosixMap.highestNode).contains(node) else {
            error(line, field.column, "node number \(node) is out of range; openMosix numbers nodes from 1 to 65535")
            return nil
        }
        return node
    }

    private mutating func address(_ field: TextField, line: Int) -> UInt32? {
        switch IPv4Text.parse(field.text) {
        case .failure(let problem):
            let isName = field.text.unicodeScalars.contains { ("a"..."z").contains($0) || ("A"..."Z").contains($0) }
            let hint = isName
                ? "write the node's IPv4 address; setpe looked names up in /etc/hosts, but racimo reads the map without resolving names so every node reads it the same way"
                : nil
            error(line, field.column, isName ? "'\(field.text)' is a host name, not an IPv4 address" : problem.sentence(for: field.text), hint: hint)
            return nil
        case .success(let value) where IPv4Text.isLoopback(value):
            error(line, field.column, "\(field.text) is a loopback address; it must never appear in the map",
                  hint: "each node would take that number for itself; write the node's address on the cluster network")
            return nil
        case .success(let value):
            return value
        }
    }

    private mutating func addRange(node: Int, address: UInt32, count: Int, line: Int, fields: [TextField]) {
        guard count >= 1 else {
            error(line, fields[2].column, "a range of \(count) nodes is empty", hint: "give at least 1, or delete the line")
            return
        }
        let last = node + count - 1
        guard last <= OpenMosixMap.highestNode else {
            error(line, fields[2].column, "nodes \(node) to \(last) go past 65535, the highest node number")
            return
        }
        guard UInt64(address) + UInt64(count) - 1 <= UInt64(UInt32.max) else {
            error(line, fields[2].column, "\(count) addresses from \(fields[1].text) run past 255.255.255.255")
            return
        }
        if let clash = ranges.first(where: { $0.firstNode <= last && node <= $0.firstNode + $0.count - 1 }) {
            let taken = max(node, clash.firstNode)
            let free = (ranges.map { $0.firstNode + $0.count }.max() ?? 1)
            error(line, fields[0].column, "node \(taken) is already given by line \(clash.line)",
                  suggestion: String(free), hint: "node numbers must not overlap; \(free) is the first number after every range")
            return
        }
        for offset in 0..<UInt32(count) {
            if let owner = owners[address + offset] {
                error(line, fields[1].column, "\(IPv4Text.format(address + offset)) is already node \(owner.node) (line \(owner.line))",
                      hint: "each address belongs to one node; split the range around it")
                return
            }
        }
        for offset in 0..<UInt32(count) { owners[address + offset] = (node + Int(offset), line) }
        if let odd = (0..<UInt32(count)).map({ address + $0 }).first(where: { $0 & 255 == 0 || $0 & 255 == 255 }) {
            diagnostics.append(.warning(at: location(line, fields[2].column),
                "this range includes \(IPv4Text.format(odd)), usually a network or broadcast address",
                hint: "check the count; ranges count addresses one by one"))
        }
        ranges.append(OpenMosixMap.Range(firstNode: node, firstAddress: fields[1].text, count: count, line: line))
    }

    private mutating func addAlias(node: Int, address: UInt32, line: Int, fields: [TextField]) {
        if let owner = owners[address] {
            let what = owner.node == node ? "already node \(node)'s address" : "already node \(owner.node)"
            error(line, fields[1].column, "\(fields[1].text) is \(what) (line \(owner.line))",
                  hint: owner.node == node ? "an ALIAS gives a second address; delete this line" : "an ALIAS address must lie outside every range; split the range around it")
            return
        }
        owners[address] = (node, line)
        aliases.append((OpenMosixMap.Alias(node: node, address: IPv4Text.format(address), line: line), fields[0].column))
    }

    /// An alias needs its node in some range; lines may come in any order, so check at the end.
    mutating func checkAliases() {
        for (alias, column) in aliases where !ranges.contains(where: { alias.node >= $0.firstNode && alias.node < $0.firstNode + $0.count }) {
            error(alias.line, column, "ALIAS for node \(alias.node), which no range line lists",
                  hint: "an ALIAS adds an address to a node that a 'node address count' line already gives")
        }
    }

    private func location(_ line: Int, _ column: Int) -> SourceLocation {
        SourceLocation(file: file, line: line, column: column)
    }

    private mutating func error(_ line: Int, _ column: Int, _ message: String, suggestion: String? = nil, hint: String? = nil) {
        diagnostics.append(.error(at: location(line, column), message, suggestion: suggestion, hint: hint))
    }
}
