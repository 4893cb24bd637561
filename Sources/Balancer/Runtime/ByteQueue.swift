/// Bytes a relay loop keeps for later: read ahead of the request being served, or not yet
/// taken by a socket. The storage is freed once the queue empties, so an idle connection holds
/// none, unless it `keepsStorage` (what is rewritten for every request). Its owner frees it
/// with `release()`: a struct over raw memory has no deinit of its own.
public struct ByteQueue {
    private var storage: UnsafeMutableRawPointer?
    private var capacity = 0
    private var start = 0
    private var end = 0
    private let keepsStorage: Bool

    public init(keepsStorage: Bool = false) { self.keepsStorage = keepsStorage }

    public var count: Int { end - start }
    public var isEmpty: Bool { end == start }

    /// The bytes waiting; valid until the queue next changes.
    public var readable: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: storage.map { $0 + start }, count: end - start)
    }

    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0 else { return }
        reserve(bytes.count)
        (storage! + end).copyMemory(from: bytes.baseAddress!, byteCount: bytes.count)
        end += bytes.count
    }

    public mutating func append(_ bytes: [UInt8]) { bytes.withUnsafeBytes { append($0) } }

    /// Drops the first `n` bytes.
    public mutating func consume(_ n: Int) {
        start += n
        if start >= end { clear() }
    }

    public mutating func clear() {
        start = 0
        end = 0
        if !keepsStorage { release() }
    }

    public mutating func release() {
        storage?.deallocate()
        storage = nil
        capacity = 0
        start = 0
        end = 0
    }

    private mutating func reserve(_ extra: Int) {
        guard end + extra > capacity else { return }
        let live = end - start
        if live + extra <= capacity {
            // Room at the front: move what waits there rather than grow.
            storage!.copyMemory(from: storage! + start, byteCount: live)
        } else {
            let grown = UnsafeMutableRawPointer.allocate(byteCount: max(512, capacity * 2, live + extra), alignment: 16)
            if let storage { grown.copyMemory(from: storage + start, byteCount: live) }
            storage?.deallocate()
            storage = grown
            capacity = max(512, capacity * 2, live + extra)
        }
        start = 0
        end = live
    }
}
