import Jobs

/// The JSON `submit-dryrun` prints: one object per proc, keys as HTCondor names attributes,
/// ClassAd strings as JSON strings, integer literals as numbers, other expressions as their text.
public enum DryRunJSON {
    public static func render(_ submission: Submission) -> String {
        var out = "[\n"
        for (index, job) in submission.jobs.enumerated() {
            out += "  {"
            out += job.classAd.map { "\(quote($0.name)): \(value($0.expression))" }
                .joined(separator: ", ")
            out += index + 1 < submission.jobs.count ? "},\n" : "}\n"
        }
        return out + "]\n"
    }

    static func value(_ expression: String) -> String {
        if let text = ClassAdLiteral.decodeString(expression) { return quote(text) }
        if let number = Int(expression) { return String(number) }
        return quote(expression)
    }

    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
