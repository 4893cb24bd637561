import Foundation
import Glibc
import Synchronization
@testable import LinuxSupport

/// Two network namespaces joined by a veth pair, for the tests that need real sockets.
///
/// `NAME-a` and `NAME-b` (NAME is `vrrplinux-PID-N`, unique per test) each hold one end,
/// named `vr0`, with `10.213.201.1/24` + `fd00:213:201::1/64` in a and `.2` / `::2` in b.
/// The pair touches no bridge and no root-namespace interface, so tests may run in parallel.
/// DAD is off in both namespaces so link-local addresses are usable at once.
///
/// **Entering a namespace.** ``run(in:_:)`` runs a closure on a fresh thread that first calls
/// setns(2) on `/run/netns/NAME`. setns with CLONE_NEWNET switches only the calling thread, and
/// a socket stays in the namespace it was created in for its whole life, so a VRRPSocket made
/// on that thread can then be used from any thread. The thread is dedicated and ends with the
/// closure, so no pooled thread is ever left in a foreign namespace. This beats a helper
/// executable under `ip netns exec`: the tests drive the library objects directly, with no
/// second build product, no process to supervise and no output to parse. (What the library
/// does about sysfs, which does not follow setns, is on ``NetworkInterface``.)
final class NamespacePair: Sendable {
    static let interface = "vr0"
    static let addressA: [UInt8] = [10, 213, 201, 1]
    static let addressB: [UInt8] = [10, 213, 201, 2]
    static let address6A = IPBytes.parse("fd00:213:201::1")!
    static let address6B = IPBytes.parse("fd00:213:201::2")!

    let a: String
    let b: String

    private static let counter = Atomic<Int>(0)

    init() throws {
        _ = Self.staleRemoved
        let number = Self.counter.add(1, ordering: .relaxed).newValue
        let base = "vrrplinux-\(getpid())-\(number)"
        a = base + "-a"
        b = base + "-b"
        do {
            for name in [a, b] {
                try Shell.run(["ip", "netns", "add", name])
                // New interfaces take the namespace's defaults, so set them before making any.
                try Shell.run(["ip", "netns", "exec", name, "sysctl", "-qw", "net.ipv6.conf.default.accept_dad=0"])
                try Shell.run(["ip", "netns", "exec", name, "sysctl", "-qw", "net.ipv6.conf.all.accept_dad=0"])
                try Shell.run(["ip", "-n", name, "link", "set", "lo", "up"])
            }
            try Shell.run(["ip", "-n", a, "link", "add", Self.interface, "type", "veth", "peer", "name", Self.interface, "netns", b])
            for (name, v4, v6) in [(a, Self.addressA, Self.address6A), (b, Self.addressB, Self.address6B)] {
                try Shell.run(["ip", "-n", name, "addr", "add", IPBytes.format(v4) + "/24", "dev", Self.interface])
                try Shell.run(["ip", "-n", name, "addr", "add", IPBytes.format(v6) + "/64", "dev", Self.interface, "nodad"])
                try Shell.run(["ip", "-n", name, "link", "set", Self.interface, "up"])
            }
            // The link-local address appears once the link has carrier.
            for name in [a, b] {
                let ready = poll(timeout: .seconds(10)) {
                    let out = (try? Shell.run(["ip", "-n", name, "-6", "-o", "addr", "show", "dev", Self.interface, "scope", "link"])) ?? ""
                    return out.contains("fe80::") && !out.contains("tentative")
                }
                guard ready else { throw NetError.invalidArgument("no usable link-local address in \(name)") }
            }
        } catch {
            down()
            throw error
        }
    }

    deinit { down() }

    /// Once per run: deletes `vrrplinux-PID-…` namespaces whose test process is gone (it
    /// crashed before its `down()`), so they do not pile up. Live PIDs' namespaces are left alone.
    private static let staleRemoved: Void = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/run/netns")) ?? []
        for name in names where name.hasPrefix("vrrplinux-") {
            let parts = name.split(separator: "-")
            guard parts.count >= 2, let pid = Int32(parts[1]), pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { _ = try? Shell.run(["ip", "netns", "del", name]) }
        }
    }()

    /// Deletes both namespaces (the veth goes with them). Idempotent.
    func down() {
        for name in [a, b] where FileManager.default.fileExists(atPath: "/run/netns/\(name)") {
            _ = try? Shell.run(["ip", "netns", "del", name])
        }
    }

    /// Runs `body` on a dedicated thread inside namespace `name` and returns its result.
    static func run<T: Sendable>(in name: String, _ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                do {
                    let fd = open("/run/netns/\(name)", O_RDONLY | O_CLOEXEC)
                    guard fd >= 0 else { throw NetError.lastSystemError("cannot open", "/run/netns/\(name)") }
                    defer { close(fd) }
                    guard setNetworkNamespace(fd) == 0 else { throw NetError.lastSystemError("cannot enter", name) }
                    continuation.resume(returning: try body())
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            thread.start()
        }
    }

    /// Runs blocking socket work (poll, recv) on a thread of its own, not on the test's pool.
    static func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                do { continuation.resume(returning: try body()) } catch { continuation.resume(throwing: error) }
            }.start()
        }
    }

    /// `ip -n NAME ARGS…`, returning its output.
    @discardableResult
    func ip(_ name: String, _ arguments: String...) throws -> String {
        try Shell.run(["ip", "-n", name] + arguments)
    }
}

