/// Reads one TOML table into typed settings, collecting diagnostics instead of stopping at the
/// first problem, so `racimo check` reports every mistake of a file at once.
///
/// Every key a schema asks for is recorded, present or not; `finish()` then reports each key
/// of the table that nobody asked for as an error with the closest known key as a suggestion.
/// Unknown keys are never ignored: a misspelt `seeds` must not silently mean "no seeds".
public struct TOMLTableReader {
    public let table: TOMLTable
    /// The table's name as written in the file (`node`, `admin`), empty for the root.
    public let path: String
    public private(set) var diagnostics = Diagnostics()
    private var known: [String] = []

    public init(_ table: TOMLTable, path: String) {
        self.table = table
        self.path = path
    }

    private var where_: String { path.isEmpty ? "at the top level" : "in [\(path)]" }

    /// The raw value of `key`, recording it as known.
    public mutating func value(_ key: String) -> TOMLValue? {
        known.append(key)
        return table[key]
    }

    public mutating func string(_ key: String) -> (value: String, location: SourceLocation)? {
        guard let value = value(key) else { return nil }
        guard case .string(let text) = value.kind else {
            typeMismatch(key, value, expected: "a string")
            return nil
        }
        return (text, value.location)
    }

    public mutating func integer(_ key: String, in range: ClosedRange<Int64>? = nil) -> Int64? {
        guard let value = value(key) else { return nil }
        guard case .integer(let number) = value.kind else {
            typeMismatch(key, value, expected: "an integer")
            return nil
        }
        if let range, !range.contains(number) {
            report(.error(at: value.location, "'\(key)' must be between \(range.lowerBound) and \(range.upperBound), found \(number)"))
            return nil
        }
        return number
    }

    public mutating func boolean(_ key: String) -> Bool? {
        guard let value = value(key) else { return nil }
        guard case .boolean(let flag) = value.kind else {
            typeMismatch(key, value, expected: "true or false")
            return nil
        }
        return flag
    }

    /// A duration written with its unit: `"250ms"`, `"2s"`, `"1m"` (`DurationLiteral`), at
    /// least `minimum` (a zero interval would spin, a zero limit would refuse everything).
    public mutating func duration(_ key: String, minimum: Duration = .zero) -> Duration? {
        guard let (text, location) = string(key) else { return nil }
        guard let duration = DurationLiteral.parse(text) else {
            report(.error(at: location, "'\(key)' is not a duration: \"\(text)\"",
                          hint: "write a number and a unit, e.g. \"250ms\", \"2s\", \"1m\""))
            return nil
        }
        guard duration >= minimum else {
            report(.error(at: location, "'\(key)' must be at least \(DurationLiteral.format(minimum)), found \"\(text)\""))
            return nil
        }
        return duration
    }

    /// `host:port`; a bare host takes `defaultPort` when one is given.
    public mutating func endpoint(_ key: String, defaultPort: Int? = nil) -> Endpoint? {
        guard let (text, location) = string(key) else { return nil }
        return parseEndpoint(key, text, location, defaultPort: defaultPort)
    }

    public mutating func stringArray(_ key: String) -> [(value: String, location: SourceLocation)]? {
        guard let value = value(key) else { return nil }
        guard case .array(let elements) = value.kind else {
            typeMismatch(key, value, expected: "an array of strings")
            return nil
        }
        var strings: [(String, SourceLocation)] = []
        for element in elements {
            guard case .string(let text) = element.kind else {
                typeMismatch(key, element, expected: "a string in the array")
                return nil
            }
            strings.append((text, element.location))
        }
        return strings
    }

    public mutating func endpointArray(_ key: String, defaultPort: Int? = nil) -> [Endpoint]? {
        guard let strings = stringArray(key) else { return nil }
        let endpoints = strings.compactMap { parseEndpoint(key, $0.value, $0.location, defaultPort: defaultPort) }
        return endpoints.count == strings.count ? endpoints : nil
    }

    /// A sub-table, read by its own reader; merge its diagnostics back with `absorb(_:)`.
    public mutating func table(_ key: String) -> TOMLTableReader? {
        guard let value = value(key) else { return nil }
        guard case .table(let table) = value.kind else {
            typeMismatch(key, value, expected: "a table ([\(path.isEmpty ? key : path + "." + key)])")
            return nil
        }
        return TOMLTableReader(table, path: path.isEmpty ? key : "\(path).\(key)")
    }

    /// Takes over the diagnostics of a finished sub-table reader.
    public mutating func absorb(_ child: TOMLTableReader) {
        diagnostics.append(contentsOf: child.diagnostics)
    }

    public mutating func report(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }

    /// Reports every key of the table no schema asked for. Call once, after all reads.
    public mutating func finish() {
        for entry in table.entries where !known.contains(entry.key) {
            let suggestion = Suggestion.closest(to: entry.key, in: known)
            let isTable = if case .table = entry.value.kind { true } else { false }
            let what = isTable && path.isEmpty ? "unknown table [\(entry.key)]" : "unknown key '\(entry.key)' \(where_)"
            report(.error(
                at: entry.keyLocation, what, suggestion: suggestion,
                hint: suggestion == nil ? "known keys: \(known.joined(separator: ", "))" : nil))
        }
    }

    private mutating func typeMismatch(_ key: String, _ value: TOMLValue, expected: String) {
        report(.error(at: value.location, "'\(key)' \(where_) must be \(expected), found \(article(value.typeName))"))
    }

    private mutating func parseEndpoint(
        _ key: String, _ text: String, _ location: SourceLocation, defaultPort: Int?
    ) -> Endpoint? {
        if let endpoint = Endpoint(parsing: text, defaultPort: defaultPort) { return endpoint }
        report(.error(at: location, "'\(key)' is not an address: \"\(text)\"",
                      hint: "write host:port, e.g. \"10.213.0.2:9401\" or \"[fd00::2]:9401\""))
        return nil
    }

    private func article(_ noun: String) -> String {
        ["a", "e", "i", "o", "u"].contains(noun.prefix(1)) ? "an \(noun)" : "a \(noun)"
    }
}
