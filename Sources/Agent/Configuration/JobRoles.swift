import Jobs
import RacimoCore

/// `[scheduler]`: this node keeps the job queue (HTCondor's schedd, negotiator and, through
/// membership, collector).
///
/// ```toml
/// [scheduler]
/// listen = "10.213.0.1:9618"          # where execute nodes connect; default 0.0.0.0:9618
/// database = "/var/lib/racimo/queue.db"
/// socket = "/run/racimo/schedd.sock"  # what racimo submit, q, rm … talk to
/// allow_root_jobs = false             # root's submissions are refused unless true
/// node_loss_grace = "10s"             # a node that drops its connection gets this long to return
/// filesystem_domain = "racimo"        # jobs run on execute nodes of this domain (shared files)
/// ```
public struct SchedulerRole: Sendable, Equatable {
    public var listen: Endpoint
    public var database: String
    public var socket: String
    public var allowRootJobs: Bool
    public var nodeLossGrace: Duration
    public var fileSystemDomain: String = "racimo"

    public static let defaultPort = 9618
    public static let defaultSocket = "/run/racimo/schedd.sock"
    public static let defaultDatabase = "/var/lib/racimo/queue.db"

    public init(listen: Endpoint, database: String, socket: String, allowRootJobs: Bool, nodeLossGrace: Duration) {
        self.listen = listen
        self.database = database
        self.socket = socket
        self.allowRootJobs = allowRootJobs
        self.nodeLossGrace = nodeLossGrace
    }
}

/// `[execute]`: this node runs jobs (HTCondor's startd and starter).
///
/// ```toml
/// [execute]
/// scheduler = "10.213.0.1:9618"       # the schedd to offer slots to (CONDOR_HOST)
/// cpus = 1                            # default: the CPUs this process may use
/// memory = 1024                       # MB; default: the machine's memory
/// disk = 10485760                     # KiB; default: free space of the spool's filesystem
/// filesystem_domain = "cluster"       # nodes in one domain share files: no transfer
/// uid_domain = "cluster"
/// start = "TRUE"                      # the START expression
/// allow_root_jobs = false
/// condor_config = "condor_config.local" # HTCondor settings with an equivalent (see below)
/// ```
///
/// A `condor_config.local` supplies what this table leaves out: FILESYSTEM_DOMAIN, UID_DOMAIN,
/// START, NUM_CPUS, MEMORY and RESERVED_MEMORY; its other settings get a warning saying what
/// Racimo does instead.
public struct ExecuteRole: Sendable, Equatable {
    public var scheduler: Endpoint
    public var cpus: Int?
    public var memoryMB: Int?
    public var diskKiB: Int?
    public var fileSystemDomain: String
    public var uidDomain: String
    public var start: String
    public var allowRootJobs: Bool
    /// An HTCondor configuration file to take settings from.
    public var condorConfig: String?

    public init(scheduler: Endpoint, cpus: Int?, memoryMB: Int?, diskKiB: Int?, fileSystemDomain: String, uidDomain: String,
                start: String, allowRootJobs: Bool, condorConfig: String? = nil) {
        self.scheduler = scheduler
        self.cpus = cpus
        self.memoryMB = memoryMB
        self.diskKiB = diskKiB
        self.fileSystemDomain = fileSystemDomain
        self.uidDomain = uidDomain
        self.start = start
        self.allowRootJobs = allowRootJobs
        self.condorConfig = condorConfig
    }
}

extension AgentConfiguration {
    /// Reads `[scheduler]` and `[execute]`, adding their roles.
    static func jobRoles(_ reader: inout TOMLTableReader, directory: String, roles: inout [Role])
        -> (SchedulerRole?, ExecuteRole?)
    {
        var scheduler: SchedulerRole?
        if var table = reader.table("scheduler") {
            scheduler = SchedulerRole(
                listen: table.endpoint("listen", defaultPort: SchedulerRole.defaultPort)
                    ?? Endpoint(host: "0.0.0.0", port: SchedulerRole.defaultPort),
                database: table.string("database").map { resolve($0.value, in: directory) } ?? SchedulerRole.defaultDatabase,
                socket: table.string("socket").map { resolve($0.value, in: directory) } ?? SchedulerRole.defaultSocket,
                allowRootJobs: table.boolean("allow_root_jobs") ?? false,
                nodeLossGrace: table.duration("node_loss_grace", minimum: .milliseconds(100)) ?? .seconds(10))
            if let domain = table.string("filesystem_domain")?.value { scheduler?.fileSystemDomain = domain }
            roles.append(.scheduler)
            table.finish()
            reader.absorb(table)
        }
        var execute: ExecuteRole?
        if var table = reader.table("execute") {
            let endpoint = table.endpoint("scheduler", defaultPort: SchedulerRole.defaultPort)
            let cpus = table.integer("cpus", in: 1...4096).map(Int.init)
            let memory = table.integer("memory", in: 1...(1 << 30)).map(Int.init)
            let disk = table.integer("disk", in: 1...(1 << 50)).map(Int.init)
            var domain = table.string("filesystem_domain")?.value
            var uidDomain = table.string("uid_domain")?.value
            var start = table.string("start")?.value
            let allowRoot = table.boolean("allow_root_jobs") ?? false
            var cpusFromCondor: Int?
            var memoryFromCondor: Int?
            let condorConfig = table.string("condor_config").map { resolve($0.value, in: directory) }
            if let condorConfig, let location = table.table.entry("condor_config")?.value.location {
                if let text = try? String(contentsOfFile: condorConfig, encoding: .utf8) {
                    let (condor, diagnostics) = CondorConfig.read(text, file: condorConfig)
                    for diagnostic in diagnostics.all { table.report(diagnostic) }
                    domain = domain ?? condor.filesystemDomain
                    uidDomain = uidDomain ?? condor.uidDomain
                    start = start ?? condor.start
                    cpusFromCondor = condor.numCPUs
                    if let total = condor.memoryMB { memoryFromCondor = total - (condor.reservedMemoryMB ?? 0) }
                    if !condor.daemons.isEmpty, !condor.roles.contains(.execute) {
                        table.report(.warning(at: location, "\(condorConfig)'s DAEMON_LIST has no STARTD, but this node plays [execute]"))
                    }
                } else {
                    table.report(.error(at: location, "cannot read \(condorConfig)"))
                }
            }
            if let endpoint {
                execute = ExecuteRole(
                    scheduler: endpoint, cpus: cpus ?? cpusFromCondor, memoryMB: memory ?? memoryFromCondor, diskKiB: disk,
                    fileSystemDomain: domain ?? "racimo", uidDomain: uidDomain ?? domain ?? "racimo", start: start ?? "TRUE",
                    allowRootJobs: allowRoot, condorConfig: condorConfig)
                roles.append(.execute)
            } else if table.table["scheduler"] == nil {
                table.report(.error(at: table.table.location, "[execute] needs 'scheduler', the address of the schedd (CONDOR_HOST)",
                                    hint: "e.g. scheduler = \"10.213.0.1:9618\""))
            }
            table.finish()
            reader.absorb(table)
        }
        return (scheduler, execute)
    }
}
