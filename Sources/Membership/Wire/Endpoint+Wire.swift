import NIOCore
import RacimoCore

/// The address families of an endpoint on the membership wire (docs/protocol.md).
enum EndpointFamily: UInt8 {
    /// A hostname: length (1…255) ‖ printable ASCII.
    case hostname = 0
    /// An IPv4 literal: 4 bytes.
    case ipv4 = 4
    /// An IPv6 literal: 16 bytes.
    case ipv6 = 6
}

extension Endpoint {
    /// Most addresses one member announces (one per link, Heartbeat's several media).
    static let maxWireAddresses = 8
    /// Smallest encoding: family, a 1-byte hostname with its length, port.
    static let minimumWireLength = 5

    /// Writes family ‖ address ‖ port. The host goes as 4 or 16 bytes when it is an IP literal
    /// (`IPAddress`: strict dotted quads; an IPv6 text comes back in its RFC 5952 form),
    /// otherwise as text cut to 255 bytes. A port outside 0…65535 is clamped. Receivers refuse
    /// port 0 and a hostname that is empty or not printable ASCII, so such an endpoint makes the
    /// whole message refused (`Endpoint(parsing:defaultPort:)` and this codec's parser never
    /// produce port 0 or an empty host).
    func write(to buffer: inout ByteBuffer) {
        if let address = IPAddress(parsing: host) {
            buffer.writeInteger((address.family == .v4 ? EndpointFamily.ipv4 : .ipv6).rawValue)
            buffer.writeBytes(address.bytes)
        } else {
            let bytes = host.utf8.prefix(255)
            buffer.writeInteger(EndpointFamily.hostname.rawValue)
            buffer.writeInteger(UInt8(bytes.count))
            buffer.writeBytes(bytes)
        }
        buffer.writeInteger(UInt16(clamping: port))
    }

    /// Reads one endpoint.
    init(parsing reader: inout WireReader) throws(FrameRejection) {
        let familyByte = try reader.readUInt8("address family")
        let host: String
        switch EndpointFamily(rawValue: familyByte) {
        case .ipv4:
            host = IPAddress(bytes: Array(try reader.readBytes(4, "IPv4 address")))!.description
        case .ipv6:
            host = IPAddress(bytes: Array(try reader.readBytes(16, "IPv6 address")))!.description
        case .hostname:
            let length = Int(try reader.readUInt8("host length"))
            guard length > 0 else { throw .malformed("host length 0") }
            let bytes = try reader.readBytes(length, "host")
            // Printable ASCII without space: hostnames, and the odd zone index (`fe80::1%eth0`).
            guard bytes.allSatisfy({ (0x21...0x7E).contains($0) }) else { throw .malformed("invalid host") }
            host = String(decoding: bytes, as: UTF8.self)
        case nil:
            throw .malformed("unknown address family \(familyByte)")
        }
        let port = try reader.readUInt16("port")
        guard port != 0 else { throw .malformed("port 0") }
        self.init(host: host, port: Int(port))
    }
}

extension ByteBuffer {
    /// An address list: count (0…8) ‖ endpoints. Only the first 8 addresses are written.
    mutating func writeAddresses(_ addresses: [Endpoint]) {
        let written = addresses.prefix(Endpoint.maxWireAddresses)
        writeInteger(UInt8(written.count))
        for address in written { address.write(to: &self) }
    }

}

extension WireReader {
    /// Reads an address list, refusing more than 8 addresses.
    mutating func readAddresses() throws(FrameRejection) -> [Endpoint] {
        let count = try readCount(
            "address count", limit: Endpoint.maxWireAddresses, minimumItemLength: Endpoint.minimumWireLength)
        var addresses: [Endpoint] = []
        addresses.reserveCapacity(count)
        for _ in 0..<count { addresses.append(try Endpoint(parsing: &self)) }
        return addresses
    }
}
