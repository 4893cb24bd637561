/// `racimo lb list`'s text: the layout of `ipvsadm -L -n` (ipvsadm.c `print_title`,
/// `print_service_entry`), so that scripts and eyes used to it read it the same way.
public enum IPVSAdmTable {
    public static func render(_ status: BalancerStatus) -> String {
        var lines = [
            "IP Virtual Server version 1.2.1 (size=4096)",
            "Prot LocalAddress:Port Scheduler Flags",
            "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn",
        ]
        for service in status.services {
            var head = "\(service.protocolName.padding(4)) \(service.address) \(service.scheduler)"
            if let seconds = service.persistentSeconds { head += " persistent \(seconds)" }
            lines.append(head)
            for server in service.servers where server.listed {
                lines.append("  -> \(server.address.padding(28)) \(server.forward.padding(7)) \(String(server.weight).padding(6)) "
                             + "\(String(server.activeConnections).padding(10)) \(server.inactiveConnections)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension String {
    fileprivate func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
