/// A ClassAd: attribute names mapped to expressions.
///
/// Names are case-insensitive (`Memory` and `memory` are the same attribute)
/// but keep the spelling they were first set with; attributes print in
/// insertion order. Setting an existing name replaces its expression in place.
public struct ClassAd: Sendable, Equatable {
    private var names: [String] = []
    private var expressions: [ClassAdExpression] = []
    private var index: [String: Int] = [:]

    /// An empty ad.
    public init() {}

    /// The attribute names in insertion order, spelled as first set.
    public var attributeNames: [String] { names }

    /// Number of attributes.
    public var count: Int { names.count }

    /// The expression bound to `name` (case-insensitive), if any.
    public subscript(name: String) -> ClassAdExpression? {
        guard let i = index[name.lowercased()] else { return nil }
        return expressions[i]
    }

    /// Binds `name` to `expression`, replacing any previous binding.
    public mutating func set(_ name: String, _ expression: ClassAdExpression) {
        let key = name.lowercased()
        if let i = index[key] {
            expressions[i] = expression
        } else {
            index[key] = names.count
            names.append(name)
            expressions.append(expression)
        }
    }

    /// Removes `name` if present; returns whether it was.
    @discardableResult
    public mutating func remove(_ name: String) -> Bool {
        guard let i = index[name.lowercased()] else { return false }
        names.remove(at: i)
        expressions.remove(at: i)
        index = [:]
        for (j, n) in names.enumerated() { index[n.lowercased()] = j }
        return true
    }

    /// `(name, expression)` pairs in insertion order.
    public var attributes: [(name: String, expression: ClassAdExpression)] {
        Array(zip(names, expressions)).map { (name: $0.0, expression: $0.1) }
    }

    /// Evaluates attribute `name` of this ad with this ad as MY and `target`
    /// as TARGET. A missing attribute is `undefined`.
    public func evaluate(attribute name: String, target: ClassAd? = nil, now: Int64 = 0) -> ClassAdValue {
        // MY.name, so that attributes called e.g. "target" are found too.
        ClassAdExpression.select(.attribute("MY"), name).evaluate(my: self, target: target, now: now)
    }

    public static func == (a: ClassAd, b: ClassAd) -> Bool {
        a.names.map { $0.lowercased() } == b.names.map { $0.lowercased() } && a.expressions == b.expressions
    }
}
