/// keepalived's value syntaxes, as its parser reads them (`lib/parser.c`).
enum KeepalivedValues {
    /// A decimal number with at most `digits` decimal places, times 10^digits
    /// (`read_decimal_unsigned_long_func()`): `"1.5"` with 6 digits is 1 500 000. nil for
    /// anything else, including a sign, and for more decimal places than `digits` (keepalived
    /// rounds those and reports a configuration error; here they are refused).
    static func decimal(_ text: String, digits: Int) -> Int64? {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = parts[0]
        let fraction = parts.count == 2 ? parts[1] : ""
        guard !(whole.isEmpty && fraction.isEmpty), whole.count <= 12, fraction.count <= digits,
              whole.allSatisfy(\.isASCIIDigit), fraction.allSatisfy(\.isASCIIDigit)
        else { return nil }
        var value = Int64(whole.isEmpty ? "0" : whole) ?? 0
        for _ in 0..<digits { value *= 10 }
        var scale: Int64 = 1
        for _ in 0..<(digits - fraction.count) { scale *= 10 }
        if !fraction.isEmpty { value += (Int64(fraction) ?? 0) * scale }
        return value
    }

    /// A whole number, optionally negative (`read_int_func()` takes `strtol`'s syntax; a
    /// leading `+` and surrounding blanks are refused here for clarity).
    static func integer(_ text: String) -> Int? {
        let digits = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
        guard !digits.isEmpty, digits.count <= 18, digits.allSatisfy(\.isASCIIDigit) else { return nil }
        return Int(text)
    }

    /// `<BOOL>`: on|off|true|false|yes|no (man l.60-62; `check_true_false()`).
    static func boolean(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "on", "true", "yes": true
        case "off", "false", "no": false
        default: nil
        }
    }

    /// `USER [GROUP]`, `USER:GROUP` or `USER :GROUP` (man l.739; `set_script_uid_gid()`).
    static func userAndGroup(_ words: [String]) -> (user: String, group: String?)? {
        guard let first = words.first, !first.isEmpty else { return nil }
        if let colon = first.firstIndex(of: ":") {
            let user = String(first[..<colon])
            let group = String(first[first.index(after: colon)...])
            guard !user.isEmpty else { return nil }
            return (user, group.isEmpty ? words.dropFirst().first : group)
        }
        guard words.count > 1 else { return (first, nil) }
        let second = words[1].hasPrefix(":") ? String(words[1].dropFirst()) : words[1]
        return (first, second.isEmpty ? nil : second)
    }

    enum SplitError: Error, Equatable {
        case unterminatedQuote(Character)
        case trailingBackslash
    }

    /// Splits a script's command line into arguments as `alloc_strvec_quoted_escaped()` does:
    /// blanks separate words; `'...'` and `"..."` keep blanks and may be glued to other text;
    /// a backslash escapes the next character, with `\a \b \E \f \n \r \t \v`, `\xHH`, `\cX`
    /// and octal `\NNN` understood (any other escaped character stands for itself).
    static func splitCommand(_ text: String) throws(SplitError) -> [String] {
        let chars = Array(text)
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var i = 0
        func isBlank(_ c: Character) -> Bool { c == " " || c == "\t" || c == "\u{0B}" || c == "\u{0C}" || c == "\r" }
        while i < chars.count {
            let c = chars[i]
            if c == "\\" {
                i += 1
                guard i < chars.count else { throw .trailingBackslash }
                inWord = true
                let e = chars[i]
                switch e {
                case "x" where i + 1 < chars.count && chars[i + 1].isHexDigit:
                    var value: UInt32 = 0
                    var n = 0
                    i += 1
                    while n < 2, i < chars.count, let digit = chars[i].hexDigitValue {
                        value = value << 4 | UInt32(digit)
                        i += 1
                        n += 1
                    }
                    current.unicodeScalars.append(Unicode.Scalar(value)!)
                    continue
                case "c" where i + 1 < chars.count:
                    let scalar = chars[i + 1].unicodeScalars.first!.value & 0x1f
                    current.unicodeScalars.append(Unicode.Scalar(scalar)!)
                    i += 2
                    continue
                case "0"..."7":
                    var value: UInt32 = 0
                    var n = 0
                    while n < 3, i < chars.count, let d = chars[i].wholeNumberValue, d < 8, chars[i].isASCII {
                        value = value << 3 | UInt32(d)
                        i += 1
                        n += 1
                    }
                    current.unicodeScalars.append(Unicode.Scalar(value & 0xff)!)
                    continue
                case "a": current.append("\u{07}")
                case "b": current.append("\u{08}")
                case "E": current.append("\u{1B}")
                case "f": current.append("\u{0C}")
                case "n": current.append("\n")
                case "r": current.append("\r")
                case "t": current.append("\t")
                case "v": current.append("\u{0B}")
                default: current.append(e)
                }
                i += 1
                continue
            }
            if let q = quote {
                if c == q { quote = nil } else { current.append(c) }
                i += 1
                continue
            }
            if c == "'" || c == "\"" {
                quote = c
                inWord = true
            } else if isBlank(c) {
                if inWord { words.append(current) }
                current = ""
                inWord = false
            } else {
                current.append(c)
                inWord = true
            }
            i += 1
        }
        if let q = quote { throw .unterminatedQuote(q) }
        if inWord { words.append(current) }
        return words
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
