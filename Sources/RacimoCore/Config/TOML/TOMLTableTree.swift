/// One segment of a (possibly dotted) key, unquoted, with where it was written.
struct TOMLKeySegment {
    var name: String
    var location: SourceLocation
}

/// The tables being built while a document is read, and TOML's rules about how each table may
/// be defined and extended.
///
/// Nodes live in one array and refer to each other by index, so adding a key deep in the tree
/// mutates one element in place instead of copying nested value types on the way down. Each
/// table remembers how it came to exist, because TOML's redefinition rules depend on it:
/// a table may be defined once, either by a `[header]` or by dotted keys, and inline tables and
/// inline arrays are complete where they are written.
struct TOMLTableTree {
    enum Origin {
        /// Created only as the parent of a header (`a` in `[a.b]`); a later `[a]` may still
        /// define it, and dotted keys may pass through it.
        case implicit
        /// Defined by its own `[header]` or as an element of `[[header]]`.
        case header
        /// Created by dotted keys (`a.b = 1` creates `a`).
        case dotted
    }

    enum NodeKind {
        case table(Origin)
        case arrayOfTables
        /// A finished value, including inline tables and arrays, which cannot be extended.
        case value(TOMLValue)
    }

    struct Node {
        var kind: NodeKind
        /// `TOMLTable.location` / `TOMLValue.location` of the result.
        var location: SourceLocation
        var keyLocation: SourceLocation
        /// Where the definition that blocks a redefinition was written, for "first defined at".
        var definedAt: SourceLocation
        /// The full dotted name from the root, as a person would write it in a header.
        var name: String
        var children: [(key: String, node: Int)] = []
        var childIndex: [String: Int] = [:]
        /// Element tables of an array of tables.
        var elements: [Int] = []
    }

    private(set) var nodes: [Node]
    static let root = 0

    init(rootLocation: SourceLocation) {
        nodes = [
            Node(
                kind: .table(.header), location: rootLocation, keyLocation: rootLocation,
                definedAt: rootLocation, name: "")
        ]
    }

    // MARK: Key/value pairs

    /// Adds `path = value` to the table `section` (the root, a header's table, or an inline
    /// table's root), creating tables for the leading segments of a dotted key.
    mutating func insert(_ path: [TOMLKeySegment], value: TOMLValue, into section: Int) throws(Diagnostics) {
        var current = section
        let written = Self.display(path)
        for (i, segment) in path.enumerated() {
            let prefix = Self.display(path[...i])
            let existing = nodes[current].childIndex[segment.name]
            if i == path.count - 1 {
                if let existing {
                    throw Self.failure(
                        segment.location, "duplicate key '\(written)' (first defined at \(nodes[existing].definedAt))")
                }
                add(.value(value), named: segment, under: current, location: value.location,
                    definedAt: segment.location)
                return
            }
            guard let existing else {
                current = add(
                    .table(.dotted), named: segment, under: current, location: segment.location,
                    definedAt: segment.location)
                continue
            }
            let node = nodes[existing]
            switch node.kind {
            case .table(.implicit):
                nodes[existing].kind = .table(.dotted)
                nodes[existing].definedAt = segment.location
            case .table(.dotted):
                break
            case .table(.header):
                throw Self.failure(
                    segment.location,
                    "cannot add '\(written)' with a dotted key: table [\(node.name)] is defined by its header at "
                        + "\(node.definedAt)",
                    hint: "write the key under the [\(node.name)] header instead")
            case .arrayOfTables:
                throw Self.failure(
                    segment.location,
                    "cannot add '\(written)' with a dotted key: '\(prefix)' is an array of tables, started by "
                        + "[[\(node.name)]] at \(node.definedAt)",
                    hint: "write the key under a [[\(node.name)]] header instead")
            case .value(let v):
                throw Self.blocked(by: v, named: prefix, at: segment.location, definedAt: node.definedAt,
                                   action: "cannot add '\(written)'")
            }
            current = existing
        }
    }

    // MARK: Headers

    /// Opens `[path]` and returns the table that following key/value pairs go into.
    mutating func openTable(_ path: [TOMLKeySegment], header: SourceLocation) throws(Diagnostics) -> Int {
        let parent = try walkHeaderParents(path, action: "cannot define table [\(Self.display(path))]")
        let last = path[path.count - 1]
        guard let existing = nodes[parent].childIndex[last.name] else {
            return add(.table(.header), named: last, under: parent, location: header, definedAt: header)
        }
        let node = nodes[existing]
        switch node.kind {
        case .table(.implicit):
            // `[a]` after `[a.b]`: the table existed only as a parent; this is its definition.
            nodes[existing].kind = .table(.header)
            nodes[existing].location = header
            nodes[existing].keyLocation = last.location
            nodes[existing].definedAt = header
            return existing
        case .table(.header):
            throw Self.failure(header, "table [\(node.name)] is defined twice (first defined at \(node.definedAt))")
        case .table(.dotted):
            throw Self.failure(
                header, "table [\(node.name)] was already created by dotted keys at \(node.definedAt)",
                hint: "a table is written either with a [header] or with dotted keys, not both")
        case .arrayOfTables:
            throw Self.failure(
                header,
                "cannot define table [\(node.name)]: '\(Self.display(path))' is an array of tables, started by "
                    + "[[\(node.name)]] at \(node.definedAt)",
                hint: "write [[\(node.name)]] to add another element")
        case .value(let v):
            throw Self.blocked(by: v, named: Self.display(path), at: header, definedAt: node.definedAt,
                               action: "cannot define table [\(node.name)]")
        }
    }

