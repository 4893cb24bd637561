import Foundation
import RacimoTestKit

/// HTCondor's own reader of job event logs (htcondor2.JobEventLog, through
/// scripts/condor/read_event_log.py), for checking what Racimo wrote.
enum EventLogReader {
    struct Event {
        var type: String
        var cluster: Int
        var proc: Int
        var returnValue: Int?
        var fields: [String: Any]
    }

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("scripts/condor/read_event_log.py").path

    static func read(_ path: String) throws -> [Event] {
        let reader = try ChildProcess("/usr/bin/env", ["python3", script, path])
        guard let status = reader.waitForExit(timeout: .seconds(60)), status == 0 else {
            throw FarmError("HTCondor's reader failed on \(path): \(reader.stderr) — pip install htcondor==25.14.1")
        }
        return try reader.stdout.split(separator: "\n").map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
            return Event(
                type: object["type"] as? String ?? "?", cluster: object["cluster"] as? Int ?? -1, proc: object["proc"] as? Int ?? -1,
                returnValue: object["ReturnValue"] as? Int, fields: object)
        }
    }
}
