import RacimoCore

/// LVS persistence (`ipvsadm -p [timeout] -M netmask`; ipvsadm(8) "--persistent",
/// "--netmask"; templates in `ip_vs_sched_persist`, `net/netfilter/ipvs/ip_vs_core.c`).
///
/// A client's connections go to the server of its template while the template lives. Clients
/// are grouped by `netmask` (ipvsadm's default 255.255.255.255: one template per address).
/// A template expires `timeout` (default 300 s) after its last use, but never while connections
/// it placed are still open: IPVS re-arms a template's timer while it controls connections.
/// A quiesced server (weight 0) keeps its persistent clients, as ldirectord's `quiescent = yes`
/// relies on, unless `expireQuiescentTemplate` (sysctl `expire_quiescent_template`) is set.
public struct PersistenceTable: Hashable, Sendable {
    public struct Template: Hashable, Sendable {
        public let server: ServerID
        public internal(set) var expires: Instant
        /// Connections placed through this template and still open (`n_control`).
        public internal(set) var controlled: Int
    }

    /// ipvsadm's default persistence timeout.
    public static let defaultTimeout = Duration.seconds(300)

    public let timeout: Duration
    /// Prefix length for IPv4 clients (ipvsadm `-M`, default /32).
    public let ipv4PrefixLength: Int
    /// Prefix length for IPv6 clients (ipvsadm `-M` as a prefix length, default /128).
    public let ipv6PrefixLength: Int
    public var expireQuiescentTemplate: Bool
    public private(set) var templates: [IPAddress: Template] = [:]

    public init(timeout: Duration = defaultTimeout, ipv4PrefixLength: Int = 32, ipv6PrefixLength: Int = 128,
                expireQuiescentTemplate: Bool = false) {
        self.timeout = timeout
        self.ipv4PrefixLength = min(32, max(0, ipv4PrefixLength))
        self.ipv6PrefixLength = min(128, max(0, ipv6PrefixLength))
        self.expireQuiescentTemplate = expireQuiescentTemplate
    }

    /// The template key for `client`: its address with the bits past the netmask cleared.
    public func key(for client: IPAddress) -> IPAddress {
        let prefix = client.family == .v4 ? ipv4PrefixLength : ipv6PrefixLength
        let bytes = client.bytes.enumerated().map { i, byte -> UInt8 in
            let keep = min(8, max(0, prefix - i * 8))
            return keep == 0 ? 0 : byte & UInt8(truncatingIfNeeded: 0xFF << (8 - keep))
        }
        return IPAddress(bytes: bytes)!
    }

    /// A new connection from `request.client`: the template's server if it still holds and the
    /// server can keep it, otherwise the scheduler's pick, which becomes the template.
    public mutating func pick(for request: RequestContext, now: Instant, using scheduler: inout some Scheduler) -> ServerID? {
        let key = key(for: request.client)
        if var template = templates[key], template.expires > now || template.controlled > 0,
           let server = scheduler.server(template.server), usable(server) {
            template.expires = now + timeout
            template.controlled += 1
            templates[key] = template
            return template.server
        }
        guard let chosen = scheduler.pick(for: request) else { return nil }
        templates[key] = Template(server: chosen, expires: now + timeout, controlled: 1)
        return chosen
    }

    /// A template survives on a server still in the IPVS list (up, or quiesced unless the
    /// sysctl says otherwise); a failed server's templates are not honoured.
    private func usable(_ server: Server) -> Bool {
        switch server.state {
        case .up: server.weight > 0 ? true : !expireQuiescentTemplate
        case .drain: !expireQuiescentTemplate
        case .down, .maintenance: false
        }
    }

    /// A connection placed through `client`'s template closed; the template's `timeout` runs
    /// from `now` if it was the last one.
    public mutating func connectionEnded(client: IPAddress, now: Instant) {
        let key = key(for: client)
        guard var template = templates[key], template.controlled > 0 else { return }
        template.controlled -= 1
        template.expires = max(template.expires, now + timeout)
        templates[key] = template
    }

    /// Drops templates past their time with no open connection; returns their keys, sorted.
    @discardableResult
    public mutating func expire(now: Instant) -> [IPAddress] {
        let gone = templates.filter { $0.value.expires <= now && $0.value.controlled == 0 }.keys.sorted()
        for key in gone { templates[key] = nil }
        return gone
    }

    /// When the driver should call `expire(now:)` next.
    public var nextExpiry: TimerRequest<String>? {
        templates.values.filter { $0.controlled == 0 }.map(\.expires).min().map { TimerRequest("persistence", at: $0) }
    }
}
