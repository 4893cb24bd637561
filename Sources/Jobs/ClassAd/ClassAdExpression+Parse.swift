extension ClassAdExpression {
    /// The deepest nesting the parser accepts (HTCondor's `MAX_PARSER_DEPTH`
    /// is also 500). Unlike HTCondor, a chain of binary operators counts too
    /// (`a && b && c` is two levels), so at most about 500 operators can be
    /// chained; HTCondor parses longer chains but cannot evaluate them
    /// either (its evaluation depth limit is 400). Beyond the limit we throw
    /// instead of overflowing the stack.
    public static let maximumNestingDepth = 500

    /// Parses one expression in HTCondor's ClassAd syntax.
    ///
    /// The whole input must be one expression (trailing tokens are an error).
    /// Throws `ClassAdParseError` with the Character offset of the problem.
    public init(parsing text: String) throws(ClassAdParseError) {
        var parser = try ClassAdParser(text)
        self = try parser.parseWholeExpression()
    }
}

/// Recursive-descent parser for ClassAd expressions and `[ ... ]` ads.
/// Grammar and precedence follow HTCondor's source.cpp.
struct ClassAdParser {
    private var lexer: ClassAdLexer
    private var current: ClassAdLexeme
    private var depth = 0

    init(_ text: String) throws(ClassAdParseError) {
        lexer = ClassAdLexer(text)
        current = try lexer.next()
    }

    var token: ClassAdToken { current.token }
    var offset: Int { current.offset }

    mutating func advance() throws(ClassAdParseError) { current = try lexer.next() }

    func isPunct(_ p: String) -> Bool { current.token == .punct(p) }

    mutating func parseWholeExpression() throws(ClassAdParseError) -> ClassAdExpression {
        let expr = try parseExpression()
        guard case .end = token else {
            throw ClassAdParseError(offset: offset, message: "unexpected \(describe(token)) after the end of the expression")
        }
        return expr
    }

    func describe(_ t: ClassAdToken) -> String {
        switch t {
        case .integer(let i): return "number \(i)"
        case .real(let r): return "number \(r)"
        case .string: return "string"
        case .identifier(let n, _): return "name '\(n)'"
        case .punct(let p): return "'\(p)'"
        case .end: return "end of input"
        }
    }

    mutating func enter() throws(ClassAdParseError) {
        depth += 1
        if depth > ClassAdExpression.maximumNestingDepth {
            throw ClassAdParseError(offset: offset, message: "expression nested too deeply (more than \(ClassAdExpression.maximumNestingDepth) levels)")
        }
    }

    mutating func parseExpression() throws(ClassAdParseError) -> ClassAdExpression {
        try enter()
        defer { depth -= 1 }
        let condition = try parseBinary(minimumPrecedence: 1)
        guard isPunct("?") else { return condition }
        let questionAt = offset
        try advance()
        let then = try parseExpression()
        guard isPunct(":") else {
            throw ClassAdParseError(offset: offset, message: "expected ':' for the '?' at column \(questionAt + 1), found \(describe(token))")
        }
        try advance()
        let otherwise = try parseExpression()
        return .conditional(condition, then, otherwise)
    }

    func binaryOperator() -> ClassAdBinaryOperator? {
        switch token {
        case .punct(let p): return ClassAdBinaryOperator(rawValue: p)
        case .identifier(let n, quoted: false):
            switch n.lowercased() {
            case "is": return .metaEqual
            case "isnt": return .metaNotEqual
            default: return nil
            }
        default: return nil
        }
    }

    mutating func parseBinary(minimumPrecedence: Int) throws(ClassAdParseError) -> ClassAdExpression {
        var left = try parseUnary()
        // Each operator in a chain nests the tree one level deeper (a + b + c
        // is (a + b) + c), so the chain counts against the depth limit:
        // otherwise a 100,000-term sum would build a tree too deep to print,
        // compare or free without overflowing the stack.
        let entryDepth = depth
        defer { depth = entryDepth }
        while let op = binaryOperator(), op.precedence >= minimumPrecedence {
            try advance()
            try enter()
            let right = try parseBinary(minimumPrecedence: op.precedence + 1)
            left = .binary(op, left, right)
        }
        return left
    }

    mutating func parseUnary() throws(ClassAdParseError) -> ClassAdExpression {
        if case .punct(let p) = token, let op = ClassAdUnaryOperator(rawValue: p) {
            try enter()
            defer { depth -= 1 }
            try advance()
            return .unary(op, try parseUnary())
        }
        return try parsePostfix()
    }

