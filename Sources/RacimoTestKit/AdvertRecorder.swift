import Foundation
import LinuxSupport
import RacimoCore
import Synchronization
import VRRP

/// Records every VRRP advert heard on an interface of the root namespace (a test cluster's
/// bridge), with its arrival time: who advertised, at what priority. Whoever advertises with a
/// priority above 0 is a master, so the record shows how long two masters overlapped.
public final class AdvertRecorder: Sendable {
    public struct Heard: Sendable, Equatable {
        public var time: ContinuousClock.Instant
        public var source: IPAddress
        public var priority: UInt8
        public var virtualRouterID: UInt8
    }

    private let socket: VRRPSocket
    private let heard = Mutex<[Heard]>([])
    private let stopped = Atomic<Bool>(false)

    /// Starts listening on `interface` (IPv4, 224.0.0.18) on a thread of its own.
    public init(interface: String) throws {
        socket = try VRRPSocket(interface: NetworkInterface.named(interface), family: .ipv4)
        let thread = Thread { [self] in
            while !stopped.load(ordering: .relaxed) {
                guard let packet = try? socket.receive(timeout: .milliseconds(50)),
                      let (advert, addresses) = try? Advertisement.decodeIPv4Packet(packet.bytes)
                else { continue }
                let entry = Heard(time: .now, source: addresses.source, priority: advert.priority, virtualRouterID: advert.virtualRouterID)
                heard.withLock { $0.append(entry) }
            }
        }
        thread.start()
    }

    deinit { stop() }

    public func stop() {
        guard !stopped.exchange(true, ordering: .relaxed) else { return }
        socket.close()
    }

    /// Everything heard so far.
    public var adverts: [Heard] { heard.withLock { $0 } }

    /// The longest time two sources were both advertising (priority above 0) since `start`:
    /// at each advert, the other sources heard within the last `interval` count as masters
    /// too; an overlap lasts from its first such advert to its last.
    public func longestTwoMasters(since start: ContinuousClock.Instant, interval: Duration) -> Duration {
        var last: [IPAddress: ContinuousClock.Instant] = [:]
        var overlapStart: ContinuousClock.Instant?
        var longest = Duration.zero
        for advert in adverts where advert.time >= start {
            if advert.priority == 0 {
                last[advert.source] = nil
                continue
            }
            last[advert.source] = advert.time
            let others = last.filter { $0.key != advert.source && advert.time - $0.value < interval }
            if others.isEmpty {
                overlapStart = nil
            } else {
                let began = overlapStart ?? others.values.min()!
                overlapStart = began
                longest = max(longest, advert.time - began)
            }
        }
        return longest
    }

    /// When `source` first advertised with a priority above 0 after `start`.
    public func firstAdvert(from source: IPAddress, after start: ContinuousClock.Instant) -> ContinuousClock.Instant? {
        adverts.first { $0.time >= start && $0.source == source && $0.priority > 0 }?.time
    }
}
