import RacimoCore

/// Reading keepalived.conf: the checker blocks of a `real_server`.
extension KeepalivedVirtualServerReader {
    mutating func readCheck(
        _ statement: ConfigStatement, virtual: Configuration.VirtualServer, timing outer: KeepalivedCheckTiming
    ) -> Configuration.Check? {
        let keyword = statement.keyword
        let name = keyword.text
        if KeepalivedLVSKeywords.refusedCheckers.contains(name) {
            error(keyword.location, "\(name) is not supported by racimo balancer",
                  hint: "use TCP_CHECK, HTTP_GET, SSL_GET or MISC_CHECK; another check would change which servers get traffic")
            return nil
        }
        if let extra = statement.arguments.first {
            error(extra.location, "'\(name)' takes no value, found '\(extra.text)'")
        }
        let block = statement.block ?? []
        let known: [String]
        switch name {
        case "TCP_CHECK": known = KeepalivedLVSKeywords.checkerCommon
        case "MISC_CHECK": known = KeepalivedLVSKeywords.misc
        default: known = KeepalivedLVSKeywords.http
        }
        var timing = KeepalivedCheckTiming()
        var port: Int?
        var urls: [Configuration.URLCheck] = []
        var virtualHost: String?
        var miscPath: String?
        var miscTimeout: Duration?
        var dynamic = false
        var user: String?
        let errorsBefore = errorCount
        for s in block {
            let key = s.keyword.text
            guard known.contains(key) else {
                diagnostics.append(BraceConfigLexer.unknownKeyword(s.keyword, known: known, context: name))
                continue
            }
            if key == "url" {
                if let url = readURL(s) { urls.append(url) }
                continue
            }
            if readTiming(s, into: &timing, oldRetry: true) { continue }
            noBlock(s)
            if let hint = KeepalivedLVSKeywords.checkerIgnored[key] {
                warning(s.keyword.location, "'\(key)' is not supported by racimo balancer and is ignored", hint: hint)
                continue
            }
            if let hint = KeepalivedLVSKeywords.checkerRefused[key] {
                error(s.keyword.location, "'\(key)' is not supported by racimo balancer", hint: hint)
                continue
            }
            switch key {
            case "connect_port":
                if let word = single(s) { port = self.port(word, key) }
            case "virtualhost":
                if let word = single(s) { virtualHost = word.text }
            case "misc_path":
                // keepalived takes the rest of the line as the command and its arguments.
                if s.arguments.isEmpty {
                    error(s.keyword.location, "'misc_path' needs a command")
                } else {
                    miscPath = s.arguments.map(\.text).joined(separator: " ")
                }
            case "misc_timeout":
                if let word = single(s) { miscTimeout = seconds(word, key) }
            case "misc_dynamic":
                if noArguments(s) { dynamic = true }
            case "user":
                // `user USER [GROUP]`; the group is the user's own unless given.
                if s.arguments.isEmpty {
                    error(s.keyword.location, "'user' needs a user name")
                } else if s.arguments.count > 2 {
                    error(s.arguments[2].location, "unexpected '\(s.arguments[2].text)' after 'user USER GROUP'")
                } else {
                    user = s.arguments.map(\.text).joined(separator: " ")
                }
            default:
                break
            }
        }
        let t = timing.over(outer)
        let connectTimeout = t.connectTimeout ?? .seconds(5)
        let kind: Configuration.Check.Kind
        switch name {
        case "TCP_CHECK":
            kind = .tcp(connectTimeout: connectTimeout, port: port)
        case "MISC_CHECK":
            guard let miscPath else {
                // A misspelt or malformed misc_path was reported already.
                if errorCount == errorsBefore { error(keyword.location, "MISC_CHECK needs a 'misc_path'", hint: "write misc_path \"/path/to/script args\"") }
                return nil
            }
            kind = .misc(path: miscPath, timeout: miscTimeout, dynamic: dynamic, user: user)
        default:
            guard !urls.isEmpty else {
                if errorCount == errorsBefore {
                    error(keyword.location, "\(name) needs at least one 'url { path ... }' block")
                }
                return nil
            }
            kind = .http(urls: urls, connectTimeout: connectTimeout, port: port,
                         virtualHost: virtualHost ?? virtual.virtualHost, tls: name == "SSL_GET")
            if name == "SSL_GET" {
                warning(keyword.location, "SSL_GET is run as a TCP connect check: racimo does not speak TLS to check a server yet",
                        hint: "the server is taken out when it stops accepting connections, not when its pages fail")
            }
        }
        let isHTTP = name == "HTTP_GET" || name == "SSL_GET"
        return Configuration.Check(
            kind: kind, retry: t.retry ?? 1, delayBeforeRetry: t.delayBeforeRetry ?? .seconds(isHTTP ? 3 : 1),
            delayLoop: t.delayLoop ?? virtual.delayLoop, warmup: t.warmup, location: keyword.location)
    }

