/// Why a ClassAd expression or ad could not be parsed.
public struct ClassAdParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 0-based index, in `Character`s of the input, where the problem is.
    public var offset: Int
    /// A sentence for a person, e.g. "expected ')' to close '(' opened at column 3".
    public var message: String
    /// For ads in the one-attribute-per-line form: the 1-based line number.
    public var line: Int?

    public init(offset: Int, message: String, line: Int? = nil) {
        self.offset = offset
        self.message = message
        self.line = line
    }

    public var description: String {
        if let line { return "line \(line): \(message)" }
        return "column \(offset + 1): \(message)"
    }
}
