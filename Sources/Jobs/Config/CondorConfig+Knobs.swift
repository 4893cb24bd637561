import RacimoCore

extension CondorConfig {
    /// Names this reader maps to Racimo settings, common ones first (ties in "did you mean"
    /// go to the earlier name).
    public static let knownNames = [
        "DAEMON_LIST", "START", "SUSPEND", "CONTINUE", "PREEMPT", "KILL", "RESERVED_MEMORY",
        "FILESYSTEM_DOMAIN", "UID_DOMAIN", "TRUST_UID_DOMAIN", "NUM_CPUS", "MEMORY", "CONDOR_HOST",
        "ALLOW_WRITE",
    ]

    /// Checkpoint-server settings: removed from HTCondor in January 2020 (commit 27246434fa,
    /// ticket #7071) along with the standard universe.
    public static let obsoleteNames = ["USE_CKPT_SERVER", "CKPT_SERVER_HOST"]

    mutating func apply(_ a: CondorConfigAssignment, diagnostics: inout Diagnostics) {
        switch a.key {
        case "DAEMON_LIST": applyDaemonList(a, diagnostics: &diagnostics)
        case "START": start = a.value
        case "SUSPEND": suspend = a.value
        case "CONTINUE": continueExpression = a.value
        case "PREEMPT": preempt = a.value
        case "KILL": kill = a.value
        case "RESERVED_MEMORY": reservedMemoryMB = integer(a, diagnostics: &diagnostics)
        case "NUM_CPUS": numCPUs = integer(a, diagnostics: &diagnostics)
        case "MEMORY": memoryMB = integer(a, diagnostics: &diagnostics)
        case "FILESYSTEM_DOMAIN": filesystemDomain = a.value
        case "UID_DOMAIN": uidDomain = a.value
        case "CONDOR_HOST": condorHost = a.value
        case "TRUST_UID_DOMAIN":
            switch a.value.lowercased() {
            case "true", "t", "yes", "1": trustUIDDomain = true
            case "false", "f", "no", "0": trustUIDDomain = false
            default:
                diagnostics.append(.error(at: a.location, "\(a.name) must be TRUE or FALSE, not '\(a.value)'"))
            }
        case "ALLOW_WRITE":
            allowWrite = a.value
            diagnostics.append(.warning(
                at: a.location, "\(a.name) is not applied: Racimo authenticates every node with the cluster key instead of host-based authorization"))
        case "USE_CKPT_SERVER", "CKPT_SERVER_HOST":
            diagnostics.append(.warning(
                at: a.location, "\(a.name) was removed from HTCondor in 2020 with the checkpoint server; Racimo keeps checkpoint files in the scheduler's spool"))
        default:
            let suggestion = Suggestion.closest(to: a.key, in: Self.knownNames + Self.obsoleteNames)
            diagnostics.append(.warning(at: a.location, "\(a.name) is not used by Racimo", suggestion: suggestion))
        }
    }

    /// `DAEMON_LIST`: comma- or space-separated daemon names, case-insensitive.
    private mutating func applyDaemonList(_ a: CondorConfigAssignment, diagnostics: inout Diagnostics) {
        daemons = a.value.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" }).map { $0.uppercased() }
        roles = []
        for daemon in daemons {
            switch daemon {
            case "SCHEDD", "NEGOTIATOR": roles.insert(.scheduler)
            case "COLLECTOR":
                // Racimo has no collector: the pool's view of its nodes comes from membership
                // (gossip), and the scheduler keeps the rest.
                roles.insert(.scheduler)
                diagnostics.append(.note(
                    at: a.location, "COLLECTOR maps to the scheduler role; in Racimo, nodes find each other through membership, not a collector"))
            case "STARTD": roles.insert(.execute)
            case "MASTER": break  // Racimo's agent supervises its roles itself.
            default:
                diagnostics.append(.warning(at: a.location, "daemon \(daemon) in \(a.name) has no Racimo equivalent; ignored"))
            }
        }
    }

    private func integer(_ a: CondorConfigAssignment, diagnostics: inout Diagnostics) -> Int? {
        if let value = Int(a.value) { return value }
        diagnostics.append(.warning(
            at: a.location, "\(a.name) = \(a.value) is not a whole number; Racimo does not evaluate expressions here, so it is ignored"))
        return nil
    }
}

extension Diagnostic {
    static func note(at location: SourceLocation?, _ message: String) -> Diagnostic {
        Diagnostic(.note, at: location, message)
    }
}
