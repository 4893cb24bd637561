extension ClassAdValue: CustomStringConvertible {
    /// The value as HTCondor unparses it (the compact form `condor_q -long`
    /// prints): strings quoted and escaped, reals as `%.15E`, lists as
    /// `{ 1,"a" }`, nested ads as `[ a = 1; b = 2 ]`. A list that came from
    /// a list literal prints its element expressions, as HTCondor does.
    public var description: String {
        switch self {
        case .undefined: return "undefined"
        case .error: return "error"
        case .boolean(let b): return b ? "true" : "false"
        case .integer(let i): return String(i)
        case .real(let r): return ClassAdRealFormat.format(r)
        case .string(let s): return ClassAdValue.quote(s)
        case .list(let items):
            if items.isEmpty { return "{  }" }
            if let sources = items.sources {
                return "{ " + sources.map { $0.unparse(condor: true) }.joined(separator: ",") + " }"
            }
            return "{ " + items.map(\.description).joined(separator: ",") + " }"
        case .classAd(let ad): return ad.unparse(condor: true)
        }
    }

    /// The text `string()` and `strcat()` produce for a value: strings are
    /// used as they are, everything else is unparsed.
    var stringConversion: String {
        if case .string(let s) = self { return s }
        return description
    }

    /// Quotes a string the way HTCondor's unparser does: backslash, double
    /// quote and the C control escapes are escaped, and every other byte
    /// outside printable ASCII (including each UTF-8 byte of non-ASCII text)
    /// is written as a three-digit octal escape, e.g. `é` → `\303\251`.
    static func quote(_ s: String) -> String {
        var out: [UInt8] = [UInt8(ascii: "\"")]
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += [92, 34]
            case UInt8(ascii: "\\"): out += [92, 92]
            case 0x0A: out += [92, UInt8(ascii: "n")]
            case 0x09: out += [92, UInt8(ascii: "t")]
            case 0x0D: out += [92, UInt8(ascii: "r")]
            case 0x07: out += [92, UInt8(ascii: "a")]
            case 0x08: out += [92, UInt8(ascii: "b")]
            case 0x0B: out += [92, UInt8(ascii: "v")]
            case 0x0C: out += [92, UInt8(ascii: "f")]
            case 0x20..<0x7F: out.append(byte)
            default:
                out.append(92)
                out.append(UInt8(ascii: "0") + (byte >> 6))
                out.append(UInt8(ascii: "0") + ((byte >> 3) & 7))
                out.append(UInt8(ascii: "0") + (byte & 7))
            }
        }
        out.append(UInt8(ascii: "\""))
        return String(decoding: out, as: UTF8.self)
    }
}
