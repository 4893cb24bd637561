import Foundation

/// Home to the node running a process: checkpoint it and send the image straight to
/// `node`, under the id `image`.
public struct MoveOrder: Codable, Sendable, Equatable {
    public var node: String
    public var host: String
    public var port: Int
    /// Names the image on both nodes until a restore takes it: 32 hexadecimal digits.
    public var image: String

    public init(node: String, host: String, port: Int, image: String) {
        self.node = node
        self.host = host
        self.port = port
        self.image = image
    }

    /// A fresh image id.
    public static func newImageID() -> String {
        RunChannelSecurity.nonce().map { String(format: "%02x", $0) }.joined()
    }

    /// Ids are made by `newImageID`; anything else (a path, say) is refused.
    public static func isImageID(_ text: String) -> Bool {
        text.utf8.count == 32 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}

/// The node a process left, to the node it moves to: the first message of an image
/// connection, before its files. The target checks it as it would a start (the challenge
/// echoed, guests allowed, root only if allowed) before it stores a byte.
public struct ImagePush: Codable, Sendable, Equatable {
    /// The target's challenge, echoed.
    public var nonce: [UInt8]
    public var image: String
    public var home: String
    public var uid: UInt32
    public var gid: UInt32
    public var groups: [UInt32]

    public init(nonce: [UInt8], image: String, home: String, uid: UInt32, gid: UInt32, groups: [UInt32]) {
        self.nonce = nonce
        self.image = image
        self.home = home
        self.uid = uid
        self.gid = gid
        self.groups = groups
    }
}