/// setns(fd, CLONE_NEWNET). Glibc's Swift module hides setns (it needs _GNU_SOURCE), so it is
/// looked up in libc by name and called through a C function pointer.
func setNetworkNamespace(_ fd: Int32) -> Int32 {
    typealias SetNS = @convention(c) (Int32, Int32) -> Int32
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "setns") else {  // RTLD_DEFAULT
        errno = ENOSYS
        return -1
    }
    let cloneNewNet: Int32 = 0x4000_0000  // CLONE_NEWNET, linux/sched.h
    return unsafeBitCast(symbol, to: SetNS.self)(fd, cloneNewNet)
}

/// Polls `condition` every 50 ms until it holds or `timeout` passes.
func poll(timeout: Duration, _ condition: () -> Bool) -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if condition() { return true }
        Thread.sleep(forTimeInterval: 0.05)
    }
    return condition()
}

/// Runs a command to completion (looked up on PATH) and returns stdout; non-zero exit throws.
enum Shell {
    struct Failure: Error, CustomStringConvertible {
        var command: [String]
        var status: Int32
        var stderr: String
        var description: String { "\(command.joined(separator: " ")) exited \(status): \(stderr)" }
    }

    @discardableResult
    static func run(_ command: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read before waiting, so a chatty command cannot block on a full pipe.
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(command: command, status: process.terminationStatus, stderr: String(decoding: errors, as: UTF8.self))
        }
        return String(decoding: output, as: UTF8.self)
    }
}

/// A packet socket that captures frames of one EtherType on one interface, to see what went on
/// the wire. Made inside a namespace with ``NamespacePair/run(in:_:)``.
final class FrameCapture: Sendable {
    private let socket: Socket

    init(interfaceIndex: UInt32, etherType: UInt16) throws {
        socket = try Socket(
            domain: AF_PACKET, type: Int32(SOCK_RAW.rawValue), protocol: Int32(etherType.bigEndian), name: "capture socket")
        let address = SocketAddress.link(interfaceIndex: interfaceIndex, protocol: etherType, destination: [])
        let fd = try socket.fd()
        let bound = address.bytes.withUnsafeBytes {
            bind(fd, $0.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t($0.count))
        }
        guard bound == 0 else { throw NetError.lastSystemError("cannot bind", "capture socket") }
    }

    /// The first frame (whole, Ethernet header included) that `matches`, or nil after `timeout`.
    func first(within timeout: Duration, where matches: ([UInt8]) -> Bool) throws -> [UInt8]? {
        let deadline = ContinuousClock.now + timeout
        while true {
            let left = deadline - ContinuousClock.now
            guard left > .zero, try socket.waitReadable(timeout: left) else { return nil }
            if let frame = try socket.receive(capacity: 2048, controlCapacity: 0, what: "frame"), matches(frame.bytes) {
                return frame.bytes
            }
        }
    }
}

/// The Internet checksum over an IPv6 pseudo-header and `payload` (RFC 8200 §8.1); 0 when the
/// checksum inside `payload` is right.
func ipv6Checksum(source: [UInt8], destination: [UInt8], nextHeader: UInt8, payload: [UInt8]) -> UInt16 {
    let length = UInt32(payload.count)
    var bytes = source + destination
    bytes += [UInt8(length >> 24), UInt8((length >> 16) & 0xFF), UInt8((length >> 8) & 0xFF), UInt8(length & 0xFF)]
    bytes += [0, 0, 0, nextHeader] + payload
    if bytes.count % 2 == 1 { bytes.append(0) }
    var sum: UInt32 = 0
    for i in stride(from: 0, to: bytes.count, by: 2) { sum += UInt32(bytes[i]) << 8 | UInt32(bytes[i + 1]) }
    while sum > 0xFFFF { sum = (sum & 0xFFFF) + (sum >> 16) }
    return ~UInt16(sum)
}

/// A MAC address as `ip` prints it: "02:11:22:33:44:55".
func macText(_ mac: [UInt8]) -> String {
    mac.map { String(format: "%02x", $0) }.joined(separator: ":")
}
