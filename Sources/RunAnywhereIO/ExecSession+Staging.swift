import Foundation
import Glibc
import LinuxSupport
import NIOCore

/// An image arriving from the node a process leaves: its folder, the file being written, and
/// what has come so far.
struct ImageStaging {
    var image: String
    var folder: String
    var owner: Checkpoint.Owner
    var file: Int32 = -1
    var bytes = 0
    var began = Date()
    var stored = false
}

extension ExecSession {
    /// The first message of an image connection: checked as a start would be (a guest may come,
    /// root only if allowed), then a folder of the process's user to write the files into.
    func receive(_ push: ImagePush) {
        guard push.nonce == nonce else { return refusePush("the image does not answer this node's challenge") }
        guard MoveOrder.isImageID(push.image) else { return refusePush("the image id is malformed") }
        if let problem = admissionProblem(home: push.home, uid: push.uid) { return refusePush(problem) }
        guard settings.criu != nil else { return refusePush("\(settings.node) cannot restore: \(settings.criuProblem)") }
        let owner = Checkpoint.Owner(uid: push.uid, gid: push.gid, groups: push.groups)
        let folder = settings.imageFolder + "/in-\(push.image.prefix(8))-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: settings.imageFolder, withIntermediateDirectories: true)
        guard Checkpoint.makeFolder(folder, owner: owner) else { return refusePush("\(settings.node) cannot store the image under \(settings.imageFolder)") }
        staging = ImageStaging(image: push.image, folder: folder, owner: owner)
    }

    func stage(file name: String) {
        guard var staging, !staging.stored else { return }
        if staging.file >= 0 { close(staging.file) }
        staging.file = -1
        self.staging = staging
        guard !name.contains("/"), !name.hasPrefix(".") else { return refusePush("an image file may not be named \(name)") }
        // The folder is the user's: a file they planted there (a link to /etc/passwd, a FIFO)
        // must never be opened by root. Each file is new, and not followed if it is a link.
        staging.file = open(staging.folder + "/" + name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0o600)
        guard staging.file >= 0 else { return refusePush("\(settings.node) cannot store the image: \(String(cString: strerror(errno)))") }
        _ = fchown(staging.file, staging.owner.uid, staging.owner.gid)
        self.staging = staging
    }

    func stage(_ bytes: [UInt8]) {
        guard var staging, !staging.stored, staging.file >= 0 else { return refusePush("image bytes before any image file") }
        let written = bytes.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let count = write(staging.file, raw.baseAddress! + done, raw.count - done)
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { return false }
                done += count
            }
            return true
        }
        guard written else { return refusePush("\(settings.node) cannot store the image: \(String(cString: strerror(errno)))") }
        staging.bytes += bytes.count
        self.staging = staging
    }

    /// The whole image is here: it waits for the home's start, as long as this connection
    /// stays open.
    func imageComplete() {
        guard var staging, !staging.stored else { return }
        if staging.file >= 0 { close(staging.file) }
        staging.file = -1
        staging.stored = true
        self.staging = staging
        guard staged.keep(staging.image, folder: staging.folder, uid: staging.owner.uid) else {
            return refusePush("an image with this id is already here")
        }
        send(.pushed)
        logger.info("run: image stored", metadata: [
            "bytes": "\(staging.bytes)", "seconds": "\(Date().timeIntervalSince(staging.began))"])
    }

    /// Says why the image is not wanted and drops what came of it, but keeps reading until
    /// the old node hangs up: closing on bytes still unread would reset the connection, and
    /// the old node would lose the reason with it.
    func refusePush(_ why: String) {
        logger.notice("run: image refused", metadata: ["why": "\(why)"])
        send(.failed(why))
        dropStaging()
        pushRefused = true
    }

    /// The image connection closed: an image nobody restored, or half an image, goes.
    func dropStaging() {
        guard let staging else { return }
        if staging.file >= 0 { close(staging.file) }
        if staging.stored {
            staged.discard(staging.image, folder: staging.folder)
        } else {
            try? FileManager.default.removeItem(atPath: staging.folder)
        }
        self.staging = nil
    }
}
