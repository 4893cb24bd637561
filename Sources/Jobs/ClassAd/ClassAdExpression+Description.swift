extension ClassAdExpression: CustomStringConvertible {
    /// Canonical source text. For any tree produced by `init(parsing:)`,
    /// `ClassAdExpression(parsing: e.description) == e` (parentheses are part
    /// of the tree, so the grouping is reproduced exactly). Trees built by
    /// hand get parentheses where precedence requires them.
    ///
    /// Reals print as HTCondor does (`%.15E`) when that reads back to the same
    /// double, and with the shortest exact digits otherwise, since HTCondor's
    /// sixteen digits can lose the last bit.
    public var description: String { unparse(condor: false) }

    /// Source text. With `condor: true` it follows HTCondor's unparser
    /// exactly, which is what `string()` of a list or ad shows: unary
    /// operators get a leading space (`{ -x }` prints as `{  -x }`), `=?=`
    /// and `=!=` print as `is` and `isnt`, and reals always print as `%.15E`.
    func unparse(condor: Bool) -> String {
        switch self {
        case .literal(let value): return condor ? value.description : Self.literalText(value)
        case .attribute(let name): return Self.quoteName(name)
        case .absoluteAttribute(let name): return "." + Self.quoteName(name)
        case .select(let base, let name):
            let baseText = Self.operand(base, above: 11, condor)
            // "2.o" would lex as a malformed real; "2 .o" selects from 2.
            let separator = baseText.last?.isNumber == true ? " ." : "."
            return baseText + separator + Self.quoteName(name)
        case .index(let base, let index): return Self.operand(base, above: 11, condor) + "[" + index.unparse(condor: condor) + "]"
        case .unary(let op, let operand):
            let text = Self.operand(operand, above: 10, condor)
            if condor { return " " + op.rawValue + text }
            let needsSpace = text.first.map { $0.isNumber || $0 == "." || $0 == "-" || $0 == "+" } ?? false
            return op.rawValue + (needsSpace ? " " : "") + text
        case .binary(let op, let l, let r):
            var spelling = op.rawValue
            if condor && op == .metaEqual { spelling = "is" }
            if condor && op == .metaNotEqual { spelling = "isnt" }
            return Self.operand(l, above: op.precedence - 1, condor) + " " + spelling + " " + Self.operand(r, above: op.precedence, condor)
        case .conditional(let c, let t, let e):
            return Self.operand(c, above: 0, condor) + " ? " + t.unparse(condor: condor) + " : " + e.unparse(condor: condor)
        case .elvis(let l, let r):
            return Self.operand(l, above: 11, condor) + " ?: " + Self.operand(r, above: 11, condor)
        case .parenthesized(let inner): return "(" + inner.unparse(condor: condor) + ")"
        case .call(let name, let args): return name + "(" + args.map { $0.unparse(condor: condor) }.joined(separator: ",") + ")"
        case .list(let items):
            if items.isEmpty { return "{  }" }
            return "{ " + items.map { $0.unparse(condor: condor) }.joined(separator: ",") + " }"
        case .record(let ad): return ad.unparse(condor: condor)
        }
    }

    /// Binding strength of the tree's top node, in HTCondor's levels.
    var precedence: Int {
        switch self {
        case .binary(let op, _, _): return op.precedence
        case .conditional: return 0
        case .unary: return 11
        default: return 12
        }
    }

    /// Prints `e`, parenthesised if its top node binds no tighter than `level`.
    static func operand(_ e: ClassAdExpression, above level: Int, _ condor: Bool) -> String {
        let text = e.unparse(condor: condor)
        return e.precedence > level ? text : "(" + text + ")"
    }

    static func literalText(_ value: ClassAdValue) -> String {
        switch value {
        case .real(let r):
            if r.isNaN { return "real(\"NaN\")" }
            if r.isInfinite { return r < 0 ? "-1E999" : "1E999" }
            let condor = ClassAdRealFormat.format(r)
            if Double(condor) == r { return condor }
            return r.description
        default: return value.description
        }
    }

    /// Whether `name` can be written bare (not a keyword, identifier syntax).
    static func isPlainIdentifier(_ name: String) -> Bool {
        guard let first = name.first, first.isASCII, first.isLetter || first == "_" else { return false }
        guard name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else { return false }
        switch name.lowercased() {
        case "true", "false", "undefined", "error", "is", "isnt": return false
        default: return true
        }
    }

    /// A bare name, or `'odd name'` with escapes when it is not an identifier.
    static func quoteName(_ name: String) -> String {
        if isPlainIdentifier(name) { return name }
        let inner = String(ClassAdValue.quote(name).dropFirst().dropLast())
            .classAdReplacingAll("\\\"", with: "\"").classAdReplacingAll("'", with: "\\'")
        return "'" + inner + "'"
    }
}

extension String {
    /// Plain substring replacement (Foundation is not available to this
    /// target; a distinct name avoids clashing with Foundation's method in
    /// files of the module that do import it).
    fileprivate func classAdReplacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var out = ""
        var rest = self[...]
        while let r = rest.firstRange(of: target) {
            out += rest[..<r.lowerBound]
            out += replacement
            rest = rest[r.upperBound...]
        }
        return out + rest
    }
}
