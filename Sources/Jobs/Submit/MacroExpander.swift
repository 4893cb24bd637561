/// Expands `$(name)`, `$(name:default)`, `$ENV(X)`, `$INT(name,fmt)`, `$REAL(name,fmt)` and
/// `$RANDOM_CHOICE(a,b,…)` (JDL l.2745-2980). `$$(…)` is left as written: the schedd expands it
/// at match time from the machine ad.
///
/// Names are case-insensitive. An undefined macro without a default expands to nothing, as in
/// HTCondor. Values are expanded again, so definitions may refer to each other; a chain deeper
/// than `depthLimit` (a definition that refers to itself) is an error, not a hang.
struct MacroExpander: Sendable {
    /// Lower-cased name → raw value. Per-proc variables (`Process`, `Item`, …) win over these.
    var macros: [String: String]
    var live: [String: String] = [:]
    var environment: [String: String]
    /// Seeds `$RANDOM_CHOICE`, so a run is reproducible (we pick deterministically per proc).
    var seed: Int = 0
    var depthLimit = 32

    func value(of name: String) -> String? {
        let key = name.lowercased()
        return live[key] ?? macros[key]
    }

    /// The fully expanded text; failure offsets are Characters into `text`.
    func expand(_ text: String) -> Result<String, SubmitParseError> {
        expand(text, depth: 0)
    }

    private func expand(_ text: String, depth: Int) -> Result<String, SubmitParseError> {
        guard text.contains("$") else { return .success(text) }
        let chars = Array(text)
        var out = ""
        var i = 0
        while i < chars.count {
            guard chars[i] == "$" else { out.append(chars[i]); i += 1; continue }
            // `$$(...)`: match-time reference, copied through untouched.
            if i + 2 < chars.count, chars[i + 1] == "$", chars[i + 2] == "(" {
                guard let close = Self.closing(chars, from: i + 2) else {
                    return .failure(.init("unterminated '$$(' reference; add ')'", offset: i))
                }
                out += String(chars[i...close])
                i = close + 1
                continue
            }
            var j = i + 1
            while j < chars.count, chars[j].isLetter || chars[j] == "_" { j += 1 }
            guard j < chars.count, chars[j] == "(" else { out.append("$"); i += 1; continue }
            guard let close = Self.closing(chars, from: j) else {
                return .failure(.init("unterminated '$(' macro reference; add ')'", offset: i))
            }
            let function = String(chars[(i + 1)..<j]).uppercased()
            let inner = String(chars[(j + 1)..<close])
            if depth >= depthLimit {
                return .failure(.init(
                    "macro expansion deeper than \(depthLimit) levels at '\(String(chars[i...close]))'",
                    offset: i, hint: "a macro probably refers to itself"))
            }
            let result = call(function, inner, depth: depth)
            switch result {
            case .success(let text?): out += text
            case .success(nil): out += String(chars[i...close])  // not ours: keep literally
            case .failure(let error):
                return .failure(.init(error.message, offset: depth == 0 ? i : error.offset, hint: error.hint))
            }
            i = close + 1
        }
        return .success(out)
    }

    private func call(_ function: String, _ inner: String, depth: Int) -> Result<String?, SubmitParseError> {
        switch function {
        case "":
            var name = inner, fallback: String? = nil
            if let colon = inner.firstIndex(of: ":") {
                name = String(inner[..<colon])
                fallback = String(inner[inner.index(after: colon)...])
            }
            guard let raw = value(of: name.trimmingSubmitSpace()) ?? fallback else { return .success("") }
            return expand(raw, depth: depth + 1).map { $0 }
        case "ENV":
            let parts = inner.split(separator: ":", maxSplits: 1).map(String.init)
            let name = parts.first?.trimmingSubmitSpace() ?? ""
            // HTCondor expands an unset variable without a default to the word UNDEFINED
            // (checked against htcondor2 25.14.1's Submit.expand).
            return .success(environment[name] ?? (parts.count > 1 ? parts[1] : "UNDEFINED"))
        case "RANDOM_CHOICE":
            let choices = inner.split(separator: ",").map { $0.trimmingSubmitSpace() }
            guard !choices.isEmpty else { return .success("") }
            let pick = choices[abs(seed % choices.count)]
            return expand(pick, depth: depth + 1).map { $0 }
        case "INT", "REAL":
            let parts = inner.split(separator: ",", maxSplits: 1).map(String.init)
            let name = parts.first?.trimmingSubmitSpace() ?? ""
            let raw = value(of: name) ?? name
            switch expand(raw, depth: depth + 1) {
            case .failure(let error): return .failure(error)
            case .success(let text):
                let format = parts.count > 1 ? parts[1].trimmingSubmitSpace() : nil
                let word = text.trimmingSubmitSpace()
                if function == "INT" {
                    guard let number = Int(word) ?? Double(word).flatMap({ $0.isFinite ? Int(exactly: $0.rounded(.towardZero)) : nil }) else {
                        return .failure(.init("$INT(\(inner)): '\(word)' is not an integer", offset: 0))
                    }
                    return .success(PrintfFormat.integer(number, format ?? "%d"))
                }
                guard let number = Double(word) else {
                    return .failure(.init("$REAL(\(inner)): '\(word)' is not a number", offset: 0))
                }
                return .success(PrintfFormat.real(number, format))
            }
        default:
            return .success(nil)
        }
    }

    /// Index of the `)` matching the `(` at `open`, counting nesting.
    static func closing(_ chars: [Character], from open: Int) -> Int? {
        var level = 0
        for k in open..<chars.count {
            if chars[k] == "(" { level += 1 }
            if chars[k] == ")" { level -= 1; if level == 0 { return k } }
        }
        return nil
    }

    /// Names referred to as `$(name)` or `$(name:default)` anywhere in `text` (lower-cased), for
    /// telling a misspelt command from a macro someone uses.
    static func references(in text: String) -> [String] {
        var names: [String] = []
        let chars = Array(text)
        var i = 0
        while i + 1 < chars.count {
            if chars[i] == "$", chars[i + 1] == "(" {
                var j = i + 2
                while j < chars.count, chars[j] != ")", chars[j] != ":", chars[j] != "(" { j += 1 }
                names.append(String(chars[(i + 2)..<j]).trimmingSubmitSpace().lowercased())
                i = j
            } else if chars[i] == "$", chars[i + 1].isLetter {
                // $INT(name,...) / $REAL(name,...)
                var j = i + 1
                while j < chars.count, chars[j].isLetter || chars[j] == "_" { j += 1 }
                if j < chars.count, chars[j] == "(" {
                    var k = j + 1
                    while k < chars.count, chars[k] != ")", chars[k] != "," { k += 1 }
                    names.append(String(chars[(j + 1)..<k]).trimmingSubmitSpace().lowercased())
                }
                i = j
            } else {
                i += 1
            }
        }
        return names
    }
}
