import Balancer

/// `use_backend POOL if ACL`: the pool for one request, first matching route wins, else the
/// service's default pool (HAProxy's order of evaluation).
struct HTTPRouting: Sendable {
    let routes: [BalancerPlan.Route]
    let defaultPool: String?

    var isTrivial: Bool { routes.isEmpty }

    func pool(host: String?, path: String) -> String? {
        for route in routes where holds(route.condition, route.acls, host: host, path: path) { return route.pool }
        return defaultPool
    }

    private func holds(_ condition: HAProxyConfiguration.Condition, _ acls: [String: [HAProxyConfiguration.ACLTest]],
                       host: String?, path: String) -> Bool {
        let value = condition.alternatives.contains { terms in
            terms.allSatisfy { term in
                let matched = (acls[term.acl] ?? []).contains { matches($0, host: host, path: path) }
                return matched != term.negated
            }
        }
        return value != condition.unless
    }

    private func matches(_ test: HAProxyConfiguration.ACLTest, host: String?, path: String) -> Bool {
        switch test {
        case .host(let values, let caseInsensitive):
            guard let host else { return false }
            return values.contains { caseInsensitive ? $0.lowercased() == host.lowercased() : $0 == host }
        case .pathBegins(let prefixes, let caseInsensitive):
            let subject = caseInsensitive ? path.lowercased() : path
            return prefixes.contains { subject.hasPrefix(caseInsensitive ? $0.lowercased() : $0) }
        }
    }
}
