import Balancer
import RacimoCore

/// Servers named A, B, C… with these weights, at 10.0.0.1, 10.0.0.2…
func pool(_ weights: Int...) -> [Server] {
    weights.enumerated().map { i, weight in
        Server(ServerID(String(UnicodeScalar(UInt8(65 + i)))), address: IPAddress(ipv4: 0x0A00_0001 + UInt32(i)), weight: weight)
    }
}

func ip(_ text: String) -> IPAddress { IPAddress(parsing: text)! }

let anyClient = RequestContext(client: ip("192.0.2.1"))

/// `count` picks, as names ("-" for none); `open` counts a connection on each pick, as the data
/// path does once the connection is made.
func picks<S: Scheduler>(_ scheduler: inout S, _ count: Int, open: Bool = false,
                         _ request: RequestContext = anyClient) -> String {
    (0..<count).map { _ in
        guard let id = scheduler.pick(for: request) else { return "-" }
        if open { scheduler.connectionOpened(id) }
        return id.name
    }.joined(separator: " ")
}
