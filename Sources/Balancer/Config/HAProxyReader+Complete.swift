import RacimoCore

/// Reading haproxy.cfg: the checks made once every section is read: backends named, modes agreeing, defaults applied.
extension HAProxyReader {
    mutating func complete() -> Configuration {
        var configuration = Configuration()
        configuration.threads = threads
        var seen: [String: SourceLocation] = [:]
        var seenBackends: [String: SourceLocation] = [:]
        for section in sections {
            let isFrontend = section.kind != .backend, isBackend = section.kind != .frontend
            if isFrontend {
                if let other = seen[section.name] {
                    error(section.location, "frontend '\(section.name)' is already defined at \(other)")
                }
                seen[section.name] = section.location
            }
            if isBackend {
                if let other = seenBackends[section.name] {
                    error(section.location, "backend '\(section.name)' is already defined at \(other)")
                }
                seenBackends[section.name] = section.location
            }
        }
        for section in sections {
            let s = section.settings
            if section.kind != .frontend {
                var backend = Configuration.Backend(name: section.name, location: section.location)
                backend.mode = s.mode
                backend.balance = s.balance
                backend.retries = s.retries
                backend.redispatch = s.redispatch
                backend.redispatchInterval = s.redispatchInterval
                backend.source = s.source
                checkSourceFamilies(s.source, section.servers)
                if s.mode == .http {
                    // A pooled HTTP connection serves other clients: from one client's address
                    // it would show the server the wrong one.
                    for binding in [s.source] + section.servers.map(\.source) {
                        guard let binding, binding.isTransparent else { continue }
                        error(binding.location ?? section.location, "'usesrc' (transparent proxying) is supported in TCP mode only",
                              hint: "in HTTP mode servers learn the client's address from 'option forwardfor'")
                    }
                }
                backend.forwardFor = s.forwardFor
                backend.timeouts = s.timeouts
                backend.servers = section.servers
                backend.healthCheck = s.healthCheck
                if case .http(let m, let u, let v, _) = s.healthCheck {
                    backend.healthCheck = .http(method: m, uri: u, version: v, expect: s.httpExpect)
                } else if s.httpExpect != nil {
                    warning(section.location, "'http-check expect' has no effect without 'option httpchk' in '\(section.name)'")
                }
                if backend.servers.isEmpty {
                    warning(section.location, "\(section.kind.rawValue) '\(section.name)' has no server",
                            hint: "connections sent to it will be refused")
                }
                configuration.backends.append(backend)
            }
            if section.kind != .backend {
                var frontend = Configuration.Frontend(name: section.name, location: section.location)
                frontend.mode = s.mode
                frontend.binds = section.binds
                frontend.timeouts = s.timeouts
                frontend.forwardFor = s.forwardFor
                frontend.acls = section.acls
                frontend.useBackends = section.useBackends.map(\.0)
                frontend.defaultBackend = section.kind == .listen ? section.name : s.defaultBackend
                if section.binds.isEmpty {
                    error(section.location, "\(section.kind.rawValue) '\(section.name)' has no 'bind' line",
                          hint: "add 'bind ADDRESS:PORT'")
                }
                for use in section.aclUses where section.acls[use.text] == nil {
                    error(use.location, "unknown ACL '\(use.text)'",
                          suggestion: Suggestion.closest(to: use.text, in: section.acls.keys.sorted()))
                }
                configuration.frontends.append(frontend)
            }
        }
        // References to backends, and mode agreement (HAProxy refuses an http frontend with a tcp backend).
        for section in sections where section.kind != .backend {
            var references = section.useBackends.map { ($0.1, $0.0.backend) }
            if section.kind == .frontend, let w = s(section) { references.append((w, w.text)) }
            for (word, name) in references {
                guard let backend = configuration.backend(named: name) else {
                    error(word.location, "unknown backend '\(name)'",
                          suggestion: Suggestion.closest(to: name, in: configuration.backends.map(\.name)))
                    continue
                }
                if backend.mode != section.settings.mode {
                    error(word.location, "\(section.settings.mode.rawValue)-mode \(section.kind.rawValue) '\(section.name)' cannot use \(backend.mode.rawValue)-mode backend '\(name)'")
                }
            }
            if section.settings.mode == .tcp, !section.useBackends.isEmpty {
                error(section.useBackends[0].0.location, "'use_backend' with hdr(host) or path_beg needs 'mode http' in '\(section.name)'")
            }
        }
        return configuration
    }

    private func s(_ section: Section) -> ConfigWord? { section.settings.defaultBackendWord }
}
