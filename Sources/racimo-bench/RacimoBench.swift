import Membership
import RacimoCore
import RacimoTestKit

/// `racimo-bench membership SCENARIO [--nodes N] [--loss P] [--seed S] …`: runs a simulated
/// cluster and prints `figure: value unit` lines (scripts/bench/membership.sh runs the matrix).
@main
struct RacimoBench {
    static func main() {
        var arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "vrrp" {
            // racimo-bench vrrp failover|responder|probe … (scripts/bench/vrrp-failover.sh)
            return VRRPBench.main(Array(arguments.dropFirst()))
        }
        guard arguments.count >= 2, arguments[0] == "membership" else {
            print("usage: racimo-bench membership detect|soak|partition [--nodes N] [--loss P] [--seed S] [--crashes C] [--seconds T]")
            print("       racimo-bench vrrp failover [--runs N]   (see racimo-bench vrrp)")
            return
        }
        let scenario = arguments[1]
        arguments.removeFirst(2)
        var options: [String: Double] = ["nodes": 100, "loss": 0, "seed": 1, "crashes": 50, "seconds": 3600]
        while arguments.count >= 2, arguments[0].hasPrefix("--") {
            options[String(arguments[0].dropFirst(2))] = Double(arguments[1])
            arguments.removeFirst(2)
        }
        var bench = MembershipBench(
            nodes: Int(options["nodes"]!), loss: options["loss"]!, seed: UInt64(options["seed"]!))
        bench.verbose = options["verbose"] == 1
        switch scenario {
        case "detect": bench.detect(crashes: Int(options["crashes"]!))
        case "soak": bench.soak(seconds: Int(options["seconds"]!))
        case "partition": bench.partition()
        default: print("unknown scenario \(scenario)")
        }
    }
}
