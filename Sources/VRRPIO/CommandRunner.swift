import Foundation
import LinuxSupport
import Logging

/// Runs notify scripts and resource commands: found on PATH like a shell would, never through
/// a shell (the words come from the configuration already split), with a time limit.
struct CommandRunner: Sendable {
    let logger: Logger
    /// A notify script or resource command still running after this is killed.
    var timeout: Duration = .seconds(30)

    /// Starts `command`; with `wait`, returns when it exits (resource groups start in order).
    /// Returns its exit status, or nil if it could not run or did not finish in time.
    ///
    /// With `user`, the command runs as that user (and `group`, else the user's own) with the
    /// user's supplementary groups, through util-linux's `setpriv`: a script configured to run
    /// as `nobody` never runs as root.
    @discardableResult
    func run(_ command: [String], what: String, wait: Bool, timeout: Duration? = nil,
             user: String? = nil, group: String? = nil) -> Int32? {
        guard !command.isEmpty else { return nil }
        let process = Process()
        if let user {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            guard let gid = group ?? Accounts.primaryGroup(of: user).map(String.init) else {
                logger.error("cannot run \(what): no user '\(user)' on this host", metadata: ["command": "\(command.joined(separator: " "))"])
                return nil
            }
            let groupOptions = group == nil ? ["--regid", gid, "--init-groups"] : ["--regid", gid, "--clear-groups"]
            process.arguments = ["--reuid", user] + groupOptions + ["--", "/usr/bin/env"] + command
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = command
        }
        do {
            try process.run()
        } catch {
            logger.error("cannot run \(what)", metadata: ["command": "\(command.joined(separator: " "))", "error": "\(error)"])
            return nil
        }
        guard wait else {
            let logger = self.logger
            process.terminationHandler = { process in
                if process.terminationStatus != 0 {
                    logger.warning("\(what) failed", metadata: ["command": "\(command.joined(separator: " "))", "status": "\(process.terminationStatus)"])
                }
            }
            return nil
        }
        let deadline = ContinuousClock.now + (timeout ?? self.timeout)
        while process.isRunning {
            if ContinuousClock.now > deadline {
                Processes.signal(process.processIdentifier, Processes.kill)
                process.waitUntilExit()
                logger.warning("\(what) timed out and was killed", metadata: ["command": "\(command.joined(separator: " "))"])
                return nil
            }
            Thread.sleep(forTimeInterval: 0.005)
        }
        return process.terminationStatus
    }
}
