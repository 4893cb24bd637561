import Foundation
import LinuxSupport
import RacimoCore

/// A check by command: ldirectord's `checkcommand` and keepalived's `MISC_CHECK`.
///
/// The command runs through `/bin/sh -c`, as both tools run it, with ldirectord's four
/// arguments appended (virtual address, virtual port, real address, real port). Exit 0
/// passes. With keepalived's `misc_dynamic`, 1 fails and 2-255 pass with weight code-2.
enum ExternalCheck {
    static func run(_ command: String, virtual: Endpoint, real: Endpoint, timeout: Duration,
                    dynamicWeight: Bool) -> (Bool, String, Int?) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command + " \"$@\"", "sh", virtual.host, String(virtual.port), real.host, String(real.port)]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return (false, "cannot run '\(command)': \(error)", nil)
        }
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now > deadline {
                Processes.signal(process.processIdentifier, Processes.kill)
                process.waitUntilExit()
                return (false, "'\(command)' did not finish in \(timeout)", nil)
            }
            Thread.sleep(forTimeInterval: 0.005)
        }
        let status = process.terminationStatus
        if process.terminationReason == .uncaughtSignal { return (false, "'\(command)' killed by signal \(status)", nil) }
        switch status {
        case 0: return (true, "exit 0", nil)
        case 2...255 where dynamicWeight: return (true, "exit \(status): weight \(status - 2)", Int(status) - 2)
        default: return (false, "exit \(status)", nil)
        }
    }
}
