import RacimoCore

/// One statement of a submit description file, after comments and `\` continuations are gone.
enum SubmitStatement: Sendable {
    /// `name = value`: a command or a macro definition (the language does not tell them apart).
    case assignment(name: String, nameLocation: SourceLocation, value: LocatedText)
    /// `+Attr = expr` or `MY.Attr = expr`: inserted into the job ClassAd verbatim (JDL l.2727).
    case customAttribute(name: String, nameLocation: SourceLocation, value: LocatedText)
    /// `queue …`: `arguments` is everything after the keyword, `(` … `)` blocks included.
    case queue(arguments: LocatedText, location: SourceLocation)
}