    /// Opens `[[path]]`: appends a new table to the array (creating the array the first time)
    /// and returns that table.
    mutating func appendArrayTable(_ path: [TOMLKeySegment], header: SourceLocation) throws(Diagnostics) -> Int {
        let name = Self.display(path)
        let parent = try walkHeaderParents(path, action: "cannot use [[\(name)]]")
        let last = path[path.count - 1]
        let array: Int
        if let existing = nodes[parent].childIndex[last.name] {
            let node = nodes[existing]
            switch node.kind {
            case .arrayOfTables:
                array = existing
            case .table:
                throw Self.failure(
                    header, "cannot use [[\(node.name)]]: '\(name)' is already a table, defined at \(node.definedAt)",
                    hint: "an array of tables is written only with [[\(node.name)]] headers")
            case .value(let v):
                if case .array = v.kind {
                    throw Self.failure(
                        header,
                        "cannot append to '\(name)' with [[\(node.name)]]: it is an array written inline at \(v.location)",
                        hint: "an array of tables is written either inline or with [[\(node.name)]] headers, not both")
                }
                throw Self.blocked(by: v, named: name, at: header, definedAt: node.definedAt,
                                   action: "cannot use [[\(node.name)]]")
            }
        } else {
            array = add(.arrayOfTables, named: last, under: parent, location: header, definedAt: header)
        }
        let element = Node(
            kind: .table(.header), location: header, keyLocation: last.location, definedAt: header,
            name: nodes[array].name)
        nodes.append(element)
        nodes[array].elements.append(nodes.count - 1)
        return nodes.count - 1
    }

    /// Finds (creating implicitly if needed) the table that will hold a header's last segment.
    /// A header may pass through any table, and through an array of tables into its newest
    /// element (`[fruit.physical]` after `[[fruit]]`), but not into a finished value.
    private mutating func walkHeaderParents(_ path: [TOMLKeySegment], action: String) throws(Diagnostics) -> Int {
        var current = Self.root
        for (i, segment) in path.dropLast().enumerated() {
            guard let existing = nodes[current].childIndex[segment.name] else {
                current = add(
                    .table(.implicit), named: segment, under: current, location: segment.location,
                    definedAt: segment.location)
                continue
            }
            switch nodes[existing].kind {
            case .table:
                current = existing
            case .arrayOfTables:
                current = nodes[existing].elements[nodes[existing].elements.count - 1]
            case .value(let v):
                throw Self.blocked(by: v, named: Self.display(path[...i]), at: segment.location,
                                   definedAt: nodes[existing].definedAt, action: action)
            }
        }
        return current
    }

    // MARK: Building the result

    /// The finished table rooted at `node`.
    func table(_ node: Int = root) -> TOMLTable {
        let entries = nodes[node].children.map { child in
            TOMLTable.Entry(key: child.key, keyLocation: nodes[child.node].keyLocation, value: value(child.node))
        }
        return TOMLTable(entries: entries, location: nodes[node].location)
    }

    private func value(_ node: Int) -> TOMLValue {
        switch nodes[node].kind {
        case .table: TOMLValue(kind: .table(table(node)), location: nodes[node].location)
        case .arrayOfTables: TOMLValue(kind: .array(nodes[node].elements.map(value)), location: nodes[node].location)
        case .value(let v): v
        }
    }

    // MARK: Helpers

    @discardableResult
    private mutating func add(
        _ kind: NodeKind, named segment: TOMLKeySegment, under parent: Int,
        location: SourceLocation, definedAt: SourceLocation
    ) -> Int {
        let parentName = nodes[parent].name
        let name = parentName.isEmpty ? Self.display(segment.name) : parentName + "." + Self.display(segment.name)
        nodes.append(
            Node(kind: kind, location: location, keyLocation: segment.location, definedAt: definedAt, name: name))
        let id = nodes.count - 1
        nodes[parent].children.append((segment.name, id))
        nodes[parent].childIndex[segment.name] = id
        return id
    }

    /// The error for trying to extend something that is already a finished value.
    private static func blocked(
        by value: TOMLValue, named name: String, at location: SourceLocation, definedAt: SourceLocation,
        action: String
    ) -> Diagnostics {
        if case .table = value.kind {
            return failure(
                location,
                "\(action): '\(name)' is an inline table, written at \(value.location); inline tables cannot be extended",
                hint: "write all its keys inside the { }, or make it a [\(name)] section")
        }
        return failure(
            location, "\(action): '\(name)' is already \(value.typeNameWithArticle) (defined at \(definedAt))")
    }

    private static func failure(_ location: SourceLocation, _ message: String, hint: String? = nil) -> Diagnostics {
        Diagnostics([.error(at: location, message, hint: hint)])
    }

    /// A key path as a person would write it: bare segments where possible, quoted otherwise.
    static func display<C: Collection>(_ path: C) -> String where C.Element == TOMLKeySegment {
        path.map { display($0.name) }.joined(separator: ".")
    }

    static func display(_ key: String) -> String {
        if !key.isEmpty, key.unicodeScalars.allSatisfy(TOMLParser.isBareKeyScalar) { return key }
        var quoted = "\""
        for scalar in key.unicodeScalars {
            switch scalar {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            default:
                if TOMLParser.isControl(scalar) || scalar == "\n" {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    quoted += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    quoted.unicodeScalars.append(scalar)
                }
            }
        }
        return quoted + "\""
    }
}
