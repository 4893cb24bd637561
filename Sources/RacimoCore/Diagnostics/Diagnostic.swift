/// A message about a person's input (a configuration or submit file) that they can act on.
///
/// Every diagnostic names where (file:line:column), what is wrong in plain words, and, where
/// Racimo can guess, what to write instead. Printed as
/// `racimo.toml:4:1: error: unknown key 'nmae' in [node]; did you mean 'name'?`.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible, Error {
    public enum Severity: String, Hashable, Sendable {
        case error
        case warning
        case note
    }

    public var severity: Severity
    public var location: SourceLocation?
    public var message: String
    /// A replacement the user probably meant, shown as "did you mean 'X'?".
    public var suggestion: String?
    /// Free text that explains a fix when there is no single word to suggest.
    public var hint: String?

    public init(
        _ severity: Severity,
        at location: SourceLocation?,
        _ message: String,
        suggestion: String? = nil,
        hint: String? = nil
    ) {
        self.severity = severity
        self.location = location
        self.message = message
        self.suggestion = suggestion
        self.hint = hint
    }

    public static func error(
        at location: SourceLocation?, _ message: String, suggestion: String? = nil, hint: String? = nil
    ) -> Diagnostic {
        Diagnostic(.error, at: location, message, suggestion: suggestion, hint: hint)
    }

    public static func warning(
        at location: SourceLocation?, _ message: String, suggestion: String? = nil, hint: String? = nil
    ) -> Diagnostic {
        Diagnostic(.warning, at: location, message, suggestion: suggestion, hint: hint)
    }

    public var description: String {
        var text = ""
        if let location { text += "\(location): " }
        text += "\(severity.rawValue): \(message)"
        if let suggestion { text += "; did you mean '\(suggestion)'?" }
        if let hint { text += " (\(hint))" }
        return text
    }
}

/// Diagnostics gathered while reading one input; the input is usable only if none is an error.
public struct Diagnostics: Sendable, Error, CustomStringConvertible {
    public var all: [Diagnostic]

    public init(_ all: [Diagnostic] = []) { self.all = all }

    public var hasErrors: Bool { all.contains { $0.severity == .error } }
    public var errors: [Diagnostic] { all.filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { all.filter { $0.severity == .warning } }

    public mutating func append(_ diagnostic: Diagnostic) { all.append(diagnostic) }
    public mutating func append(contentsOf other: Diagnostics) { all.append(contentsOf: other.all) }

    /// One diagnostic per line, in the order found.
    public var description: String { all.map(\.description).joined(separator: "\n") }
}
