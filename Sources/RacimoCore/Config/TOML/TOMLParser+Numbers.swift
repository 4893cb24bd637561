extension TOMLParser {
    /// An integer, float or date-time, the cursor at its sign or first digit.
    ///
    /// The whole token is gathered first (letters included) and then judged, so that
    /// `timeout = 250ms` is reported as one bad value with advice, not as "unexpected 'm'".
    mutating func parseNumberOrDateTime(_ context: ValueContext) throws(Diagnostics) -> TOMLValue.Kind {
        let start = location
        var token: [Unicode.Scalar] = []
        while let c = current {
            if Self.isNumberTokenScalar(c) || (c == " " && continuesDateWithTime(token)) {
                token.append(c)
                advance()
            } else {
                break
            }
        }
        let text = Self.string(token)
        if Self.looksLikeDateTime(token) {
            if let problem = Self.dateTimeProblem(token) {
                throw failure(at: start, "invalid \(problem.noun) '\(text)': \(problem.reason)", hint: problem.hint)
            }
            return .dateTime(text)
        }
        switch text {
        case "inf", "+inf": return .float(.infinity)
        case "-inf": return .float(-.infinity)
        case "nan", "+nan": return .float(.nan)
        case "-nan": return .float(-.nan)
        default: break
        }
        do throws(NumberProblem) {
            return try Self.number(token)
        } catch {
            throw failure(
                at: start, "invalid number '\(text)': \(error.reason)",
                hint: error.hint ?? Self.hint(forNonNumber: text, written: context.written))
        }
    }

    /// Why a token is not a valid number, and what to write instead.
    struct NumberProblem: Error {
        var reason: String
        var hint: String?
    }

    private static func isNumberTokenScalar(_ c: Unicode.Scalar) -> Bool {
        isBareKeyScalar(c) || c == "+" || c == "." || c == ":"
    }

    /// A space may separate a date from its time (`1979-05-27 07:32:00`): only take it when a
    /// complete date precedes it and `HH:` follows, so `[1979-05-27, …]` still splits normally.
    private func continuesDateWithTime(_ token: [Unicode.Scalar]) -> Bool {
        token.count == 10 && Self.looksLikeDateTime(token) && Self.isDigit(peek(1)) && Self.isDigit(peek(2))
            && peek(3) == ":"
    }

    /// A quoting hint for tokens that were probably meant as text: durations, versions,
    /// addresses.
    private static func hint(forNonNumber text: String, written: String) -> String? {
        if DurationLiteral.parse(text) != nil {
            return "durations are written as strings: \(written)\"\(text)\""
        }
        if text.unicodeScalars.contains(where: { ($0 >= "g" && $0 <= "z") || ($0 >= "G" && $0 <= "Z") })
            || text.unicodeScalars.filter({ $0 == "." }).count > 1
        {
            return "if this is text, put it in quotes: \(written)\"\(text)\""
        }
        return nil
    }

    // MARK: Integers and floats

    private static func number(_ token: [Unicode.Scalar]) throws(NumberProblem) -> TOMLValue.Kind {
        var body = token[...]
        var negative = false
        if let sign = body.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            body = body.dropFirst()
        }
        if body.count >= 2, body.first == "0", let base = Self.radix(body[body.startIndex + 1]) {
            if token.first == "+" || token.first == "-" {
                throw NumberProblem(
                    reason: "hexadecimal, octal and binary integers cannot have a sign",
                    hint: "write \(Self.string(body)) without the sign")
            }
            return .integer(try prefixedInteger(body.dropFirst(2), radix: base))
        }
        if body.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) {
            return .float(try float(token, body: body))
        }
        try checkDigitGroups(body, what: "an integer")
        let digits = body.filter { $0 != "_" }
        if digits.count > 1, digits.first == "0" {
            let significant = digits.drop { $0 == "0" }
            let trimmed = significant.isEmpty ? "0" : Self.string(significant)
            let octal = digits.allSatisfy { $0 >= "0" && $0 <= "7" }
            throw NumberProblem(
                reason: "leading zeros are not allowed",
                hint: octal
                    ? "write \(trimmed) for decimal or 0o\(trimmed) for octal, or quote it if it is text"
                    : "write \(trimmed), or quote it if it is text")
        }
        var magnitude: UInt64 = 0
        for d in digits {
            let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt64(d.value - 0x30))
            guard !o1, !o2 else { throw overflow }
            magnitude = sum
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { throw overflow }
            return .integer(magnitude == UInt64(Int64.max) + 1 ? .min : -Int64(magnitude))
        }
        guard magnitude <= UInt64(Int64.max) else { throw overflow }
        return .integer(Int64(magnitude))
    }

    private static var overflow: NumberProblem {
        NumberProblem(
            reason: "it does not fit in a 64-bit integer",
            hint: "integers must be between -9223372036854775808 and 9223372036854775807")
    }

    private static func radix(_ c: Unicode.Scalar) -> UInt64? {
        switch c {
        case "x": 16
        case "o": 8
        case "b": 2
        default: nil
        }
    }

    private static func prefixedInteger(
        _ digits: ArraySlice<Unicode.Scalar>, radix: UInt64
    ) throws(NumberProblem) -> Int64 {
        let name = radix == 16 ? "a hexadecimal" : radix == 8 ? "an octal" : "a binary"
        try checkDigitGroups(digits, what: "\(name) integer") { digitValue($0, radix: radix) != nil }
        var value: UInt64 = 0
        for d in digits where d != "_" {
            let (shifted, o1) = value.multipliedReportingOverflow(by: radix)
            let (sum, o2) = shifted.addingReportingOverflow(digitValue(d, radix: radix)!)
            guard !o1, !o2, sum <= UInt64(Int64.max) else { throw overflow }
            value = sum
        }
        return Int64(value)
    }

    private static func digitValue(_ c: Unicode.Scalar, radix: UInt64) -> UInt64? {
        let v: UInt64
        switch c {
        case "0"..."9": v = UInt64(c.value - 0x30)
        case "a"..."f": v = UInt64(c.value - 0x61 + 10)
        case "A"..."F": v = UInt64(c.value - 0x41 + 10)
        default: return nil
        }
        return v < radix ? v : nil
    }

    /// `[sign] int [. digits] [e [sign] digits]`, with a fraction or an exponent or both.
    private static func float(
        _ token: [Unicode.Scalar], body: ArraySlice<Unicode.Scalar>
    ) throws(NumberProblem) -> Double {
        let exponentAt = body.firstIndex { $0 == "e" || $0 == "E" }
        let mantissa = body[..<(exponentAt ?? body.endIndex)]
        let dot = mantissa.firstIndex(of: ".")
        let integerPart = mantissa[..<(dot ?? mantissa.endIndex)]
        try checkDigitGroups(integerPart, what: "the whole part of a float")
        if integerPart.count > 1, integerPart.first == "0" {
            throw NumberProblem(reason: "leading zeros are not allowed")
        }
        if let dot {
            let fraction = mantissa[(dot + 1)...]
            if fraction.isEmpty {
                throw NumberProblem(
                    reason: "a decimal point must be followed by digits", hint: "write 1.0 rather than 1.")
            }
            try checkDigitGroups(fraction, what: "the fraction of a float")
        }
        if let exponentAt {
            var exponent = body[(exponentAt + 1)...]
            if let sign = exponent.first, sign == "+" || sign == "-" { exponent = exponent.dropFirst() }
            try checkDigitGroups(exponent, what: "an exponent")
        }
        guard let value = Double(Self.string(token.filter { $0 != "_" })) else {
            throw NumberProblem(reason: "not a valid float")
        }
        guard value.isFinite else {
            throw NumberProblem(reason: "it is too large for a 64-bit float", hint: "write inf for infinity")
        }
        return value
    }

    /// Digits with single underscores between them (`1_000`), as TOML requires.
    private static func checkDigitGroups(
        _ digits: ArraySlice<Unicode.Scalar>, what: String,
        isDigit: (Unicode.Scalar) -> Bool = { TOMLParser.isDigit($0) }
    ) throws(NumberProblem) {
        guard !digits.isEmpty else { throw NumberProblem(reason: "\(what) needs at least one digit") }
        var previousWasUnderscore = true  // so a leading underscore is caught too
        for c in digits {
            if c == "_" {
                if previousWasUnderscore { throw underscores }
                previousWasUnderscore = true
            } else if isDigit(c) {
                previousWasUnderscore = false
            } else {
                throw NumberProblem(reason: "\(describe(c)) cannot appear in \(what)")
            }
        }
        if previousWasUnderscore { throw underscores }
    }

    private static var underscores: NumberProblem {
        NumberProblem(reason: "an underscore must stand between two digits", hint: "write 1_000 or 1000")
    }
}
