/// ClassAd string literals: `"` around, `\` and `"` escaped (ClassAd language reference).
public enum ClassAdLiteral {
    public static func string(_ text: String) -> String {
        var out = "\""
        for c in text {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: out.append(c)
            }
        }
        return out + "\""
    }

    /// The text of a string literal written by `string(_:)`, or nil if `expression` is not one.
    public static func decodeString(_ expression: String) -> String? {
        let chars = Array(expression)
        guard chars.count >= 2, chars.first == "\"", chars.last == "\"" else { return nil }
        var out = ""
        var i = 1
        while i < chars.count - 1 {
            if chars[i] == "\\", i + 1 < chars.count - 1 {
                switch chars[i + 1] {
                case "n": out.append("\n")
                case "t": out.append("\t")
                default: out.append(chars[i + 1])
                }
                i += 2
                continue
            }
            if chars[i] == "\"" { return nil }
            out.append(chars[i])
            i += 1
        }
        return out
    }
}
