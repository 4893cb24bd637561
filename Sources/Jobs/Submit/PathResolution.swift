/// Turning the paths people write into absolute ones, without touching the file system.
enum PathResolution {
    /// `path` if absolute, else `base/path`; `.` and `..` components and doubled `/` removed,
    /// as Python's `os.path.normpath(os.path.join(base, path))` does.
    static func absolute(_ path: String, base: String) -> String {
        let joined = path.hasPrefix("/") ? path : base + "/" + path
        var parts: [Substring] = []
        for part in joined.split(separator: "/") {
            if part == "." { continue }
            if part == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }
}

/// Results of the injected ClassAd check, so each distinct expression is parsed once.
struct ExpressionCache: Sendable {
    var results: [String: SubmitParseError?] = [:]
}
