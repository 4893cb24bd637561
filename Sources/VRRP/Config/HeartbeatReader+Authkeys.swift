import RacimoCore

/// Reading Heartbeat's authkeys.
extension HeartbeatReader {
    /// `parse_authfile()` in heartbeat/auth.c: one `auth N` line, and `N METHOD [KEY]` lines
    /// with N from 0 to 15 (MAXAUTH 16); md5 and sha1 need a key, crc takes none.
    mutating func readAuthkeys(_ file: HeartbeatFile) -> Configuration.AuthKeys? {
        var active: (Int, ConfigWord)?
        var keys: [Configuration.AuthKeys.Key] = []
        var failed = false
        for line in HeartbeatText.authkeys(file.text, file: file.name) {
            let first = line.words[0]
            if first.text.hasPrefix("a") {
                // sscanf(bp, "auth %d")
                guard first.text == "auth", line.words.count >= 2, let id = Int(line.words[1].text) else {
                    diagnostics.append(.error(at: first.location, "invalid auth line in authkeys", hint: "write 'auth N', N being one of the keys below"))
                    failed = true
                    continue
                }
                active = (id, line.words[1])
                continue
            }
            guard let id = Int(first.text), line.words.count >= 2 else {
                diagnostics.append(.error(at: first.location, "invalid line in authkeys",
                                          hint: "write 'auth N' and then 'N md5 KEY' or 'N sha1 KEY'"))
                failed = true
                continue
            }
            guard (0..<16).contains(id) else {
                diagnostics.append(.error(at: first.location, "key number \(id) in authkeys must be from 0 to 15"))
                failed = true
                continue
            }
            let methodWord = line.words[1]
            guard let method = Configuration.AuthKeys.Method(rawValue: methodWord.text) else {
                diagnostics.append(.error(at: methodWord.location, "unknown authentication method '\(methodWord.text)' in authkeys",
                                          suggestion: Suggestion.closest(to: methodWord.text, in: ["sha1", "md5", "crc"]),
                                          hint: "use sha1 or md5"))
                failed = true
                continue
            }
            let secret = line.words.count >= 3 ? line.words[2] : nil
            switch (method, secret) {
            case (.crc, let secret?):
                diagnostics.append(.error(at: secret.location, "authentication method crc takes no key", hint: "use sha1 with the key"))
                failed = true
                continue
            case (.md5, nil), (.sha1, nil):
                diagnostics.append(.error(at: methodWord.location, "authentication method \(method.rawValue) needs a key"))
                failed = true
                continue
            default:
                break
            }
            if line.words.count > 3 {
                // sscanf("%d%s%s") reads one word of key: the rest of the line never counted.
                diagnostics.append(.warning(at: line.words[3].location,
                                            "only the first word after '\(method.rawValue)' is the key; the rest of the line is ignored, as Heartbeat does",
                                            hint: "a key cannot contain blanks"))
            }
            if let previous = keys.firstIndex(where: { $0.id == id }) {
                diagnostics.append(.warning(at: first.location, "key \(id) is defined twice in authkeys; the last one is used, as in Heartbeat"))
                keys.remove(at: previous)
            }
            keys.append(.init(id: id, method: method, secret: secret?.text, location: first.location))
        }
        let start = SourceLocation(file: file.name, line: 1, column: 1)
        guard let (id, word) = active else {
            diagnostics.append(.error(at: start, "authkeys has no 'auth N' line", hint: "add 'auth 1' before '1 sha1 KEY'"))
            return nil
        }
        guard let key = keys.first(where: { $0.id == id }) else {
            diagnostics.append(.error(at: word.location, "'auth \(id)' names no key in authkeys",
                                      hint: "add a line '\(id) sha1 KEY'"))
            return nil
        }
        if key.method == .crc {
            diagnostics.append(.warning(at: key.location,
                                        "key \(id) uses crc, which only detects damaged packets: anyone on the network can forge adverts",
                                        hint: "use sha1 with a long random key"))
        }
        return failed ? nil : Configuration.AuthKeys(activeID: id, keys: keys)
    }
}
