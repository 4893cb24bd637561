extension ClassAdFunctions {
    /// C `strtod` on the longest numeric prefix: leading white space, sign,
    /// decimal digits with optional fraction and exponent, or "inf",
    /// "infinity", "nan". Returns nil when no number starts the string.
    static func strtodPrefix(_ s: String) -> Double? {
        let b = Array(s.utf8)
        var i = 0
        while i < b.count, b[i] == 32 || (9...13).contains(b[i]) { i += 1 }
        let start = i
        var negative = false
        if i < b.count, b[i] == 43 || b[i] == 45 { negative = b[i] == 45; i += 1 }
        func lowerAt(_ k: Int) -> UInt8 { k < b.count ? (b[k] | 0x20) : 0 }
        func matches(_ word: String, at k: Int) -> Bool {
            let w = Array(word.utf8)
            guard k + w.count <= b.count else { return false }
            return (0..<w.count).allSatisfy { lowerAt(k + $0) == w[$0] }
        }
        if matches("inf", at: i) { return negative ? -.infinity : .infinity }
        if matches("nan", at: i) { return negative ? -.nan : .nan }
        func isDigit(_ k: Int) -> Bool { k < b.count && b[k] >= 48 && b[k] <= 57 }
        var digits = 0
        while isDigit(i) { i += 1; digits += 1 }
        if i < b.count, b[i] == 46 {
            var j = i + 1
            var fraction = 0
            while isDigit(j) { j += 1; fraction += 1 }
            if digits + fraction > 0 { i = j; digits += fraction }
        }
        guard digits > 0 else { return nil }
        if lowerAt(i) == UInt8(ascii: "e") {
            var j = i + 1
            if j < b.count, b[j] == 43 || b[j] == 45 { j += 1 }
            if isDigit(j) {
                while isDigit(j) { j += 1 }
                i = j
            }
        }
        return Double(String(decoding: b[start..<i], as: UTF8.self))
    }

    /// `regexp(pattern, target[, options])`: true if the pattern matches
    /// anywhere in target. Option letters as HTCondor: `i` ignore case,
    /// `m` multi-line anchors, `s` dot matches newline, `x` extended.
    /// An invalid pattern is `error`. Uses Swift's `Regex`, whose syntax is
    /// close to (not identical with) the PCRE2 HTCondor uses.
    static func regexp(_ values: [ClassAdValue]) -> ClassAdValue {
        guard values.count == 2 || values.count == 3 else { return .error }
        if values.contains(.error) { return .error }
        if values.contains(.undefined) { return .undefined }
        guard case .string(let pattern) = values[0], case .string(let target) = values[1] else { return .error }
        var flags = ""
        if values.count == 3 {
            guard case .string(let options) = values[2] else { return .error }
            for c in options {
                switch c {
                case "i": flags += "i"
                case "m": flags += "m"
                case "s": flags += "s"
                case "x": flags += "x"
                default: break
                }
            }
        }
        let literalBraces = escapeLiteralBraces(pattern)
        let fullPattern = flags.isEmpty ? literalBraces : "(?\(flags))" + literalBraces
        guard let regex = try? Regex(fullPattern) else { return .error }
        return .boolean(target.contains(regex))
    }

    /// PCRE (which HTCondor uses) reads a `{` that does not start a
    /// `{n}`, `{n,}` or `{n,m}` quantifier as a literal brace; Swift's
    /// `Regex` rejects it. Escape such braces so both agree.
    static func escapeLiteralBraces(_ pattern: String) -> String {
        let c = Array(pattern)
        var out = ""
        var i = 0
        var inClass = false
        var openQuantifier = false
        while i < c.count {
            let ch = c[i]
            if ch == "\\" && i + 1 < c.count {
                out.append(ch)
                out.append(c[i + 1])
                i += 2
                continue
            }
            if inClass {
                if ch == "]" { inClass = false }
                out.append(ch)
            } else if ch == "[" {
                inClass = true
                out.append(ch)
            } else if ch == "{" {
                var j = i + 1
                var digits = 0
                while j < c.count, c[j].isASCII, c[j].isNumber { j += 1; digits += 1 }
                if digits > 0, j < c.count, c[j] == "," {
                    j += 1
                    while j < c.count, c[j].isASCII, c[j].isNumber { j += 1 }
                }
                if digits > 0, j < c.count, c[j] == "}" {
                    openQuantifier = true
                    out.append(ch)
                } else {
                    out += "\\{"
                }
            } else if ch == "}" {
                out += openQuantifier ? "}" : "\\}"
                openQuantifier = false
            } else {
                out.append(ch)
            }
            i += 1
        }
        return out
    }

    /// `stringListMember(item, list[, delimiters])` (HTCondor's
    /// compat_classad extension, not part of the bare ClassAd library): is
    /// `item` one of the entries of the delimited string `list`? Default
    /// delimiters are comma and white space; entries are trimmed and empty
    /// ones ignored; comparison is case-sensitive (`stringListIMember`
    /// ignores case). Any argument that is neither a string nor undefined
    /// makes it `error`; both `item` and `list` undefined is `undefined`;
    /// otherwise undefined acts as the empty string.
    static func stringListMember(_ values: [ClassAdValue], ignoringCase: Bool) -> ClassAdValue {
        guard values.count == 2 || values.count == 3 else { return .error }
        var strings: [String?] = []
        for v in values {
            switch v {
            case .string(let s): strings.append(s)
            case .undefined: strings.append(nil)
            default: return .error
            }
        }
        if strings[0] == nil && strings[1] == nil { return .undefined }
        let item = strings[0] ?? ""
        let list = strings[1] ?? ""
        let delimiters: Set<UInt8> = Set((values.count == 3 ? (strings[2] ?? ", \t\r\n") : ", \t\r\n").utf8)
        let blank: Set<UInt8> = [32, 9, 10, 13]
        for raw in list.utf8.split(whereSeparator: { delimiters.contains($0) }) {
            let entry = raw.drop { blank.contains($0) }.reversed().drop { blank.contains($0) }.reversed()
            if entry.isEmpty { continue }
            let text = String(decoding: entry, as: UTF8.self)
            if ignoringCase ? ClassAdOperators.caseInsensitiveCompare(text, item) == 0 : Array(text.utf8) == Array(item.utf8) {
                return .boolean(true)
            }
        }
        return .boolean(false)
    }
}
