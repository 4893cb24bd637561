import RacimoCore

/// Checker timing written in a virtual_server, real_server or checker block; unset values fall
/// back to the enclosing block's, then to keepalived's defaults.
struct KeepalivedCheckTiming {
    var delayLoop: Duration?
    var retry: Int?
    var delayBeforeRetry: Duration?
    var warmup: Duration?
    var connectTimeout: Duration?

    /// `self` with its unset values taken from `outer`.
    func over(_ outer: KeepalivedCheckTiming) -> KeepalivedCheckTiming {
        KeepalivedCheckTiming(
            delayLoop: delayLoop ?? outer.delayLoop, retry: retry ?? outer.retry,
            delayBeforeRetry: delayBeforeRetry ?? outer.delayBeforeRetry, warmup: warmup ?? outer.warmup,
            connectTimeout: connectTimeout ?? outer.connectTimeout)
    }
}

/// Reading keepalived.conf: `virtual_server` and `real_server` blocks.
extension KeepalivedVirtualServerReader {
    /// Reads one timing keyword into `timing`; false if `keyword` is not a timing keyword here.
    /// `nb_get_retry`, the old name of `retry`, is valid in HTTP_GET and SSL_GET only.
    mutating func readTiming(
        _ statement: ConfigStatement, into timing: inout KeepalivedCheckTiming, oldRetry: Bool = false
    ) -> Bool {
        let name = statement.keyword.text
        guard KeepalivedLVSKeywords.checkerDefaults.contains(name) || (oldRetry && name == "nb_get_retry") else {
            return false
        }
        noBlock(statement)
        guard let word = single(statement) else { return true }
        switch name {
        case "delay_loop": timing.delayLoop = seconds(word, name)
        case "retry", "nb_get_retry": timing.retry = integer(word, name, 0...1_000) ?? timing.retry
        case "delay_before_retry": timing.delayBeforeRetry = seconds(word, name, allowZero: true) ?? timing.delayBeforeRetry
        case "warmup": timing.warmup = seconds(word, name, allowZero: true) ?? timing.warmup
        default: timing.connectTimeout = seconds(word, name) ?? timing.connectTimeout
        }
        return true
    }

    mutating func readVirtualServer(_ statement: ConfigStatement) -> Configuration.VirtualServer? {
        let keyword = statement.keyword
        let context = "virtual_server " + statement.arguments.map(\.text).joined(separator: " ")
        guard let block = statement.block else {
            error(keyword.location, "'virtual_server' needs a block", hint: "write 'virtual_server IP PORT { ... }'")
            return nil
        }
        if let first = statement.arguments.first, first.text == "fwmark" || first.text == "group" {
            let hint = "a proxy needs an address and a port; write one 'virtual_server IP PORT { ... }' per address"
            if first.text == "fwmark" {
                error(first.location, "firewall-mark virtual servers ('virtual_server fwmark') are not supported", hint: hint)
            } else {
                error(first.location, "virtual_server groups ('virtual_server group') are not supported", hint: hint)
            }
            return nil
        }
        guard let endpoint = endpoint(statement) else { return nil }
        var server = Configuration.VirtualServer(endpoint: endpoint, location: keyword.location)
        var timing = KeepalivedCheckTiming()
        var inhibit = false
        var methodWord: SourceLocation?
        // Settings first, so that real servers see the defaults wherever they were written.
        for s in block where s.keyword.text != "real_server" {
            if readTiming(s, into: &timing) { continue }
            readVirtualSetting(s, into: &server, inhibit: &inhibit, methodAt: &methodWord, context: context)
        }
        if let delayLoop = timing.delayLoop { server.delayLoop = delayLoop }
        methods.append((server.method, methodWord ?? keyword.location))
        for s in block where s.keyword.text == "real_server" {
            guard let real = readRealServer(s, virtual: server, timing: timing, inhibit: inhibit) else { continue }
            if let other = server.realServers.first(where: { $0.endpoint == real.endpoint }) {
                error(s.arguments[0].location, "real_server \(real.endpoint) is already defined at \(other.location)")
                continue
            }
            server.realServers.append(real)
        }
        if server.realServers.isEmpty && server.sorryServer == nil {
            warning(keyword.location, "virtual_server \(endpoint) has no real_server and no sorry_server",
                    hint: "connections to it will be refused")
        }
        return server
    }

