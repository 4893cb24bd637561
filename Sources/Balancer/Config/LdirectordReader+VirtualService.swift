import RacimoCore

/// Reading ldirectord.cf: a `virtual=` block, its settings, timings and `real=` servers.
extension LdirectordReader {
    mutating func readVirtual(_ s: Statement) {
        if let extra = s.rest.first {
            error(extra.location, "unexpected '\(extra.text)' after 'virtual=\(s.value)'")
        }
        guard let endpoint = endpoint(s.value, at: s.valueLocation, what: "virtual") else {
            // Still open a block so its lines are not misread as global ones.
            configuration.virtualServices.append(.init(endpoint: Endpoint(host: "", port: 0),
                                                       location: s.keyWord.location, timing: configuration.global))
            overrides.append(TimingOverride())
            return
        }
        if let other = configuration.virtualServices.first(where: { $0.endpoint == endpoint }) {
            error(s.valueLocation, "virtual service \(endpoint) is already defined at \(other.location)")
        }
        configuration.virtualServices.append(.init(endpoint: endpoint, location: s.keyWord.location,
                                                   timing: configuration.global))
        overrides.append(TimingOverride())
    }

    func isNumericHost(_ host: String) -> Bool { IPAddress(parsing: host) != nil }

    mutating func endpoint(_ text: String, at location: SourceLocation, what: String) -> Endpoint? {
        if ConfigSupport.integer(text) != nil {
            error(location, "firewall-mark virtual services ('\(what)=\(text)') are not supported",
                  hint: "a proxy needs an address and port, such as 192.168.0.105:80")
            return nil
        }
        guard let endpoint = Endpoint(parsing: text), !endpoint.host.isEmpty else {
            error(location, "expected ADDRESS:PORT for '\(what)', found '\(text)'",
                  hint: "write an address and a numeric port, such as 192.168.0.105:80")
            return nil
        }
        return endpoint
    }

    mutating func readVirtualSetting(_ key: String, _ s: Statement) {
        let index = configuration.virtualServices.count - 1
        var service = configuration.virtualServices[index]
        defer { configuration.virtualServices[index] = service }
        switch key {
        case "real":
            if let real = realServer(s, keyword: "real") { service.reals.append(real) }
        case "scheduler":
            if let value = Configuration.Scheduler(rawValue: s.value.lowercased()) {
                service.scheduler = value
            } else {
                error(s.valueLocation, "unknown scheduler '\(s.value)'",
                      suggestion: Suggestion.closest(to: s.value, in: Configuration.Scheduler.allCases.map(\.rawValue)))
            }
        case "protocol":
            switch s.value.lowercased() {
            case "tcp": service.isUDP = false
            case "udp": service.isUDP = true
            case "fwm", "sctp":
                error(s.valueLocation, "protocol '\(s.value)' is not supported; racimo balancer proxies TCP and UDP",
                      hint: "SCTP and firewall marks need the kernel's IPVS; list one virtual= per address and port")
            default:
                error(s.valueLocation, "unknown protocol '\(s.value)'",
                      suggestion: Suggestion.closest(to: s.value, in: ["tcp", "udp", "fwm"]))
            }
        case "checktype":
            switch s.value.lowercased() {
            case "negotiate": service.checkType = .negotiate
            case "connect": service.checkType = .connect
            case "external":
                if case .external = service.checkType {} else { service.checkType = .external(command: "") }
            case "on": service.checkType = .on
            case "off": service.checkType = .off
            case "ping", "external-perl":
                error(s.valueLocation, "checktype '\(s.value)' is not supported",
                      hint: "use negotiate, connect or external; a different check changes which servers get traffic")
            default:
                if ConfigSupport.integer(s.value) != nil {
                    error(s.valueLocation, "checktype '\(s.value)' (connect checks between negotiate checks) is not supported",
                          hint: "use negotiate or connect")
                } else {
                    error(s.valueLocation, "unknown checktype '\(s.value)'",
                          suggestion: Suggestion.closest(to: s.value, in: ["negotiate", "connect", "external", "on", "off"]))
                }
            }
        case "checkcommand":
            service.checkType = .external(command: s.value)
        case "service":
            switch s.value.lowercased() {
            case "http": service.service = .http
            case "none": service.service = .none
            default: service.service = .other(s.value.lowercased())
            }
        case "request":
            service.request = s.value.hasPrefix("/") ? s.value : "/" + s.value
        case "receive":
            service.receive = s.value
        case "virtualhost":
            service.virtualHost = s.value
        case "httpmethod":
            switch s.value.uppercased() {
            case "GET", "HEAD": service.httpMethod = s.value.uppercased()
            default: error(s.valueLocation, "httpmethod must be GET or HEAD, found '\(s.value)'")
            }
        case "checkport":
            if let port = ConfigSupport.integer(s.value), (1...65535).contains(port) {
                service.checkPort = port
            } else {
                error(s.valueLocation, "checkport must be a port number from 1 to 65535, found '\(s.value)'")
            }
        case "persistent":
            if let seconds = ConfigSupport.integer(s.value), seconds <= 31_536_000 {
                service.persistence = seconds == 0 ? nil : .seconds(seconds)
            } else {
                error(s.valueLocation, "persistent must be a number of seconds, found '\(s.value)'")
            }
        case "netmask":
            if let mask = IPAddress(parsing: s.value) {
                service.persistenceNetmask = mask
            } else {
                error(s.valueLocation, "netmask must be an address mask such as 255.255.255.0, found '\(s.value)'")
            }
        default:  // timing settings: applied over the final globals at the end
            var timing = Configuration.Timing()
            guard readTiming(key, s, into: &timing) else { return }
            switch key {
            case "checkinterval": overrides[index].checkInterval = timing.checkInterval
            case "checktimeout": overrides[index].checkTimeout = timing.checkTimeout
            case "negotiatetimeout": overrides[index].negotiateTimeout = timing.negotiateTimeout
            case "failurecount": overrides[index].failureCount = timing.failureCount
            case "quiescent": overrides[index].quiescent = timing.quiescent
            default: overrides[index].fallback = timing.fallback
            }
        }
    }

