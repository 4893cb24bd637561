/// The payload of `ClassAdValue.list`: the evaluated elements, plus — when
/// the list came from a list literal — the element expressions themselves.
///
/// HTCondor keeps lists unevaluated, and when a list is converted to a
/// string (`string(l)`, `strcat(l)`) it unparses the *expressions*:
/// `string({1 + 1})` is `"{ 1 + 1 }"`, not `"{ 2 }"`. Keeping the sources
/// reproduces that; equality looks at the values only.
public struct ClassAdList: Sendable, Equatable, RandomAccessCollection, ExpressibleByArrayLiteral {
    /// The evaluated elements.
    public var values: [ClassAdValue]
    /// The element expressions, when known (same count as `values`).
    public var sources: [ClassAdExpression]?

    public init(_ values: [ClassAdValue], sources: [ClassAdExpression]? = nil) {
        self.values = values
        self.sources = sources?.count == values.count ? sources : nil
    }

    public init(arrayLiteral elements: ClassAdValue...) { self.init(elements) }

    public var startIndex: Int { values.startIndex }
    public var endIndex: Int { values.endIndex }
    public subscript(position: Int) -> ClassAdValue { values[position] }

    public static func == (a: ClassAdList, b: ClassAdList) -> Bool { a.values == b.values }
}