    private mutating func readVirtualSetting(
        _ s: ConfigStatement, into server: inout Configuration.VirtualServer, inhibit: inout Bool,
        methodAt: inout SourceLocation?, context: String
    ) {
        let name = s.keyword.text
        guard KeepalivedLVSKeywords.virtualServer.contains(name) else {
            diagnostics.append(BraceConfigLexer.unknownKeyword(s.keyword, known: KeepalivedLVSKeywords.virtualServer,
                                                                context: context))
            return
        }
        noBlock(s)
        if let hint = KeepalivedLVSKeywords.virtualServerIgnored[name] {
            warning(s.keyword.location, "'\(name)' is not supported by racimo balancer and is ignored", hint: hint)
            return
        }
        if let hint = KeepalivedLVSKeywords.virtualServerRefused[name] {
            error(s.keyword.location, "'\(name)' is not supported by racimo balancer", hint: hint)
            return
        }
        switch name {
        case "lb_algo", "lvs_sched":
            guard let word = single(s) else { return }
            if KeepalivedVirtualServers.algorithms.contains(word.text) {
                server.algorithm = word.text
            } else if ["mh", "fo", "ovf", "twos"].contains(word.text) {
                error(word.location, "scheduler '\(word.text)' is not supported by racimo balancer",
                      hint: "use one of " + KeepalivedVirtualServers.algorithms.joined(separator: ", "))
            } else {
                error(word.location, "unknown scheduler '\(word.text)'",
                      suggestion: Suggestion.closest(to: word.text, in: KeepalivedVirtualServers.algorithms))
            }
        case "lb_kind", "lvs_method":
            guard let word = single(s) else { return }
            if let method = readMethod(word) {
                server.method = method
                methodAt = word.location
            }
        case "protocol":
            guard let word = single(s) else { return }
            if let value = Configuration.TransportProtocol(rawValue: word.text.uppercased()) {
                server.transportProtocol = value
            } else if word.text.uppercased() == "SCTP" {
                error(word.location, "protocol SCTP is not supported by racimo balancer", hint: "use TCP or UDP")
            } else {
                error(word.location, "unknown protocol '\(word.text)'", suggestion: Suggestion.closest(to: word.text, in: ["TCP", "UDP"]))
            }
        case "persistence_timeout":
            if s.arguments.isEmpty {
                server.persistenceTimeout = .seconds(360)
            } else if let word = single(s), let value = integer(word, name, 1...31_536_000) {
                server.persistenceTimeout = .seconds(value)
            }
        case "persistence_granularity":
            guard let word = single(s) else { return }
            server.persistenceGranularity = mask(word, family: IPAddress(parsing: server.endpoint.host)?.family ?? .v4)
        case "sorry_server":
            if let endpoint = endpoint(s) { server.sorryServer = endpoint }
        case "virtualhost":
            if let word = single(s) { server.virtualHost = word.text }
        case "alpha":
            if noArguments(s) { server.alpha = true }
        case "inhibit_on_failure":
            if noArguments(s) { inhibit = true }
        case "quorum":
            if let word = single(s), let value = integer(word, name, 1...Int(Int32.max)) { server.quorum = value }
        case "hysteresis":
            if let word = single(s), let value = integer(word, name, 0...Int(Int32.max)) { server.hysteresis = value }
        default:
            break
        }
    }

    mutating func readMethod(_ word: ConfigWord) -> Configuration.ForwardingMethod? {
        if let method = Configuration.ForwardingMethod(rawValue: word.text.uppercased()) { return method }
        error(word.location, "unknown forwarding method '\(word.text)'",
              suggestion: Suggestion.closest(to: word.text, in: Configuration.ForwardingMethod.allCases.map(\.rawValue)))
        return nil
    }

    /// A netmask: dotted IPv4 (contiguous ones), or a prefix length for either family.
    mutating func mask(_ word: ConfigWord, family: IPAddress.Family) -> IPAddress? {
        var bits: Int?
        if let prefix = ConfigSupport.integer(word.text), prefix >= 1, prefix <= family.bitCount {
            bits = prefix
        } else if let address = IPAddress(parsing: word.text), address.family == family, family == .v4,
                  let value = address.ipv4Value, value != 0, (~value) & (~value &+ 1) == 0 {
            return address
        }
        guard let bits else {
            error(word.location, "persistence_granularity must be a netmask such as 255.255.255.0 "
                  + "or a prefix length from 1 to \(family.bitCount), found '\(word.text)'")
            return nil
        }
        let bytes = (0..<family.byteCount).map { index -> UInt8 in
            let ones = min(8, max(0, bits - index * 8))
            return ones == 0 ? 0 : UInt8(truncatingIfNeeded: 0xFF << (8 - ones))
        }
        return IPAddress(bytes: bytes)
    }

    mutating func readRealServer(
        _ statement: ConfigStatement, virtual: Configuration.VirtualServer, timing outer: KeepalivedCheckTiming,
        inhibit: Bool
    ) -> Configuration.RealServer? {
        guard let endpoint = endpoint(statement) else { return nil }
        var real = Configuration.RealServer(endpoint: endpoint, inhibitOnFailure: inhibit, location: statement.keyword.location)
        let context = "real_server " + statement.arguments.map(\.text).joined(separator: " ")
        let block = statement.block ?? []
        var timing = KeepalivedCheckTiming()
        for s in block where !isChecker(s.keyword.text) {
            if readTiming(s, into: &timing) { continue }
            let name = s.keyword.text
            guard KeepalivedLVSKeywords.realServer.contains(name) else {
                diagnostics.append(BraceConfigLexer.unknownKeyword(s.keyword, known: KeepalivedLVSKeywords.realServer,
                                                                    context: context))
                continue
            }
            noBlock(s)
            if let hint = KeepalivedLVSKeywords.realServerIgnored[name] {
                warning(s.keyword.location, "'\(name)' is not supported by racimo balancer and is ignored", hint: hint)
                continue
            }
            switch name {
            case "weight":
                if let word = single(s), let value = integer(word, name, 0...65_535) { real.weight = value }
            case "inhibit_on_failure":
                if noArguments(s) { real.inhibitOnFailure = true }
            case "lvs_method":
                if let word = single(s), let method = readMethod(word) { methods.append((method, word.location)) }
            default:
                break
            }
        }
        let resolved = timing.over(outer)
        for s in block where isChecker(s.keyword.text) {
            if let check = readCheck(s, virtual: virtual, timing: resolved) { real.checks.append(check) }
        }
        return real
    }

    func isChecker(_ keyword: String) -> Bool {
        KeepalivedLVSKeywords.checkers.contains(keyword) || KeepalivedLVSKeywords.refusedCheckers.contains(keyword)
    }
}
