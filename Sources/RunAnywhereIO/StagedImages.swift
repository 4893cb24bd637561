import Foundation
import NIOConcurrencyHelpers

/// Checkpoint images waiting on this node for a restore, by the move's image id: on the
/// target, what the old node pushed; on the old node, its own dump, kept in case the target
/// cannot restore it. Whoever restores an image takes it; the connection that brought or made
/// it discards it when it closes, if nobody took it.
final class StagedImages: Sendable {
    private let folders = NIOLockedValueBox<[String: String]>([:])

    init() {}

    func keep(_ id: String, folder: String) {
        folders.withLockedValue { $0[id] = folder }
    }

    /// The image's folder, now the caller's to restore from and remove.
    func take(_ id: String) -> String? {
        folders.withLockedValue { $0.removeValue(forKey: id) }
    }

    /// Removes `folder` unless a restore took it meanwhile.
    func discard(_ id: String, folder: String) {
        let mine = folders.withLockedValue { folders in
            guard folders[id] == folder else { return false }
            folders[id] = nil
            return true
        }
        if mine { try? FileManager.default.removeItem(atPath: folder) }
    }
}
