import RacimoCore
import Testing
@testable import Jobs

struct CondorConfigTests {
    /// A copy of the seed's `shared/examples/condor/condor_config.local`.
    static let seed = """
        DAEMON_LIST = MASTER, STARTD, SCHEDD, COLLECTOR, NEGOTIATOR
        CONDOR_HOST = cluster1
        CONDOR_ADMIN = root@localhost
        RESERVED_MEMORY = 0
        FILESYSTEM_DOMAIN = cluster
        UID_DOMAIN = cluster
        ALLOW_WRITE = *
        TRUST_UID_DOMAIN = TRUE
        START = TRUE
        SUSPEND = FALSE
        CONTINUE = TRUE
        PREEMPT = FALSE
        KILL = FALSE
        USE_CKPT_SERVER = TRUE
        CKPT_SERVER_HOST = nas

        """

    @Test func seedFileSettings() {
        let (config, _) = CondorConfig.read(Self.seed, file: "condor_config.local")
        #expect(config.daemons == ["MASTER", "STARTD", "SCHEDD", "COLLECTOR", "NEGOTIATOR"])
        #expect(config.roles == [.scheduler, .execute])
        #expect(config.condorHost == "cluster1")
        #expect(config.reservedMemoryMB == 0)
        #expect(config.filesystemDomain == "cluster")
        #expect(config.uidDomain == "cluster")
        #expect(config.allowWrite == "*")
        #expect(config.trustUIDDomain == true)
        #expect(config.start == "TRUE")
        #expect(config.suspend == "FALSE")
        #expect(config.continueExpression == "TRUE")
        #expect(config.preempt == "FALSE")
        #expect(config.kill == "FALSE")
        #expect(config.numCPUs == nil && config.memoryMB == nil)
    }

    @Test func seedFileDiagnostics() {
        let (_, diagnostics) = CondorConfig.read(Self.seed, file: "condor_config.local")
        #expect(!diagnostics.hasErrors)
        #expect(diagnostics.description == """
            condor_config.local:1:1: note: COLLECTOR maps to the scheduler role; in Racimo, nodes find each other through membership, not a collector
            condor_config.local:3:1: warning: CONDOR_ADMIN is not used by Racimo
            condor_config.local:7:1: warning: ALLOW_WRITE is not applied: Racimo authenticates every node with the cluster key instead of host-based authorization
            condor_config.local:14:1: warning: USE_CKPT_SERVER was removed from HTCondor in 2020 with the checkpoint server; Racimo keeps checkpoint files in the scheduler's spool
            condor_config.local:15:1: warning: CKPT_SERVER_HOST was removed from HTCondor in 2020 with the checkpoint server; Racimo keeps checkpoint files in the scheduler's spool
            """)
    }

    @Test func seedFileOnDiskWhenPresent() throws {
        // The seed lives outside the package; when it is there, it must read the same as the copy.
        let path = "/work/shared/examples/condor/condor_config.local"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return }
        let fromDisk = CondorConfig.read(text, file: "condor_config.local")
        let fromCopy = CondorConfig.read(Self.seed, file: "condor_config.local")
        #expect(fromDisk.config == fromCopy.config)
        #expect(fromDisk.diagnostics.description == fromCopy.diagnostics.description)
    }

    @Test func macrosContinuationsCommentsAndCase() {
        let text = """
            # a comment
              daemon_list = MASTER SCHEDD
            DAEMON_LIST = $(DAEMON_LIST), startd
            BIG = 4096
            memory = $(big)
            NUM_CPUS = $(CPUS_FROM_ELSEWHERE:8)
            START = (KeyboardIdle > 15 * 60) && \\
                    (LoadAvg < 0.3)
            PREEMPT = $$(Foo) || $ENV(HOME) == "x"
            """
        let (config, diagnostics) = CondorConfig.read(text, file: "c")
        #expect(config.daemons == ["MASTER", "SCHEDD", "STARTD"])
        #expect(config.roles == [.scheduler, .execute])
        #expect(config.memoryMB == 4096)
        #expect(config.numCPUs == 8)
        #expect(config.start == "(KeyboardIdle > 15 * 60) &&         (LoadAvg < 0.3)")
        #expect(config.preempt == "$$(Foo) || $ENV(HOME) == \"x\"")
        #expect(diagnostics.description == "c:4:1: warning: BIG is not used by Racimo")
    }

    @Test func misspellingsUndefinedMacrosAndBadLines() {
        let text = """
            DAEMON_LSIT = STARTD
            UID_DOMIAN = x
            MEMORY = $(DETECTED_MEMORY) * 0.9
            TRUST_UID_DOMAIN = maybe
            this line has no equals
            include : /etc/condor/more.conf
            if defined FOO
            DAEMON_LIST = CREDD
            """
        let (config, diagnostics) = CondorConfig.read(text, file: "c")
        #expect(config.memoryMB == nil)
        #expect(config.roles.isEmpty)
        #expect(diagnostics.hasErrors)
        #expect(diagnostics.description == """
            c:1:1: warning: DAEMON_LSIT is not used by Racimo; did you mean 'DAEMON_LIST'?
            c:2:1: warning: UID_DOMIAN is not used by Racimo; did you mean 'UID_DOMAIN'?
            c:3:10: warning: $(DETECTED_MEMORY) is not defined earlier in this file; Racimo expands it to nothing (HTCondor would also look in its other configuration files)
            c:3:1: warning: MEMORY = * 0.9 is not a whole number; Racimo does not evaluate expressions here, so it is ignored
            c:4:1: error: TRUST_UID_DOMAIN must be TRUE or FALSE, not 'maybe'
            c:5:1: error: expected NAME = value
            c:6:1: warning: 'include' lines are not supported by Racimo's condor_config reader; line skipped (write the settings out as plain NAME = value lines)
            c:7:1: warning: 'if' lines are not supported by Racimo's condor_config reader; line skipped (write the settings out as plain NAME = value lines)
            c:8:1: warning: daemon CREDD in DAEMON_LIST has no Racimo equivalent; ignored
            """)
    }

    @Test func oddInputNeverTraps() {
        for text in ["", "=", " = x", "\\", "A = $(", "A = $(B", "A = $(A)$(A)", "A =", "\u{0}=\u{0}", "A = \\\n\\\n"] {
            _ = CondorConfig.read(text, file: "f")
        }
    }
}
