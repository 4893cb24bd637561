/// The VRRP version in the top 4 bits of an advertisement's first byte.
public enum VRRPVersion: UInt8, Sendable, Hashable {
    /// RFC 3768: IPv4 only, whole-second intervals, an authentication field. keepalived's default.
    case v2 = 2
    /// RFC 5798 / RFC 9568: IPv4 and IPv6, centisecond intervals, no authentication.
    case v3 = 3
}
