/// The bytes of the announcements a new VRRP master sends so that neighbours move a virtual
/// address to its link-layer address: pure, so they are tested byte for byte.
public enum NeighbourFrames {
    /// EtherType of ARP.
    public static let etherTypeARP: UInt16 = 0x0806
    /// EtherType of IPv6.
    public static let etherTypeIPv6: UInt16 = 0x86DD
    /// The Ethernet broadcast address.
    public static let broadcastMAC: [UInt8] = [UInt8](repeating: 0xFF, count: 6)

    /// A gratuitous ARP as a whole 42-byte Ethernet frame, the one keepalived sends:
    ///
    /// - Ethernet: destination broadcast, source `mac`, type ARP;
    /// - ARP (RFC 826): hardware Ethernet (1), protocol IPv4 (0x0800), lengths 6 and 4,
    ///   operation **request** (1);
    /// - sender `mac` and `address`, target hardware broadcast, target `address`.
    ///
    /// A request with sender IP = target IP is the RFC 5227 §3 "ARP Announcement"; a request
    /// rather than a reply because every host processes requests, while some ignore replies they
    /// did not ask for. keepalived sets the target hardware address to broadcast (RFC 5227 says
    /// it is ignored and suggests zeros); matching keepalived keeps the wire identical. No
    /// padding to 60 bytes: the driver pads short frames, as it does for keepalived's.
    public static func gratuitousARP(mac: [UInt8], address: [UInt8]) -> [UInt8] {
        precondition(mac.count == 6 && address.count == 4, "gratuitous ARP needs a 6-byte MAC and an IPv4 address")
        var frame = broadcastMAC + mac + bigEndian(etherTypeARP)
        frame += bigEndian(UInt16(1)) + bigEndian(UInt16(0x0800)) + [6, 4] + bigEndian(UInt16(1))
        frame += mac + address + broadcastMAC + address
        return frame
    }

    /// An unsolicited neighbour advertisement (RFC 4861 §4.4, §7.2.6) as the 32-byte ICMPv6
    /// message for a raw ICMPv6 socket, checksum left zero (the kernel computes it on such
    /// sockets):
    ///
    /// - type 136, code 0, checksum 0;
    /// - flags: router (0x80) as given, solicited (0x40) clear (nobody asked), override (0x20)
    ///   set so neighbours replace the link-layer address they cached; 29 reserved zero bits;
    /// - target `address`;
    /// - option 2 (target link-layer address), length 1 (8 bytes), `mac`.
    ///
    /// It goes to ff02::1 with hop limit 255 (receivers drop NDP with any other).
    public static func unsolicitedNeighbourAdvertisement(address: [UInt8], mac: [UInt8], router: Bool) -> [UInt8] {
        precondition(mac.count == 6 && address.count == 16, "a neighbour advert needs a 6-byte MAC and an IPv6 address")
        var message: [UInt8] = [136, 0, 0, 0]
        message += [(router ? 0x80 : 0) | 0x20, 0, 0, 0]
        message += address
        message += [2, 1] + mac
        return message
    }

    private static func bigEndian(_ value: UInt16) -> [UInt8] { [UInt8(value >> 8), UInt8(value & 0xFF)] }
}
