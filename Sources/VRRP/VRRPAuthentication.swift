/// The authentication of a VRRPv2 advertisement: its Auth Type byte and the 8 bytes of
/// Authentication Data after the addresses.
///
/// RFC 3768 removed authentication, but keepalived still sends `PASS` (and `AH`) in v2 when
/// configured to, and checks it, so a mixed cluster must too. VRRPv3 has no such field: a v3
/// advertisement always carries `.none`.
public enum VRRPAuthentication: Hashable, Sendable {
    /// Auth Type 0; the data bytes are zero.
    case none
    /// Auth Type 1, "simple text password": only the first 8 UTF-8 bytes travel, zero padded, as
    /// keepalived's `auth_pass` (which warns "Truncating auth_pass to 8 characters"). Compare
    /// a received password with a configured one by `matchesOnWire(_:)`, not `==`.
    case password(String)
    /// Auth Type 2, IPsec AH. The authentication is in an AH header between the IPv4 header and
    /// the advertisement (IPv4 protocol 51, not 112), which this codec does not handle; the data
    /// bytes are zero.
    case ipAH

    /// The Auth Type byte.
    var wireType: UInt8 {
        switch self {
        case .none: 0
        case .password: 1
        case .ipAH: 2
        }
    }

    /// The 8 bytes of Authentication Data: a password cut to 8 bytes (even inside a UTF-8
    /// character, as keepalived cuts it) and padded with zeros; zeros otherwise.
    var wireData: [UInt8] {
        guard case .password(let text) = self else { return Self.zeroData }
        let bytes = Array(text.utf8.prefix(Self.dataLength))
        return bytes + Array(repeating: 0, count: Self.dataLength - bytes.count)
    }

    /// The authentication that `type` and `data` (8 bytes) stand for, or nil for an unknown type.
    /// A password is the data without its zero padding; bytes that are not UTF-8 (a password cut
    /// inside a character) read as U+FFFD. The data of types 0 and 2 is ignored, as RFC 3768 says.
    init?(wireType type: UInt8, data: ArraySlice<UInt8>) {
        switch type {
        case 0: self = .none
        case 1:
            var end = data.endIndex
            while end > data.startIndex, data[end - 1] == 0 { end -= 1 }
            self = .password(String(decoding: data[..<end], as: UTF8.self))
        case 2: self = .ipAH
        default: return nil
        }
    }

    /// Whether the two put the same Auth Type and Authentication Data on the wire: true for a
    /// configured password longer than 8 bytes and the 8 bytes a peer received of it.
    public func matchesOnWire(_ other: VRRPAuthentication) -> Bool {
        wireType == other.wireType && wireData == other.wireData
    }

    /// Bytes of Authentication Data in every VRRPv2 advertisement (keepalived's VRRP_AUTH_LEN).
    static let dataLength = 8
    private static let zeroData = [UInt8](repeating: 0, count: dataLength)
}
