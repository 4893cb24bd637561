import RacimoCore

/// What Racimo takes from an HTCondor `condor_config.local`: the settings that have a Racimo
/// equivalent, with everything else reported as diagnostics by `CondorConfig.read`.
public struct CondorConfig: Sendable, Hashable {
    /// Racimo roles implied by `DAEMON_LIST`.
    public enum Role: String, Sendable, Hashable, CaseIterable, Comparable {
        /// Queue, matchmaking and pool state (HTCondor's schedd, negotiator, collector).
        case scheduler
        /// Runs jobs (HTCondor's startd).
        case execute

        public static func < (a: Role, b: Role) -> Bool { a.rawValue < b.rawValue }
    }

    /// The daemon names listed in `DAEMON_LIST`, upper-cased, in order.
    public var daemons: [String] = []
    public var roles: Set<Role> = []
    /// Machine policy expressions, kept as ClassAd expression text (already `$(…)`-expanded).
    public var start: String?
    public var suspend: String?
    /// HTCondor's `CONTINUE`.
    public var continueExpression: String?
    public var preempt: String?
    public var kill: String?
    /// `RESERVED_MEMORY`: MB kept back from jobs.
    public var reservedMemoryMB: Int?
    public var filesystemDomain: String?
    public var uidDomain: String?
    public var trustUIDDomain: Bool?
    /// `NUM_CPUS`: CPUs offered to jobs.
    public var numCPUs: Int?
    /// `MEMORY`: MB offered to jobs.
    public var memoryMB: Int?
    /// `CONDOR_HOST`: the central manager; in Racimo, a seed for membership.
    public var condorHost: String?
    /// `ALLOW_WRITE` as written; not enforced (Racimo authenticates with the cluster key).
    public var allowWrite: String?

    public init() {}
}

extension CondorConfig {
    /// Reads condor_config text. Never throws and never traps: problems come back as
    /// diagnostics (file:line:column), and the config holds whatever was understood.
    ///
    /// Syntax (HTCondor manual, "Configuration File Macros"): `NAME = value` lines; names are
    /// case-insensitive; a line whose first non-blank character is `#` is a comment; a trailing
    /// `\` joins the next line; `$(NAME)` and `$(NAME:default)` expand to the value defined so
    /// far (so `DAEMON_LIST = $(DAEMON_LIST), STARTD` appends, as in HTCondor). Other `$`
    /// forms (`$ENV()`, `$$()`, `$RANDOM_INTEGER()`) are kept as text. `include`, `use`, `if`
    /// blocks and `@=` multi-line values are reported as unsupported and skipped.
    ///
    /// - Parameter file: the path as the user typed it, used in diagnostics.
    public static func read(_ text: String, file: String) -> (config: CondorConfig, diagnostics: Diagnostics) {
        var parser = CondorConfigParser(file: file)
        let assignments = parser.parse(text)
        var config = CondorConfig()
        var diagnostics = parser.diagnostics
        for assignment in assignments {
            config.apply(assignment, diagnostics: &diagnostics)
        }
        // Parsing and interpreting report separately; show them in file order (line, then the
        // order found, so a line's expansion warning precedes the warning about its value).
        let ordered = diagnostics.all.enumerated().sorted {
            ($0.element.location?.line ?? 0, $0.offset) < ($1.element.location?.line ?? 0, $1.offset)
        }.map(\.element)
        return (config, Diagnostics(ordered))
    }
}
