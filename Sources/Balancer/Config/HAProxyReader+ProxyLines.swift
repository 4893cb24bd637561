import RacimoCore

/// Reading haproxy.cfg: one line of a frontend, backend, listen or defaults section.
extension HAProxyReader {
    mutating func readProxyLine(_ words: [ConfigWord], kind: Kind) {
        let keyword = words[0].text
        let at = words[0].location
        if HAProxyKeywords.ignored.contains(keyword) {
            warning(at, "'\(keyword)' is not supported by racimo balancer and is ignored")
            return
        }
        if HAProxyKeywords.refused.contains(keyword) {
            error(at, "'\(keyword)' is not supported by racimo balancer",
                  hint: "ignoring it would send connections differently from HAProxy")
            return
        }
        guard HAProxyKeywords.supported[keyword] != nil else {
            error(at, "unknown keyword '\(keyword)' in '\(kind.rawValue)' section",
                  suggestion: Suggestion.closest(to: keyword, in: HAProxyKeywords.proxyKeywords + HAProxyKeywords.sections))
            return
        }
        guard allowed(keyword, in: kind) else {
            error(at, "'\(keyword)' is not allowed in a '\(kind.rawValue)' section")
            return
        }
        guard var section = current else { return }
        defer { current = section }
        let args = Array(words.dropFirst())
        func one(_ what: String) -> ConfigWord? {
            guard let first = args.first else {
                error(at, "'\(keyword)' needs \(what)")
                return nil
            }
            if let extra = args.dropFirst().first {
                error(extra.location, "unexpected '\(extra.text)' after '\(keyword) \(first.text)'")
                return nil
            }
            return first
        }
        switch keyword {
        case "mode":
            guard let w = one("tcp or http") else { return }
            if let mode = Configuration.Mode(rawValue: w.text) {
                section.settings.mode = mode
            } else if w.text == "health" {
                error(w.location, "'mode health' is not supported")
            } else {
                error(w.location, "unknown mode '\(w.text)'",
                      suggestion: Suggestion.closest(to: w.text, in: Configuration.Mode.allCases.map(\.rawValue)))
            }
        case "bind":
            readBind(words, into: &section)
        case "source":
            if let binding = readSource(args[...], at: at) { section.settings.source = binding }
        case "balance":
            guard let w = args.first else { error(at, "'balance' needs an algorithm"); return }
            if let balance = Configuration.Balance(rawValue: w.text) {
                if let extra = args.dropFirst().first {
                    error(extra.location, "unexpected '\(extra.text)' after 'balance \(w.text)'")
                    return
                }
                section.settings.balance = balance
            } else if ["uri", "url_param", "random", "rdp-cookie", "hash"].contains(w.text) || w.text.hasPrefix("hdr(")
                        || w.text.hasPrefix("rdp-cookie(") {
                error(w.location, "'balance \(w.text)' is not supported",
                      hint: "use roundrobin, static-rr, leastconn, first or source")
            } else {
                error(w.location, "unknown balance algorithm '\(w.text)'",
                      suggestion: Suggestion.closest(to: w.text, in: Configuration.Balance.allCases.map(\.rawValue)))
            }
        case "server":
            readServer(args, at: at, into: &section)
        case "default-server":
            var server = section.settings.defaultServer
            readServerParameters(args[...], into: &server)
            section.settings.defaultServer = server
        case "option", "no":
            readOption(words, into: &section)
        case "http-check":
            readHTTPCheck(args, at: at, into: &section)
        case "timeout":
            readTimeout(args, at: at, into: &section)
        case "retries":
            guard let w = one("a number") else { return }
            if let n = ConfigSupport.integer(w.text), n <= 1_000_000 {
                section.settings.retries = n
            } else {
                error(w.location, "'retries' needs a whole number, found '\(w.text)'")
            }
        case "default_backend":
            guard let w = one("a backend name") else { return }
            section.settings.defaultBackend = w.text
            section.settings.defaultBackendWord = w
        case "use_backend":
            readUseBackend(args, at: at, into: &section)
        case "acl":
            readACL(args, at: at, into: &section)
        default:
            break
        }
    }
}
