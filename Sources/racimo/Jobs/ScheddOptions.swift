import ArgumentParser
import Foundation
import JobsIO

/// How a jobs command finds the schedd: its local socket.
struct ScheddOptions: ParsableArguments {
    @Option(name: .customLong("socket"), help: "The schedd's socket (default: $RACIMO_SCHEDD_SOCKET or /run/racimo/schedd.sock).")
    var socket: String = ScheddClient.defaultSocket

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    /// Sends `request`; a refusal or an unreachable schedd is printed and exits 1. With
    /// `quietly`, an unreachable schedd is thrown to the caller instead.
    func send(_ request: ScheddRequest, command: String, quietly: Bool = false) async throws -> ScheddReply {
        do {
            let reply = try await ScheddClient(socketPath: socket).send(request)
            if case .refused(let why) = reply {
                printError("racimo \(command): \(why)")
                throw ExitCode(1)
            }
            return reply
        } catch let failure as ScheddClient.Failure {
            if quietly { throw failure }
            printError("racimo \(command): \(failure)")
            throw ExitCode(1)
        }
    }

    static var utcOffset: Int { TimeZone.current.secondsFromGMT() }
}

/// JSON for `--json`: sorted keys, so scripts and diffs see a stable order.
func printJSON<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}
