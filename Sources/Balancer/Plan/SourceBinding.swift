import RacimoCore

/// Where connections to servers come from (HAProxy `source`): the director's own address and
/// port for them, or, with `usesrc`, an address that is not the director's, so that servers see
/// the client's address (transparent proxying, IP_TRANSPARENT). The servers' replies must then
/// be routed back through the director, as LVS-NAT's were.
public struct SourceBinding: Sendable, Equatable {
    /// `usesrc`: the foreign address the connection is made from.
    public enum Foreign: Sendable, Equatable {
        /// `usesrc clientip`: the client's address, any port.
        case clientIP
        /// `usesrc client`: the client's address and port.
        case client
        /// `usesrc ADDRESS[:PORT]`: a fixed address (port 0: any).
        case address(IPAddress, port: Int)
    }

    /// `source ADDRESS[:PORT]`; nil address or port 0: the kernel's choice.
    public var address: IPAddress?
    public var port: Int
    public var foreign: Foreign?
    public var location: SourceLocation?

    public init(address: IPAddress?, port: Int = 0, foreign: Foreign? = nil, location: SourceLocation? = nil) {
        self.address = address
        self.port = port
        self.foreign = foreign
        self.location = location
    }

    /// Whether the connection is bound to an address that is not the director's own.
    public var isTransparent: Bool { foreign != nil }

    /// The address and port to bind a connection for a client at `client`:`clientPort`
    /// (address nil: the kernel's choice, as is port 0).
    public func bindAddress(client: IPAddress, clientPort: Int) -> (address: IPAddress?, port: Int) {
        switch foreign {
        case nil: (address, port)
        case .clientIP: (client, 0)
        case .client: (client, clientPort)
        case .address(let fixed, let fixedPort): (fixed, fixedPort)
        }
    }
}