    mutating func parsePostfix() throws(ClassAdParseError) -> ClassAdExpression {
        try enter()
        defer { depth -= 1 }
        var expr = try parsePrimary()
        while true {
            if isPunct("[") {
                let open = offset
                try advance()
                let index = try parseExpression()
                try expectClose("]", opener: "[", at: open)
                expr = .index(expr, index)
            } else if isPunct(".") {
                try advance()
                let name = try attributeName(after: "'.'")
                expr = .select(expr, name)
            } else if isPunct("?:") {
                try advance()
                expr = .elvis(expr, try parsePostfix())
            } else {
                return expr
            }
        }
    }

    /// An attribute name: an identifier that is not a keyword (HTCondor
    /// lexes `true`, `undefined`, `is`, ... as their own tokens), or any
    /// quoted name.
    mutating func attributeName(after what: String) throws(ClassAdParseError) -> String {
        guard case .identifier(let name, let quoted) = token, quoted || ClassAdExpression.isPlainIdentifier(name) else {
            throw ClassAdParseError(offset: offset, message: "expected an attribute name after \(what), found \(describe(token))")
        }
        try advance()
        return name
    }

    mutating func expectClose(_ close: String, opener: String, at open: Int) throws(ClassAdParseError) {
        guard isPunct(close) else {
            throw ClassAdParseError(offset: offset, message: "expected '\(close)' to close '\(opener)' opened at column \(open + 1), found \(describe(token))")
        }
        try advance()
    }

    mutating func parsePrimary() throws(ClassAdParseError) -> ClassAdExpression {
        let start = offset
        switch token {
        case .integer(let i):
            try advance()
            return .literal(.integer(i))
        case .real(let r):
            try advance()
            return .literal(.real(r))
        case .string(let s):
            try advance()
            return .literal(.string(s))
        case .identifier(let name, let quoted):
            try advance()
            if !quoted {
                switch name.lowercased() {
                case "is", "isnt":
                    throw ClassAdParseError(offset: start, message: "'\(name)' is an operator, expected an expression")
                case "true": return .literal(.boolean(true))
                case "false": return .literal(.boolean(false))
                case "undefined": return .literal(.undefined)
                case "error": return .literal(.error)
                default: break
                }
                if isPunct("(") {
                    try advance()
                    let args = try parseSequence(close: ")", opener: "(", at: start + name.count)
                    return .call(name, args)
                }
            }
            return .attribute(name)
        case .punct("."):
            try advance()
            return .absoluteAttribute(try attributeName(after: "'.'"))
        case .punct("("):
            try advance()
            let inner = try parseExpression()
            try expectClose(")", opener: "(", at: start)
            return .parenthesized(inner)
        case .punct("{"):
            try advance()
            return .list(try parseSequence(close: "}", opener: "{", at: start))
        case .punct("["):
            try advance()
            return .record(try parseAdBody(openedAt: start))
        case .end:
            throw ClassAdParseError(offset: start, message: "unexpected end of input, expected an expression")
        default:
            throw ClassAdParseError(offset: start, message: "unexpected \(describe(token)), expected an expression")
        }
    }

    /// Comma-separated expressions up to `close` (empty allowed).
    mutating func parseSequence(close: String, opener: String, at open: Int) throws(ClassAdParseError) -> [ClassAdExpression] {
        var items: [ClassAdExpression] = []
        if isPunct(close) {
            try advance()
            return items
        }
        while true {
            items.append(try parseExpression())
            // Old-ClassAd semantics also accept ';' between call arguments.
            if isPunct(",") || (close == ")" && isPunct(";")) {
                try advance()
                continue
            }
            try expectClose(close, opener: opener, at: open)
            return items
        }
    }

    /// `name = expr; ...` up to `]` (a trailing `;` is allowed).
    mutating func parseAdBody(openedAt open: Int) throws(ClassAdParseError) -> ClassAd {
        var ad = ClassAd()
        // Like HTCondor: semicolons may precede an attribute ("[; a = 1]"),
        // but "[;]" is an error because a ';' at the top of the loop is
        // not followed by a check for ']'.
        var mayClose = true
        while true {
            if mayClose && isPunct("]") {
                try advance()
                return ad
            }
            if isPunct(";") {
                try advance()
                mayClose = false
                continue
            }
            mayClose = true
            guard case .identifier = token else {
                throw ClassAdParseError(offset: offset, message: "expected an attribute name or ']' to close '[' opened at column \(open + 1), found \(describe(token))")
            }
            let name = try attributeName(after: "'['")
            guard isPunct("=") else {
                throw ClassAdParseError(offset: offset, message: "expected '=' after attribute name '\(name)', found \(describe(token))")
            }
            try advance()
            ad.set(name, try parseExpression())
            if isPunct(";") {
                // HTCondor tolerates repeated separators after an attribute.
                while isPunct(";") { try advance() }
            } else if !isPunct("]") {
                throw ClassAdParseError(offset: offset, message: "expected ';' or ']' to close '[' opened at column \(open + 1), found \(describe(token))")
            }
        }
    }
}
