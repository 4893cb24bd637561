import LinuxSupport
import RacimoCore
import VRRP

/// One interface and family as the VRRP driver uses it: the protocol-112 socket the instances
/// on it share, the neighbour announcer for their addresses, and the interface's own address.
final class VRRPLink: Sendable {
    let interface: NetworkInterface
    let family: IPAddress.Family
    let socket: VRRPSocket
    let announcer: NeighbourAnnouncer
    /// The address adverts are sent from: the interface's primary IPv4 address or its IPv6
    /// link-local address (RFC 5798 §5.1.1.1, §5.1.2.1).
    let primaryAddress: IPAddress

    /// Opens the link, sending from `source` (keepalived's `unicast_src_ip`) or else the
    /// interface's own address. Errors name the interface and say what is missing.
    init(interface name: String, family: IPAddress.Family, source: IPAddress?) throws(VRRPDriverError) {
        do {
            let interface = try NetworkInterface.named(name)
            let own = source?.bytes ?? (family == .v4 ? interface.primaryIPv4 : interface.ipv6LinkLocal)
            guard let own, let primary = IPAddress(bytes: own) else {
                throw VRRPDriverError.noAddress(interface: name, family: family)
            }
            self.interface = interface
            self.family = family
            self.primaryAddress = primary
            self.socket = try VRRPSocket(interface: interface, family: family == .v4 ? .ipv4 : .ipv6, source: own)
            self.announcer = try NeighbourAnnouncer(interface: interface)
        } catch let error as VRRPDriverError {
            throw error
        } catch {
            throw .system("\(error)")
        }
    }

    /// The VRRP multicast group of this family.
    var group: IPAddress { family == .v4 ? IPAddress(bytes: IPBytes.vrrpGroupV4)! : IPAddress(bytes: IPBytes.vrrpGroupV6)! }

    func close() {
        socket.close()
        announcer.close()
    }
}

/// Why the VRRP driver could not start or act; the text is for the operator.
public enum VRRPDriverError: Error, CustomStringConvertible {
    case noAddress(interface: String, family: IPAddress.Family)
    case system(String)

    public var description: String {
        switch self {
        case .noAddress(let interface, let family):
            "interface '\(interface)' has no \(family == .v4 ? "IPv4 address" : "IPv6 link-local address") to send adverts from (add one, or set unicast_src_ip)"
        case .system(let text): text
        }
    }
}
