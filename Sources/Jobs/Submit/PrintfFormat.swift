/// The small part of printf that `$INT(name,%05d)` and `$REAL(name,%.2f)` need (JDL l.981-986).
enum PrintfFormat {
    /// Formats with `%[-][0][width](d|i|x|X|o)`; text around the conversion is kept.
    static func integer(_ value: Int, _ format: String) -> String {
        guard let spec = Spec(format) else { return String(value) }
        var digits: String
        switch spec.conversion {
        case "x": digits = String(value.magnitude, radix: 16)
        case "X": digits = String(value.magnitude, radix: 16).uppercased()
        case "o": digits = String(value.magnitude, radix: 8)
        default: digits = String(value.magnitude)
        }
        if value < 0 { digits = "-" + digits }
        return spec.prefix + spec.pad(digits) + spec.suffix
    }

    /// Formats with `%[width][.precision]f`; default is the shortest form.
    static func real(_ value: Double, _ format: String?) -> String {
        guard let format, let spec = Spec(format), let precision = spec.precision else {
            return String(value)
        }
        let scale = Double((0..<min(precision, 15)).reduce(1) { acc, _ in acc * 10 })
        let rounded = (abs(value) * scale).rounded()
        guard rounded < 1e18 else { return String(value) }
        let whole = Int(rounded) / Int(scale), fraction = Int(rounded) % Int(scale)
        var text = String(whole)
        if precision > 0 {
            let f = String(fraction)
            text += "." + String(repeating: "0", count: max(0, min(precision, 15) - f.count)) + f
        }
        if value < 0 { text = "-" + text }
        return spec.prefix + spec.pad(text) + spec.suffix
    }

    struct Spec {
        var prefix = "", suffix = "", conversion: Character = "d"
        var zero = false, left = false, width = 0
        var precision: Int?

        init?(_ format: String) {
            guard let percent = format.firstIndex(of: "%") else { return nil }
            prefix = String(format[..<percent])
            var rest = format[format.index(after: percent)...]
            while let c = rest.first, c == "0" || c == "-" {
                if c == "0" { zero = true } else { left = true }
                rest = rest.dropFirst()
            }
            let width = rest.prefix { $0.isNumber }
            self.width = min(Int(width) ?? 0, 64)
            rest = rest.dropFirst(width.count)
            if rest.first == "." {
                rest = rest.dropFirst()
                let p = rest.prefix { $0.isNumber }
                precision = min(Int(p) ?? 0, 15)
                rest = rest.dropFirst(p.count)
            }
            guard let c = rest.first else { return nil }
            conversion = c
            suffix = String(rest.dropFirst())
        }

        func pad(_ text: String) -> String {
            let missing = max(0, width - text.count)
            if left { return text + String(repeating: " ", count: missing) }
            if zero {
                if text.hasPrefix("-") { return "-" + String(repeating: "0", count: missing) + text.dropFirst() }
                return String(repeating: "0", count: missing) + text
            }
            return String(repeating: " ", count: missing) + text
        }
    }
}
