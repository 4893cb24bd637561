/// Path and wildcard rules of keepalived's `include` (keepalived.conf(5), lines 19-60 of
/// `doc/man/man5/keepalived.conf.5.in`; `open_and_check_glob()` in `lib/parser.c`), for the
/// closure that finds included files and for tests that supply files from memory.
///
/// keepalived passes the name to `glob(3)` with `GLOB_BRACE`, after changing into the
/// directory of the file that contains the `include` line; so a relative name is relative to
/// the including file, and `*`, `?`, `[...]` and `{a,b}` work as in a shell. `glob` returns the
/// matches of each brace alternative in turn, each set sorted by name, and keepalived reads
/// them in that order.
public enum IncludePath {
    /// The pattern as a path from where the user started: relative names are joined to the
    /// folder of `file` (`conf.d/*.conf` included from `/etc/keepalived/keepalived.conf` is
    /// `/etc/keepalived/conf.d/*.conf`); absolute ones are kept.
    public static func resolve(_ pattern: String, relativeTo file: String) -> String {
        if pattern.hasPrefix("/") { return pattern }
        guard let slash = file.lastIndex(of: "/") else { return pattern }
        let directory = file[...slash]
        return directory + pattern
    }

    /// Whether `pattern` has any wildcard, so that matching no file is not an error.
    public static func hasWildcards(_ pattern: String) -> Bool {
        var escaped = false
        for character in pattern {
            if escaped { escaped = false; continue }
            if character == "\\" { escaped = true; continue }
            if "*?[{".contains(character) { return true }
        }
        return false
    }

    /// The patterns a `{a,b}` expression stands for, in order (`x{1,2}` → `x1`, `x2`).
    /// Nested braces are expanded too; a `{` without a matching `}` is kept as a character.
    public static func expandBraces(_ pattern: String) -> [String] {
        let characters = Array(pattern)
        var depth = 0
        var open: Int?
        var commas: [Int] = []
        var index = 0
        while index < characters.count {
            let c = characters[index]
            if c == "\\" { index += 2; continue }
            if c == "{" {
                if depth == 0 { open = index; commas = [] }
                depth += 1
            } else if c == "}", depth > 0 {
                depth -= 1
                if depth == 0, let start = open {
                    let prefix = String(characters[..<start])
                    let suffix = String(characters[(index + 1)...])
                    var bounds = [start] + commas + [index]
                    var alternatives: [String] = []
                    for i in 0..<(bounds.count - 1) {
                        alternatives.append(String(characters[(bounds[i] + 1)..<bounds[i + 1]]))
                    }
                    bounds.removeAll()
                    return alternatives.flatMap { expandBraces(prefix + $0 + suffix) }
                }
            } else if c == ",", depth == 1 {
                commas.append(index)
            }
            index += 1
        }
        return [pattern]
    }

    /// Whether `path` matches `pattern` as `glob(3)` would: component by component, `*` and `?`
    /// never match `/`, and a name starting with `.` is matched only by a pattern component
    /// that starts with `.` too. Braces are expanded first.
    public static func matches(_ path: String, pattern: String) -> Bool {
        expandBraces(pattern).contains { expanded in
            let names = path.split(separator: "/", omittingEmptySubsequences: false)
            let parts = expanded.split(separator: "/", omittingEmptySubsequences: false)
            guard names.count == parts.count else { return false }
            return zip(names, parts).allSatisfy { name, part in
                if name.hasPrefix("."), !part.hasPrefix(".") { return false }
                return matchComponent(Array(name), 0, Array(part), 0)
            }
        }
    }

    private static func matchComponent(_ name: [Character], _ n: Int, _ pattern: [Character], _ p: Int) -> Bool {
        if p == pattern.count { return n == name.count }
        switch pattern[p] {
        case "*":
            var k = n
            while true {
                if matchComponent(name, k, pattern, p + 1) { return true }
                if k == name.count { return false }
                k += 1
            }
        case "?":
            return n < name.count && matchComponent(name, n + 1, pattern, p + 1)
        case "[":
            guard n < name.count, let (matched, next) = matchClass(name[n], pattern, p) else {
                // An unclosed `[` is an ordinary character.
                return n < name.count && name[n] == "[" && matchComponent(name, n + 1, pattern, p + 1)
            }
            return matched && matchComponent(name, n + 1, pattern, next)
        case "\\" where p + 1 < pattern.count:
            return n < name.count && name[n] == pattern[p + 1] && matchComponent(name, n + 1, pattern, p + 2)
        default:
            return n < name.count && name[n] == pattern[p] && matchComponent(name, n + 1, pattern, p + 1)
        }
    }

    /// Matches one character against the class starting at `pattern[p] == "["`; nil when the
    /// class has no closing `]`. Returns whether it matched and the index after the class.
    private static func matchClass(_ c: Character, _ pattern: [Character], _ p: Int) -> (Bool, Int)? {
        var i = p + 1
        var negate = false
        if i < pattern.count, pattern[i] == "!" || pattern[i] == "^" { negate = true; i += 1 }
        var matched = false
        var first = true
        while i < pattern.count {
            if pattern[i] == "]", !first { return (matched != negate, i + 1) }
            first = false
            let low = pattern[i]
            if i + 2 < pattern.count, pattern[i + 1] == "-", pattern[i + 2] != "]" {
                if low <= c, c <= pattern[i + 2] { matched = true }
                i += 3
            } else {
                if c == low { matched = true }
                i += 1
            }
        }
        return nil
    }
}
