import Foundation
import NIOConcurrencyHelpers

/// Checkpoint images waiting on this node for a restore, by the move's image id: on the
/// target, what the old node pushed; on the old node, its own dump, kept in case the target
/// cannot restore it. Whoever restores an image takes it; the connection that brought or made
/// it discards it when it closes, if nobody took it.
final class StagedImages: Sendable {
    private let folders = NIOLockedValueBox<[String: (folder: String, uid: UInt32)]>([:])

    init() {}

    /// Keeps `folder` under `id` for a restore as `uid`; false if the id is already taken.
    func keep(_ id: String, folder: String, uid: UInt32) -> Bool {
        folders.withLockedValue { folders in
            guard folders[id] == nil else { return false }
            folders[id] = (folder, uid)
            return true
        }
    }

    /// The image's folder, now the caller's to restore from and remove; only for a restore
    /// as the user whose process it is.
    func take(_ id: String, uid: UInt32) -> String? {
        folders.withLockedValue { folders in
            guard let entry = folders[id], entry.uid == uid else { return nil }
            folders[id] = nil
            return entry.folder
        }
    }

    /// Removes `folder` unless a restore took it meanwhile.
    func discard(_ id: String, folder: String) {
        let mine = folders.withLockedValue { folders in
            guard folders[id]?.folder == folder else { return false }
            folders[id] = nil
            return true
        }
        if mine { try? FileManager.default.removeItem(atPath: folder) }
    }
}