    mutating func readURL(_ statement: ConfigStatement) -> Configuration.URLCheck? {
        noArguments(statement)
        guard let block = statement.block else {
            error(statement.keyword.location, "'url' needs a block", hint: "write 'url { path /health }'")
            return nil
        }
        var path: String?
        var codes: [ClosedRange<Int>] = []
        var url = Configuration.URLCheck(path: "/")
        let errorsBefore = errorCount
        for s in block {
            let key = s.keyword.text
            guard KeepalivedLVSKeywords.url.contains(key) else {
                diagnostics.append(BraceConfigLexer.unknownKeyword(s.keyword, known: KeepalivedLVSKeywords.url, context: "url"))
                continue
            }
            noBlock(s)
            switch key {
            case "path":
                if let word = single(s) { path = word.text }
            case "status_code":
                if s.arguments.isEmpty { error(s.keyword.location, "'status_code' needs a value") }
                for word in s.arguments {
                    if let range = statusRange(word) { codes.append(range) }
                }
            case "regex":
                if let word = single(s) { url.regex = word.text }
            case "virtualhost":
                if let word = single(s) { url.virtualHost = word.text }
            case "digest":
                guard let word = single(s) else { continue }
                let hex = word.text.lowercased()
                if hex.utf8.count == 32, hex.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }) {
                    url.digest = hex
                    error(s.keyword.location, "'digest' is not supported by racimo balancer",
                          hint: "check the body with 'regex' or the status with 'status_code'; ignoring it would change which servers get traffic")
                } else {
                    error(word.location, "digest must be 32 hexadecimal digits (an MD5 sum), found '\(word.text)'")
                }
            default:  // regex_no_match, regex_options, regex_stack, regex_min/max_offset
                error(s.keyword.location, "'\(key)' is not supported by racimo balancer",
                      hint: "racimo matches 'regex' anywhere in the body, case-sensitively; ignoring it would change which servers get traffic")
            }
        }
        guard let path else {
            // A misspelt or malformed path was reported already; keep the url so that the
            // checker is not also reported as having none.
            guard errorCount == errorsBefore else { return url }
            error(statement.keyword.location, "'url' needs a 'path'", hint: "write 'path /health' in the url block")
            return nil
        }
        url.path = path
        if !codes.isEmpty { url.statusCodes = codes }
        return url
    }

    /// `200` or `200-299`, within 100...599.
    mutating func statusRange(_ word: ConfigWord) -> ClosedRange<Int>? {
        let parts = word.text.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let values = parts.map { ConfigSupport.integer($0) }
        if values.allSatisfy({ $0 != nil && (100...599).contains($0!) }) {
            let low = values[0]!, high = values.last!!
            if low <= high { return low...high }
        }
        error(word.location, "status_code must be an HTTP status from 100 to 599 or a range such as 200-299, found '\(word.text)'")
        return nil
    }
}
