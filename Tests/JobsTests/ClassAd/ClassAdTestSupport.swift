@testable import Jobs

/// Parses and evaluates `text` with optional ads; a parse failure is `nil`.
func classAdEval(_ text: String, my: ClassAd? = nil, target: ClassAd? = nil, now: Int64 = 0) -> ClassAdValue? {
    guard let e = try? ClassAdExpression(parsing: text) else { return nil }
    return e.evaluate(my: my, target: target, now: now)
}

/// The parse error for `text`, or nil if it parses.
func classAdParseError(_ text: String) -> ClassAdParseError? {
    do {
        _ = try ClassAdExpression(parsing: text)
        return nil
    } catch {
        return error
    }
}

func classAdFrom(_ text: String) -> ClassAd {
    (try? ClassAd(parsing: text)) ?? ClassAd()
}
