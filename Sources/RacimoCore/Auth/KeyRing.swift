/// The keys a node accepts: the current one, which it signs with, and optionally the next one.
///
/// Rotation without a flag day: give every node the new key as `next` (all accept both), then
/// make it `current` everywhere (all sign with it), then drop the old one.
public struct KeyRing: Sendable, Equatable {
    public var current: ClusterKey
    public var next: ClusterKey?

    public init(current: ClusterKey, next: ClusterKey? = nil) {
        self.current = current
        self.next = next
    }

    /// The key a frame names, or nil when this node holds no such key.
    public func key(for id: KeyID) -> ClusterKey? {
        if current.id == id { return current }
        if let next, next.id == id { return next }
        return nil
    }
}