    /// Reads one timing setting; returns whether it was valid.
    @discardableResult
    mutating func readTiming(_ key: String, _ s: Statement, into timing: inout Configuration.Timing) -> Bool {
        func seconds(_ name: String) -> Duration? {
            guard let value = ConfigSupport.integer(s.value), value >= 1, value <= 86_400 else {
                error(s.valueLocation, "\(name) must be a whole number of seconds from 1 to 86400, found '\(s.value)'")
                return nil
            }
            return .seconds(value)
        }
        switch key {
        case "checkinterval": guard let d = seconds(key) else { return false }; timing.checkInterval = d
        case "checktimeout": guard let d = seconds(key) else { return false }; timing.checkTimeout = d
        case "negotiatetimeout": guard let d = seconds(key) else { return false }; timing.negotiateTimeout = d
        case "failurecount":
            guard let value = ConfigSupport.integer(s.value), value >= 1, value <= 1000 else {
                error(s.valueLocation, "failurecount must be a whole number from 1 to 1000, found '\(s.value)'")
                return false
            }
            timing.failureCount = value
        case "quiescent":
            switch s.value.lowercased() {
            case "yes": timing.quiescent = true
            case "no": timing.quiescent = false
            default:
                error(s.valueLocation, "quiescent must be 'yes' or 'no', found '\(s.value)'")
                return false
            }
        case "fallback":
            guard let real = realServer(s, keyword: "fallback") else { return false }
            timing.fallback = real
        default: return false
        }
        return true
    }

    /// `ADDR:PORT [gate|masq|ipip] [weight] ["request", "receive"]`.
    mutating func realServer(_ s: Statement, keyword: String) -> Configuration.RealServer? {
        guard let endpoint = endpoint(s.value, at: s.valueLocation, what: keyword) else { return nil }
        var real = Configuration.RealServer(endpoint: endpoint, location: s.keyWord.location)
        var rest = s.rest[...]
        if let word = rest.first, !word.quoted {
            if let method = Configuration.ForwardingMethod(rawValue: word.text.lowercased()) {
                real.method = method
                rest = rest.dropFirst()
            } else if ConfigSupport.integer(word.text) == nil {
                error(word.location, "unknown forwarding method '\(word.text)'",
                      suggestion: Suggestion.closest(to: word.text, in: Configuration.ForwardingMethod.allCases.map(\.rawValue)))
                return nil
            }
        }
        if let word = rest.first, !word.quoted, let weight = ConfigSupport.integer(word.text) {
            guard weight <= 65535 else {
                error(word.location, "weight must be from 0 to 65535, found '\(word.text)'")
                return nil
            }
            real.weight = weight
            rest = rest.dropFirst()
        }
        if let word = rest.first {
            // `"request", "receive"`: the comma ends up in the first word.
            var parts: [String] = []
            for w in rest {
                parts.append(contentsOf: w.text.split(separator: ",", omittingEmptySubsequences: false).map(String.init))
            }
            parts = parts.map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
            guard keyword == "real", parts.count == 2 else {
                error(word.location, "unexpected '\(word.text)' in '\(keyword)='",
                      hint: "write '\(keyword)=ADDRESS:PORT gate|masq|ipip [weight]" + (keyword == "real" ? " [\"request\", \"receive\"]'" : "'"))
                return nil
            }
            real.request = parts[0].hasPrefix("/") ? parts[0] : "/" + parts[0]
            real.receive = parts[1]
        }
        if !warnedForwarding {
            warnedForwarding = true
            warning(real.location, Self.forwardingMessage(real.method))
        }
        return real
    }
}
