import RacimoCore

/// Reading haproxy.cfg: `option`, `http-check` and `timeout` lines.
extension HAProxyReader {
    mutating func readOption(_ words: [ConfigWord], into section: inout Section) {
        var args = words.dropFirst()
        var negated = false
        if words[0].text == "no" {
            guard args.first?.text == "option" else {
                error(words[0].location, "'no' must be followed by 'option'")
                return
            }
            negated = true
            args = args.dropFirst()
        }
        guard let name = args.first else {
            error(words[0].location, "'option' needs a name")
            return
        }
        let rest = Array(args.dropFirst())
        switch name.text {
        case "redispatch":
            var interval = -1
            if let n = rest.first {
                guard let magnitude = ConfigSupport.integer(n.text.hasPrefix("-") ? String(n.text.dropFirst()) : n.text) else {
                    error(n.location, "'option redispatch' takes an optional interval number, found '\(n.text)'")
                    return
                }
                interval = n.text.hasPrefix("-") ? -magnitude : magnitude
            }
            section.settings.redispatch = !negated
            section.settings.redispatchInterval = negated ? 0 : interval
        case "httpchk":
            guard !negated else { section.settings.healthCheck = .connect; return }
            var method = "OPTIONS", uri = "/", version = "HTTP/1.0"
            switch rest.count {
            case 0: break
            case 1: uri = rest[0].text
            case 2: (method, uri) = (rest[0].text, rest[1].text)
            default: (method, uri, version) = (rest[0].text, rest[1].text, rest[2...].map(\.text).joined(separator: " "))
            }
            section.settings.healthCheck = .http(method: method, uri: uri, version: version, expect: nil)
        case "forwardfor":
            // HAProxy adds X-Forwarded-For only when asked; its arguments narrow or rename it.
            if let extra = rest.first, !negated {
                warning(extra.location, "'option forwardfor' arguments are not supported and are ignored",
                        hint: "racimo adds 'X-Forwarded-For: <client address>' to every request")
            }
            section.settings.forwardFor = !negated
        case "tcp-check":
            if let extra = rest.first { error(extra.location, "unexpected '\(extra.text)' after 'option tcp-check'"); return }
            section.settings.healthCheck = negated ? .connect : .tcpCheck
        default:
            if HAProxyKeywords.ignoredOptions.contains(name.text) {
                warning(name.location, "option '\(name.text)' is not supported by racimo balancer and is ignored")
            } else if HAProxyKeywords.refusedOptions.contains(name.text) {
                error(name.location, "option '\(name.text)' is not supported by racimo balancer",
                      hint: "ignoring it would send connections differently from HAProxy")
            } else {
                error(name.location, "unknown option '\(name.text)'",
                      suggestion: Suggestion.closest(to: name.text, in: HAProxyKeywords.options + HAProxyKeywords.ignoredOptions + HAProxyKeywords.refusedOptions))
            }
        }
    }

    mutating func readHTTPCheck(_ args: [ConfigWord], at: SourceLocation, into section: inout Section) {
        guard let sub = args.first else { error(at, "'http-check' needs 'expect'"); return }
        guard sub.text == "expect" else {
            if sub.text == "disable-on-404" {
                warning(sub.location, "'http-check disable-on-404' is not supported and is ignored")
            } else {
                error(sub.location, "'http-check \(sub.text)' is not supported", hint: "only 'http-check expect' is")
            }
            return
        }
        var rest = args.dropFirst()
        var negated = false
        if rest.first?.text == "!" { negated = true; rest = rest.dropFirst() }
        guard let kindWord = rest.first else { error(sub.location, "'http-check expect' needs a match such as 'status 200'"); return }
        guard let kind = Configuration.HTTPExpect.Kind(rawValue: kindWord.text) else {
            error(kindWord.location, "'http-check expect \(kindWord.text)' is not supported",
                  suggestion: Suggestion.closest(to: kindWord.text, in: Configuration.HTTPExpect.Kind.allCases.map(\.rawValue)))
            return
        }
        guard let pattern = rest.dropFirst().first else { error(kindWord.location, "'\(kind.rawValue)' needs a pattern"); return }
        if let extra = rest.dropFirst(2).first { error(extra.location, "unexpected '\(extra.text)' in 'http-check expect'"); return }
        section.settings.httpExpect = Configuration.HTTPExpect(kind: kind, pattern: pattern.text, negated: negated)
    }

    mutating func readTimeout(_ args: [ConfigWord], at: SourceLocation, into section: inout Section) {
        guard let name = args.first else { error(at, "'timeout' needs a name such as connect, client or server"); return }
        if HAProxyKeywords.ignoredTimeouts.contains(name.text) {
            warning(name.location, "'timeout \(name.text)' is not supported and is ignored")
            return
        }
        guard HAProxyKeywords.timeouts.contains(name.text) else {
            error(name.location, "unknown timeout '\(name.text)'",
                  suggestion: Suggestion.closest(to: name.text, in: HAProxyKeywords.timeouts))
            return
        }
        guard let value = args.dropFirst().first else { error(name.location, "'timeout \(name.text)' needs a time"); return }
        if let extra = args.dropFirst(2).first { error(extra.location, "unexpected '\(extra.text)' after 'timeout \(name.text) \(value.text)'"); return }
        guard let d = HAProxyTime.parse(value.text) else {
            error(value.location, "expected a time such as 5000 (milliseconds) or 5s, found '\(value.text)'",
                  hint: "units: us, ms, s, m, h, d; no unit means milliseconds")
            return
        }
        var t = section.settings.timeouts
        switch name.text {
        case "connect": t.connect = d
        case "client": t.client = d
        case "server": t.server = d
        case "check": t.check = d
        case "queue": t.queue = d
        case "http-request": t.httpRequest = d
        case "http-keep-alive": t.httpKeepAlive = d
        case "tunnel": t.tunnel = d
        case "client-fin": t.clientFin = d
        default: t.serverFin = d
        }
        section.settings.timeouts = t
    }
}
