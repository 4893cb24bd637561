import Foundation
import RacimoTestKit
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Self-test of the "several hosts on one machine" kit: `scripts/netns/hosts` and
/// `NetnsCluster`. Needs root; without it every test is reported as skipped ("needs root").
@Suite(.serialized)
struct NetnsClusterTests {
    @Test(.enabled(if: NetnsCluster.isRoot, "needs root"))
    func hostsHaveTheirOwnHostnamesAndReachEachOther() throws {
        let cluster = try NetnsCluster(hosts: 3)
        defer { cluster.down() }

        for host in 1...3 {
            let result = try cluster.run(on: host, ["hostname"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "h\(host)")

            let address = try cluster.run(on: host, ["ip", "-o", "-4", "addr", "show", "dev", "eth0"])
            #expect(address.stdout.contains(" \(cluster.address(of: host))/16 "), "\(address.stdout)")
        }

        // h1 reaches h2 and h3 over TCP: a closed port answers with a reset ("Connection
        // refused"); an unreachable host would give "No route to host" or a timeout.
        // Needs nothing but bash.
        for host in [2, 3] {
            let probe = try cluster.run(
                on: 1,
                ["timeout", "5", "bash", "-c", "exec 3<>/dev/tcp/\(cluster.address(of: host))/9"])
            #expect(probe.stderr.contains("Connection refused"), "h1 -> h\(host): \(probe.stderr)")
        }

        // The same with ping, where it is installed (Debian: iputils-ping).
        if let ping = Self.which("ping") {
            for host in [2, 3] {
                let result = try cluster.run(on: 1, [ping, "-c1", "-W1", cluster.address(of: host)])
                #expect(result.status == 0, "h1 ping h\(host): \(result.stdout) \(result.stderr)")
            }
            // From the root namespace (the test process's) to a host.
            let fromRoot = try Self.runHere([ping, "-c1", "-W1", cluster.address(of: 3)])
            #expect(fromRoot.status == 0, "root ping h3: \(fromRoot.output)")
        } else {
            print("note: ping not installed; ping checks left out")
        }

        // A host reaches a TCP listener in the root namespace, on the bridge address.
        let listener = try TCPListener(address: cluster.bridgeAddress)
        defer { listener.close() }
        let send = try cluster.run(
            on: 2,
            ["bash", "-c", "echo hello from $(hostname) > /dev/tcp/\(cluster.bridgeAddress)/\(listener.port)"])
        #expect(send.status == 0, "\(send.stderr)")
        let received = try listener.acceptAndRead(timeout: .seconds(5))
        #expect(received == "hello from h2\n")
    }

    @Test(.enabled(if: NetnsCluster.isRoot, "needs root"))
    func aLinkThatIsDownFailsBothWaysWhileTheOtherLinkWorks() throws {
        let cluster = try NetnsCluster(hosts: 3, links: 2)
        defer { cluster.down() }
        let name = cluster.name
        #expect(cluster.address(of: 2) == "10.213.\(cluster.subnet).2")
        #expect(cluster.address(of: 2, link: 1) == "10.213.\(cluster.subnet + 64).2")
        #expect(cluster.bridgeAddress(link: 1) == "10.213.\(cluster.subnet + 64).254")
        let eth1 = try cluster.run(on: 2, ["ip", "-o", "-4", "addr", "show", "dev", "eth1"])
        #expect(eth1.stdout.contains(" \(cluster.address(of: 2, link: 1))/24 "), "\(eth1.stdout)")

        // A closed port answers "Connection refused" when the peer is reachable.
        func reaches(_ from: Int, _ to: Int, link: Int) throws -> Bool {
            let address = cluster.address(of: to, link: link)
            let probe = try cluster.run(on: from, ["timeout", "3", "bash", "-c", "exec 3<>/dev/tcp/\(address)/9"])
            return probe.stderr.contains("Connection refused")
        }
        for link in [0, 1] {
            #expect(try reaches(1, 2, link: link), "h1 -> h2 over link \(link)")
            #expect(try reaches(2, 1, link: link), "h2 -> h1 over link \(link)")
        }

        try cluster.setLink(1, of: 2, up: false)
        #expect(try !reaches(1, 2, link: 1), "h1 -> h2 over link 1 while h2's eth1 is down")
        #expect(try !reaches(2, 1, link: 1), "h2 -> h1 over link 1 while h2's eth1 is down")
        #expect(try reaches(1, 2, link: 0), "h1 -> h2 over link 0 while h2's eth1 is down")
        #expect(try reaches(2, 1, link: 0), "h2 -> h1 over link 0 while h2's eth1 is down")
        #expect(try reaches(1, 3, link: 1), "h1 -> h3 over link 1 while h2's eth1 is down")

        try cluster.setLink(1, of: 2, up: true)
        for link in [0, 1] {
            #expect(try reaches(1, 2, link: link), "h1 -> h2 over link \(link) after link 1 is up again")
            #expect(try reaches(2, 1, link: link), "h2 -> h1 over link \(link) after link 1 is up again")
        }
        #expect(throws: NetnsClusterError.self) { try cluster.setLink(2, of: 1, up: false) }
        #expect(throws: NetnsClusterError.self) { try cluster.setLink(0, of: 4, up: false) }

        cluster.down()
        let links = try Self.runHere(["ip", "-o", "link", "show"])
        #expect(links.status == 0)
        #expect(!links.output.contains("\(name)-"), "\(links.output)")  // NAME-br, NAME-b1, NAME-vI, NAME-b1vI
        let namespaces = try Self.runHere(["ip", "netns", "list"])
        #expect(!namespaces.output.contains("\(name)-"), "\(namespaces.output)")
        let routes = try Self.runHere(["ip", "-4", "route", "show"])
        #expect(!routes.output.contains("10.213.\(cluster.subnet(ofLink: 1))."), "\(routes.output)")
        #expect(!FileManager.default.fileExists(atPath: cluster.stateDirectory))
    }

    @Test(.enabled(if: NetnsCluster.isRoot, "needs root"))
    func spawnedProcessesAreConfinedAndReportTheirExitStatus() throws {
        let cluster = try NetnsCluster(hosts: 2, cpus: ["0"], memory: "256M")
        defer { cluster.down() }
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("\(cluster.name)-h1.log").path
        defer { try? FileManager.default.removeItem(atPath: log) }

        let pid = try cluster.spawn(on: 1, ["sh", "-c", "echo started on $(hostname); exec sleep 60"], log: log)

        let membership = try String(contentsOfFile: "/proc/\(pid)/cgroup", encoding: .utf8)
        let directories = cluster.cgroupDirectories(of: 1)
        #expect(!directories.isEmpty)
        for directory in directories {
            #expect(directory.hasSuffix("/racimo/\(cluster.name)-h1"))
            let procs = try String(contentsOfFile: "\(directory)/cgroup.procs", encoding: .utf8)
            #expect(procs.split(separator: "\n").contains("\(pid)"), "\(pid) not in \(directory)")
            if let cpus = try? String(contentsOfFile: "\(directory)/cpuset.cpus", encoding: .utf8) {
                #expect(cpus.trimmingCharacters(in: .whitespacesAndNewlines) == "0")
            }
            for limitFile in ["memory.limit_in_bytes", "memory.max"] {
                if let limit = try? String(contentsOfFile: "\(directory)/\(limitFile)", encoding: .utf8) {
                    #expect(limit.trimmingCharacters(in: .whitespacesAndNewlines) == "268435456")
                }
            }
        }
        // cgroup v1 lists one line per hierarchy ("4:memory:/racimo/…"), v2 one ("0::/racimo/…").
        #expect(membership.contains(":/racimo/\(cluster.name)-h1"), "\(membership)")
        if directories.contains(where: { $0.contains("/cpuset/") }) {
            #expect(membership.split(separator: "\n").contains { $0.hasSuffix(":cpuset:/racimo/\(cluster.name)-h1") })
            #expect(membership.split(separator: "\n").contains { $0.hasSuffix(":memory:/racimo/\(cluster.name)-h1") })
        }
        // The spawned process sees its host's network namespace.
        let hostNetns = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/ns/net")
        let ownNetns = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/ns/net")
        #expect(hostNetns != ownNetns)

        #expect(pollUntil(timeout: .seconds(5)) {
            ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "") == "started on h1\n"
        })

        #expect(cluster.waitForExit(pid: pid, timeout: .milliseconds(100)) == nil)
        cluster.kill(pid: pid, signal: SIGTERM)
        #expect(cluster.waitForExit(pid: pid, timeout: .seconds(5)) == 128 + SIGTERM)

        let quitter = try cluster.spawn(on: 2, ["sh", "-c", "exit 7"], log: "/dev/null")
        #expect(cluster.waitForExit(pid: quitter, timeout: .seconds(5)) == 7)

        // run: exit status and timeout.
        #expect(try cluster.run(on: 2, ["sh", "-c", "echo out; echo err >&2; exit 3"]) == (3, "out\n", "err\n"))
        let started = ContinuousClock.now
        #expect(throws: NetnsClusterError.self) {
            try cluster.run(on: 2, ["sleep", "30"], timeout: .milliseconds(300))
        }
        #expect(ContinuousClock.now - started < .seconds(10))
    }

    @Test(.enabled(if: NetnsCluster.isRoot, "needs root"))
    func downLeavesNothingBehind() throws {
        let cluster = try NetnsCluster(hosts: 3, cpus: ["0"], memory: "64M")
        let name = cluster.name
        var pids: [Int32] = []
        for host in 1...3 {
            pids.append(try cluster.spawn(on: host, ["sleep", "300"], log: "/dev/null"))
        }
        // One that ignores SIGTERM and forks a child that is recorded nowhere.
        pids.append(try cluster.spawn(on: 2, ["sh", "-c", "trap '' TERM; sleep 300 & wait"], log: "/dev/null"))
        let directories = (1...3).flatMap { cluster.cgroupDirectories(of: $0) }
        #expect(directories.count == 6 || directories.count == 3)  // v1: cpuset + memory; v2: one
        #expect(try Self.runHere(["ip", "netns", "list"]).output.contains("\(name)-h1"))

        cluster.down()
        cluster.down()  // idempotent

        let namespaces = try Self.runHere(["ip", "netns", "list"])
        #expect(namespaces.status == 0)
        #expect(!namespaces.output.contains("\(name)-"), "\(namespaces.output)")
        let links = try Self.runHere(["ip", "-o", "link", "show"])
        #expect(links.status == 0)
        #expect(!links.output.contains("\(name)-"), "\(links.output)")
        for directory in directories {
            #expect(!FileManager.default.fileExists(atPath: directory), "\(directory) left")
        }
        #expect(!FileManager.default.fileExists(atPath: cluster.stateDirectory))
        for pid in pids {
            #expect(pollUntil(timeout: .seconds(5)) { !Self.isRunning(pid) }, "PID \(pid) still running")
        }
        let mounts = try String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)
        #expect(!mounts.contains("racimo-netns/\(name)/"))

        // The script by itself, once more: still succeeds with nothing to do.
        let again = try Self.runHere(["bash", cluster.scriptPath, "down", "--name", name])
        #expect(again.status == 0, "\(again.output)")
    }

    @Test(.enabled(if: NetnsCluster.isRoot, "needs root"))
    func failedUpLeavesNothingBehind() throws {
        // h1 and h2 are made, then CPU 4095 (which no test machine has) fails h3's cpuset.
        let name = NetnsCluster.uniqueName()
        #expect(throws: NetnsClusterError.self) {
            _ = try NetnsCluster(hosts: 3, name: name, cpus: ["0", "0", "4095"], memory: "64M")
        }
        let namespaces = try Self.runHere(["ip", "netns", "list"])
        #expect(!namespaces.output.contains("\(name)-"), "\(namespaces.output)")
        let links = try Self.runHere(["ip", "-o", "link", "show"])
        #expect(!links.output.contains("\(name)-"), "\(links.output)")
        #expect(!FileManager.default.fileExists(atPath: "\(NetnsCluster.stateRoot)/\(name)"))
        for controller in ["cpuset", "memory", ""] {
            let directory = "/sys/fs/cgroup/\(controller)/racimo/\(name)-h1".replacingOccurrences(of: "//", with: "/")
            #expect(!FileManager.default.fileExists(atPath: directory), "\(directory) left")
        }
    }

    // MARK: - Helpers

    /// A process counts as gone when /proc has no entry or only a zombie is left.
    static func isRunning(_ pid: Int32) -> Bool {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return false }
        return !status.split(separator: "\n").contains { $0.hasPrefix("State:") && $0.contains("Z") }
    }

    static func which(_ program: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/sbin:/usr/bin:/sbin:/bin"
        for directory in path.split(separator: ":") + ["/usr/sbin", "/usr/bin", "/sbin", "/bin"] {
            let candidate = "\(directory)/\(program)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs a program in the root namespace (the test's own); output and errors together.
    static func runHere(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

/// A one-shot IPv4 TCP listener for reachability checks, on plain sockets.
final class TCPListener {
    let descriptor: Int32
    let port: UInt16

    init(address: String) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ListenerError("socket: errno \(errno)") }
        var socketAddress = sockaddr_in()
        socketAddress.sin_family = sa_family_t(AF_INET)
        socketAddress.sin_port = 0
        guard inet_pton(AF_INET, address, &socketAddress.sin_addr) == 1 else {
            Glibc.close(fd)
            throw ListenerError("bad address \(address)")
        }
        let bound = withUnsafePointer(to: &socketAddress) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(fd, 4) == 0 else {
            Glibc.close(fd)
            throw ListenerError("bind/listen \(address): errno \(errno)")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &socketAddress) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        descriptor = fd
        port = UInt16(bigEndian: socketAddress.sin_port)
    }

    /// Accepts one connection and reads until the peer closes it.
    func acceptAndRead(timeout: Duration) throws -> String {
        var waiting = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        let milliseconds = Int32(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        guard poll(&waiting, 1, milliseconds) == 1 else { throw ListenerError("no connection within \(timeout)") }
        let connection = accept(descriptor, nil, nil)
        guard connection >= 0 else { throw ListenerError("accept: errno \(errno)") }
        defer { Glibc.close(connection) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            var readable = pollfd(fd: connection, events: Int16(POLLIN), revents: 0)
            guard poll(&readable, 1, milliseconds) == 1 else { throw ListenerError("read timed out") }
            let count = read(connection, &buffer, buffer.count)
            if count <= 0 { break }
            bytes += buffer[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    func close() {
        Glibc.close(descriptor)
    }
}

struct ListenerError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
