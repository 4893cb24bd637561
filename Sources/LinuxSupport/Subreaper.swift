import CLinuxSupport
import Glibc

/// Makes the agent the reaper of its descendants' orphans, and reaps them.
///
/// A placed process's children that outlive it (or die with it when CRIU checkpoints the
/// tree) are reparented to the nearest subreaper instead of init. Reaped here at once, their
/// PIDs are free again within milliseconds, which a restore needs: CRIU brings a tree back
/// with the same PIDs, and an init slow to reap (as in some containers) would leave them
/// taken. Children the agent waits for itself (`JobLauncher.wait`) are left to that wait.
public enum Subreaper {
    static let waited = AdaptiveMutex(Set<Int32>())
    static let started = AdaptiveMutex(false)

    /// Becomes a subreaper and starts reaping strays every 50 ms; once per process.
    public static func start() {
        let first = started.withLock { started -> Bool in
            defer { started = true }
            return !started
        }
        guard first, racimo_become_subreaper() == 0 else { return }
        var thread = pthread_t()
        pthread_create(&thread, nil, { _ in
            while true {
                Subreaper.reapStrays()
                usleep(50_000)
            }
        }, nil)
    }

    static func reapStrays() {
        let me = getpid()
        for entry in Files.entries(of: "/proc") {
            guard let pid = Int32(entry), let stat = try? Files.readText("/proc/\(pid)/stat"),
                  let close = stat.lastIndex(of: ")") else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 1, fields[0] == "Z", Int32(fields[1]) == me else { continue }
            if waited.withLock({ $0.contains(pid) }) { continue }
            var status: Int32 = 0
            _ = waitpid(pid, &status, WNOHANG)
        }
    }
}
