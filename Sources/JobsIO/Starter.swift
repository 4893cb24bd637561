import Foundation
import Jobs
import LinuxSupport
import Synchronization

/// Runs jobs on this execute node (HTCondor's starter): each in a process group of its own,
/// as its owner, in a memory cgroup limited to its `request_memory` where cgroups are
/// writable, with its standard streams in the files the submit file named.
///
/// One thread per running job waits in wait4(2); that is a handful of threads (one per slot)
/// and gives each job's own rusage without touching other children of the agent.
public final class Starter: Sendable {
    /// The `racimo` binary, run as `racimo job-exec …` (see `JobExec`).
    let racimo: String
    /// Parent of the jobs' cgroups, relative to the memory hierarchy (`racimo/<node>`).
    let cgroupParent: String
    /// Whether a job owned by root may run here (`allow_root_jobs`); off by default.
    let allowRoot: Bool
    private let running = Mutex<[RunID: Int32]>([:])

    public init(racimo: String, cgroupParent: String, allowRoot: Bool) {
        self.racimo = racimo
        self.cgroupParent = cgroupParent
        self.allowRoot = allowRoot
    }

    /// The runs whose process is alive.
    public var runs: Set<RunID> { Set(running.withLock { $0.keys }) }

    /// Starts `job` (its current run) on a thread of its own. `started` is called once the
    /// program executes; `ended` exactly once, whatever happens.
    public func start(_ job: JobRecord, started: @escaping @Sendable () -> Void, ended: @escaping @Sendable (RunResult) -> Void) {
        guard let run = job.run else { return }
        let thread = Thread { [self] in
            ended(self.execute(job, run: run, started: started))
        }
        thread.name = "starter \(run)"
        thread.start()
    }

    /// Kills a run's whole process group; its thread then reports the signal.
    public func kill(_ run: RunID) {
        if let pid = running.withLock({ $0[run] }) { JobLauncher.signalGroup(pid, SIGKILL) }
    }

    /// Kills every job (the execute role is stopping), waits a moment for them to be reaped,
    /// and removes the cgroup folders made for them.
    public func killAll() {
        for pid in running.withLock({ Array($0.values) }) { JobLauncher.signalGroup(pid, SIGKILL) }
        for _ in 0..<100 where !running.withLock({ $0.isEmpty }) { usleep(20_000) }
        MemoryCgroup.removeParents(cgroupParent)
    }

    private func execute(_ job: JobRecord, run: RunID, started: @Sendable () -> Void) -> RunResult {
        let startedAt = Int64(Date().timeIntervalSince1970)
        func failed(_ reason: String) -> RunResult {
            RunResult(ending: .failedToStart(reason: reason), startedAt: startedAt, endedAt: startedAt)
        }
        if job.uid == 0, !allowRoot {
            return failed("jobs owned by root are refused on this node (allow_root_jobs is off)")
        }
        guard let account = Accounts.account(uid: job.uid) else {
            return failed("no account with uid \(job.uid) on this node (uid_domain mismatch?)")
        }
        let cgroup = MemoryCgroup.create(
            parent: cgroupParent, name: "job_\(run.job.cluster)_\(run.job.proc)_\(run.attempt)", limitMB: job.spec.requestMemoryMB)
        defer { cgroup?.remove() }
        let plan = JobExec.Plan(
            uid: job.uid, gid: job.gid, groups: Accounts.groups(of: account.name, gid: job.gid),
            cgroupProcs: cgroup?.processesFile, directory: job.spec.iwd, input: job.spec.input,
            output: job.spec.output, error: job.spec.error, executable: job.spec.executable, arguments: job.spec.arguments)
        let pid: Int32
        do {
            pid = try JobLauncher.launch([racimo, "job-exec"] + plan.commandLine, environment: environment(for: job, account: account, run: run)).pid
        } catch {
            return failed(error.description)
        }
        running.withLock { $0[run] = pid }
        started()
        let ending = JobLauncher.wait(pid)
        running.withLock { $0[run] = nil }
        // Whatever the job left behind in its group goes with it.
        JobLauncher.signalGroup(pid, SIGKILL)
        let endedAt = Int64(Date().timeIntervalSince1970)
        var result = RunResult(
            ending: .exited(code: Int(ending.exitCode ?? 0)), userSeconds: ending.userSeconds,
            systemSeconds: ending.systemSeconds, maxResidentKiB: ending.maxResidentKiB, startedAt: startedAt, endedAt: endedAt)
        if let signal = ending.signal {
            result.ending = .signaled(signal: Int(signal), coreDumped: ending.coreDumped)
            if signal == SIGKILL, let cgroup, cgroup.oomKills > 0 {
                result.ending = .outOfMemory(limitMB: job.spec.requestMemoryMB)
            }
        }
        return result
    }

    /// The job's environment: what the submit file gave, a few names HTCondor also sets, and
    /// a PATH when the submit file has none (so `#!/bin/sh` scripts find `date` and `sleep`).
    func environment(for job: JobRecord, account: (name: String, gid: UInt32, home: String), run: RunID) -> [String] {
        var values: [(String, String)] = [
            ("PATH", "/usr/local/bin:/usr/bin:/bin"),
            ("HOME", account.home), ("USER", account.name), ("LOGNAME", account.name),
            ("_CONDOR_SCRATCH_DIR", job.spec.iwd), ("_CONDOR_SLOT", job.slot ?? ""),
            ("RACIMO_JOB_ID", "\(job.id)"), ("RACIMO_RUN", "\(run.attempt)"),
        ]
        for entry in job.spec.environment {
            values.removeAll { $0.0 == entry.name }
            values.append((entry.name, entry.value))
        }
        return values.map { "\($0.0)=\($0.1)" }
    }
}
