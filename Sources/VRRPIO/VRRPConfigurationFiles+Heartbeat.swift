import Foundation
import LinuxSupport
import RacimoCore
import VRRP

extension VRRPConfigurationFiles {
    /// Reads Heartbeat's `ha.cf`, `haresources` and `authkeys` in `directory` and maps them to a
    /// plan for `node` (this host's name as ha.cf lists it). authkeys is refused, as Heartbeat
    /// refuses it, when group or others have any permission on it.
    ///
    /// Resource scripts are looked for in `DIRECTORY/resource.d`, then `/etc/ha.d/resource.d`,
    /// then `/etc/init.d`; a netmask left out is the one of the interface's subnet holding the
    /// address.
    ///
    /// - Parameter virtualRouterID: the first group's VRID (`--vrid`); nil derives it.
    /// - Returns: the plan, or nil with the errors, and the warnings either way.
    public static func heartbeat(directory: String, node: String, virtualRouterID: UInt8? = nil)
        -> (plan: VRRPPlan?, diagnostics: Diagnostics)
    {
        let base = directory.hasSuffix("/") && directory.count > 1 ? String(directory.dropLast()) : directory
        let paths = (haCf: base + "/ha.cf", haresources: base + "/haresources", authkeys: base + "/authkeys")
        var diagnostics = Diagnostics()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: base, isDirectory: &isDirectory), isDirectory.boolValue else {
            return (nil, Diagnostics([.error(at: nil, "\(directory) is not a directory",
                                            hint: "racimo vrrp --heartbeat DIR reads DIR/ha.cf, DIR/haresources and DIR/authkeys, as in /etc/ha.d")]))
        }
        var texts: [String: String] = [:]
        for path in [paths.haCf, paths.haresources, paths.authkeys] {
            do {
                if path == paths.authkeys {
                    let mode = try Files.permissions(of: path)
                    if let problem = HeartbeatConfiguration.authkeysPermissionProblem(mode: mode, file: path) {
                        diagnostics.append(problem)
                        continue
                    }
                }
                texts[path] = try Files.readText(path)
            } catch {
                diagnostics.append(.error(at: nil, "cannot read \(path): \(error)",
                                          hint: "racimo vrrp --heartbeat DIR reads DIR/ha.cf, DIR/haresources and DIR/authkeys"))
            }
        }
        guard let haCf = texts[paths.haCf], let haresources = texts[paths.haresources], let authkeys = texts[paths.authkeys] else {
            return (nil, diagnostics)
        }
        let (configuration, read) = HeartbeatConfiguration.parse(
            haCf: HeartbeatFile(name: paths.haCf, text: haCf),
            haresources: HeartbeatFile(name: paths.haresources, text: haresources),
            authkeys: HeartbeatFile(name: paths.authkeys, text: authkeys))
        diagnostics.append(contentsOf: read)
        guard let configuration else { return (nil, diagnostics) }

        var directories = [base + "/resource.d"]
        for fixed in ["/etc/ha.d/resource.d", "/etc/init.d"] where !directories.contains(fixed) { directories.append(fixed) }
        let host = VRRPPlan.HeartbeatHost(
            resourceDirectories: directories,
            isExecutable: { FileManager.default.isExecutableFile(atPath: $0) },
            subnetPrefix: { address, interface in
                guard let value = address.ipv4Value, let link = try? NetworkInterface.named(interface) else { return nil }
                // Heartbeat's findif: the most specific subnet of the interface that holds the address.
                return link.addresses.compactMap { own -> Int? in
                    guard own.address.count == 4, (1...32).contains(own.prefixLength),
                          let mine = IPAddress(bytes: own.address)?.ipv4Value else { return nil }
                    let mask: UInt32 = own.prefixLength == 32 ? .max : ~(UInt32.max >> UInt32(own.prefixLength))
                    return mine & mask == value & mask ? own.prefixLength : nil
                }.max()
            },
            isLocal: { address, interface in
                (try? NetworkInterface.named(interface))?.addresses.contains { $0.address == address.bytes } ?? false
            })
        let (plan, mapped) = VRRPPlan.heartbeat(configuration, node: node, virtualRouterID: virtualRouterID, host: host)
        diagnostics.append(contentsOf: mapped)
        return (plan, diagnostics)
    }
}
