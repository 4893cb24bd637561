/// One statement of a keepalived.conf-style file: a keyword, its arguments and, when a `{`
/// follows, the statements of its block.
///
/// `vrrp_instance VI_1 { priority 101 }` is the statement `vrrp_instance` with the argument
/// `VI_1` and a block holding `priority 101`.
public struct ConfigStatement: Sendable, Equatable {
    public var keyword: ConfigWord
    public var arguments: [ConfigWord]
    /// The statements between `{` and the matching `}`; `nil` when the statement has no block,
    /// an empty array for `{ }`, so a reader can tell "no block" from "empty block".
    public var block: [ConfigStatement]?

    public init(keyword: ConfigWord, arguments: [ConfigWord] = [], block: [ConfigStatement]? = nil) {
        self.keyword = keyword
        self.arguments = arguments
        self.block = block
    }
}

/// Reads the text of a keepalived.conf-style file into a tree of statements.
///
/// The rules are keepalived's own (`lib/parser.c` and keepalived.conf(5)): a statement is the
/// words of one line; comments start with `#` or `!`; `"..."` keeps spaces; braces may be
/// glued to words; a statement's block opens with `{` at the end of its line or, as keepalived
/// also accepts, at the start of a later line with nothing but blank or comment lines between.
/// The exact word rules are documented with the tokenizer (`BraceConfigLexer+Tokens.swift`).
///
/// The lexer knows no keywords, so it does not act on `include FILE`: it returns it as an
/// ordinary statement, and the reader resolves the path (keepalived globs it relative to the
/// including file's directory) and calls `parse` again with that file's text and name.
/// For the same reason keepalived's preprocessing lines (`$NAME=value` definitions,
/// `@system_id` prefixes, `~SEQ`) come through as ordinary words for the reader to handle.
public enum BraceConfigLexer {
    /// Parses a whole file.
    ///
    /// - Parameters:
    ///   - text: the file's contents; the lexer does no I/O.
    ///   - file: the name to put in every `SourceLocation`, as the user wrote it.
    /// - Throws: every error found (unterminated quote, `}` with no open block, `{` with no
    ///   keyword, blocks still open at the end of the file), not just the first, so that
    ///   `racimo check` can list them all at once.
    public static func parse(_ text: String, file: String) throws(Diagnostics) -> [ConfigStatement] {
        var diagnostics = Diagnostics()
        var builder = TreeBuilder()
        for (offset, line) in ConfigText.lines(text).enumerated() {
            for token in tokens(of: line, number: offset + 1, file: file, diagnostics: &diagnostics) {
                builder.add(token, diagnostics: &diagnostics)
            }
            builder.endLine()
        }
        let statements = builder.finish(at: ConfigText.endLocation(of: text, file: file), diagnostics: &diagnostics)
        if diagnostics.hasErrors { throw diagnostics }
        return statements
    }

    /// The error a reader reports for a keyword its tool does not know, with the closest known
    /// keyword as a suggestion: `keepalived.conf:1:1: error: unknown keyword 'vrp_script';
    /// did you mean 'vrrp_script'?`. keepalived itself only logs "Unknown keyword 'vrp_script'"
    /// and runs without that block, so a typo silently disables a feature; hence an error here.
    ///
    /// - Parameters:
    ///   - known: the keywords valid at this place, most common first (ties in
    ///     `Suggestion.closest` go to the earlier one).
    ///   - context: the enclosing block as the user wrote it, e.g. `vrrp_instance VI_1`, added
    ///     as "in vrrp_instance VI_1"; empty at the top level, where nothing is added.
    public static func unknownKeyword(_ word: ConfigWord, known: [String], context: String) -> Diagnostic {
        let place = context.isEmpty ? "" : " in \(context)"
        return .error(
            at: word.location, "unknown keyword '\(word.text)'\(place)",
            suggestion: Suggestion.closest(to: word.text, in: known))
    }
}

/// Groups tokens into nested statements with a stack of open blocks.
private struct TreeBuilder {
    private struct Frame {
        /// The statement that owns the block; `nil` for a stray `{` that was already reported,
        /// whose contents are kept in the enclosing block so its `}` still matches.
        var owner: ConfigWord?
        var openedAt: SourceLocation?
        var statements: [ConfigStatement] = []
    }

    private var stack: [Frame] = [Frame()]
    private var words: [ConfigWord] = []
    /// Whether a `{` now would open the block of the last statement: true right after a
    /// statement ends, false after a `}` or another `{`. Blank lines leave it unchanged.
    private var canOpen = false

    mutating func add(_ token: BraceToken, diagnostics: inout Diagnostics) {
        switch token {
        case .word(let word):
            words.append(word)
        case .open(let location):
            endStatement()
            if canOpen, let owner = stack[stack.count - 1].statements.last {
                stack.append(Frame(owner: owner.keyword, openedAt: location))
            } else {
                diagnostics.append(.error(
                    at: location, "unexpected '{' with no keyword before it",
                    hint: "a block opens after a keyword, e.g. 'vrrp_instance VI_1 {'"))
                stack.append(Frame())
            }
            canOpen = false
        case .close(let location):
            endStatement()
            canOpen = false
            guard stack.count > 1 else {
                diagnostics.append(.error(at: location, "unexpected '}' with no open block"))
                return
            }
            let frame = stack.removeLast()
            let parent = stack.count - 1
            if frame.owner != nil {
                stack[parent].statements[stack[parent].statements.count - 1].block = frame.statements
            } else {
                stack[parent].statements.append(contentsOf: frame.statements)
            }
        }
    }

    /// A line end ends the statement on it (keepalived reads one statement per line).
    mutating func endLine() { endStatement() }

    mutating func finish(at end: SourceLocation, diagnostics: inout Diagnostics) -> [ConfigStatement] {
        endStatement()
        // Outermost first: that is the order the user reads the file in.
        for frame in stack.dropFirst() {
            guard let owner = frame.owner, let openedAt = frame.openedAt else { continue }
            diagnostics.append(.error(
                at: end, "block '\(owner.text)' opened at \(openedAt) is never closed",
                hint: "add the missing '}'"))
        }
        return stack[0].statements
    }

    private mutating func endStatement() {
        guard let keyword = words.first else { return }
        stack[stack.count - 1].statements.append(
            ConfigStatement(keyword: keyword, arguments: Array(words.dropFirst())))
        words = []
        canOpen = true
    }
}
