@testable import Jobs

/// The canonical one-line rendering `scripts/condor/classad_eval.py` prints,
/// so results can be compared line by line.
enum ClassAdCanonical {
    static func render(_ v: ClassAdValue) -> String {
        switch v {
        case .undefined: return "undefined"
        case .error: return "error"
        case .boolean(let b): return b ? "bool true" : "bool false"
        case .integer(let i): return "int \(i)"
        case .real(let r): return "real \(r)"
        case .string(let s): return "string " + json(s)
        case .list(let items): return "list [" + items.map(render).joined(separator: ", ") + "]"
        case .classAd: return "classad"
        }
    }

    /// Python's `json.dumps` (ASCII output).
    static func json(_ s: String) -> String {
        var out = "\""
        for u in s.utf16 {
            switch u {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0x08: out += "\\b"
            case 0x0C: out += "\\f"
            case 0x20..<0x7F: out.unicodeScalars.append(Unicode.Scalar(UInt8(u)))
            default:
                let hex = String(u, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            }
        }
        return out + "\""
    }

    /// Documented exclusion: HTCondor stores an ad's attributes in a hash
    /// table and unparses them in hash order, so `string([p2 = 1; q = 2])`
    /// may print `[ q = 2; p2 = 1 ]`; this implementation keeps insertion
    /// order. Two string results that are permutations of each other and
    /// contain an ad are counted as this case rather than as a mismatch.
    static func differsOnlyInAdAttributeOrder(_ a: String, _ b: String) -> Bool {
        a.hasPrefix("string ") && b.hasPrefix("string ") && a.contains("[ ") && a.contains("; ")
            && a.sorted() == b.sorted()
    }

    /// Whether two canonical lines agree; reals within 1e-12 relative.
    static func agree(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        if a.hasPrefix("list [") && b.hasPrefix("list [") {
            return a.filter { $0 != " " } == b.filter { $0 != " " } || listAgree(a, b)
        }
        guard a.hasPrefix("real "), b.hasPrefix("real "),
              let x = Double(a.dropFirst(5)), let y = Double(b.dropFirst(5)) else { return false }
        if x.isNaN && y.isNaN { return true }
        if x == y { return true }
        return abs(x - y) <= 1e-12 * max(abs(x), abs(y))
    }

    /// Lists: compare element renderings that differ only in real rounding.
    static func listAgree(_ a: String, _ b: String) -> Bool {
        let ta = a.split(separator: " "), tb = b.split(separator: " ")
        guard ta.count == tb.count else { return false }
        for (p, q) in zip(ta, tb) where p != q {
            let trim: (Substring) -> Double? = { Double($0.filter { "0123456789.e+-infa".contains($0) }) }
            guard let x = trim(p), let y = trim(q), abs(x - y) <= 1e-12 * max(abs(x), abs(y)) else { return false }
        }
        return true
    }
}
