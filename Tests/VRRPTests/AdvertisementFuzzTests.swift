import RacimoCore
import Testing
import VRRP

/// Hostile input: a million packets, none of which may crash either decoder, and every one
/// accepted must survive an encode-decode round trip unchanged.
@Suite("VRRP advertisements: hostile input")
struct AdvertisementFuzzTests {
    typealias Captures = KeepalivedCaptures

    /// One kind of input: what to mutate and how to hand it to a decoder.
    struct Seed {
        /// Bytes to mutate: a whole IPv4 packet, or an IPv6 payload.
        var bytes: [UInt8]
        /// For IPv6 payloads, the addresses of the captured packet; nil for IPv4 packets.
        var ipv6Addresses: PacketAddresses?
        var rule: ChecksumRule
        /// Where the VRRP message starts (20 in an IPv4 packet, 0 in a payload).
        var messageStart: Int { ipv6Addresses == nil ? 20 : 0 }
    }

    static let seeds: [Seed] =
        Captures.ipv4.map { Seed(bytes: $0.packet, ipv6Addresses: nil, rule: $0.rule) }
        + Captures.ipv6.map { capture in
            let (payload, _, addresses) = KeepalivedCaptureTests.ipv6Parts(capture.packet)
            return Seed(bytes: payload, ipv6Addresses: addresses, rule: .pseudoHeader)
        }

    static let v4Addresses = PacketAddresses(source: ip("10.213.200.1"), destination: ip("224.0.0.18"))

    /// A million inputs in four parts of 250,000 with their own seeds, which swift-testing runs
    /// in parallel. Most inputs are rejected, and swift-testing records a backtrace for every
    /// error thrown while a test runs (about 2.5 µs each in a debug build, more than the decoding);
    /// `SWT_SWIFT_ERROR_BACKTRACING_ENABLED=0 swift test` turns that off.
    @Test("both decoders survive a million random inputs", arguments: 0..<4)
    func fuzz(part: UInt64) {
        var random = SeededRandom(seed: 0x5652_5250 + part)  // "VRRP"
        var accepted = 0
        // Counted by position in `allReasons`: a dictionary keyed by String costs more per
        // input in a debug build than the decoders do.
        var rejected = [Int](repeating: 0, count: AdvertisementError.allReasons.count)
        for _ in 0..<250_000 {
            let (bytes, seed) = Self.input(using: &random)
            let rule = seed?.rule ?? .pseudoHeader
            var addresses = Self.v4Addresses
            do throws(AdvertisementError) {
                let advertisement: Advertisement
                if let ipv6 = seed?.ipv6Addresses {
                    addresses = ipv6
                    advertisement = try Advertisement.decode(bytes[...], addresses: ipv6, ttl: 255, checksum: rule)
                } else if random.next() & 7 == 0 {
                    // The message-only decoder on IPv4 bytes, with a TTL that is sometimes wrong.
                    let ttl: UInt8 = random.next() & 1 == 0 ? 255 : UInt8(truncatingIfNeeded: random.next())
                    advertisement = try Advertisement.decode(bytes.dropFirst(20), addresses: addresses, ttl: ttl)
                } else {
                    (advertisement, addresses) = try Advertisement.decodeIPv4Packet(bytes, checksum: rule)
                }
                accepted += 1
                Self.checkRoundTrip(advertisement, addresses: addresses, rule: rule)
            } catch {
                rejected[Self.reasonIndex(error)] += 1
            }
        }
        // Some mutations (a priority, an address, with the checksum made right again) are valid.
        #expect(accepted > 2_500)
        // The inputs reach every check that a packet alone can fail.
        let reached = zip(AdvertisementError.allReasons, rejected).filter { $0.1 > 0 }.map(\.0)
        #expect(Set(reached) == Set(AdvertisementError.allReasons).subtracting(["family"]))
    }

    /// `error`'s position in `AdvertisementError.allReasons`.
    static func reasonIndex(_ error: AdvertisementError) -> Int {
        switch error {
        case .truncated: 0
        case .wrongTTL: 1
        case .wrongVersion: 2
        case .wrongType: 3
        case .noAddresses: 4
        case .lengthMismatch: 5
        case .badChecksum: 6
        case .wrongAuthType: 7
        case .familyMismatch: 8
        case .notVRRP: 9
        case .badIPHeader: 10
        }
    }

    /// An accepted advertisement encodes to bytes that decode to it again (not always to the
    /// input bytes: reserved bits, unused auth data and a 0xffff checksum are not kept).
    static func checkRoundTrip(_ advertisement: Advertisement, addresses: PacketAddresses, rule: ChecksumRule) {
        // Passwords that are not whole UTF-8 characters come back with U+FFFD, by design.
        if case .password(let text) = advertisement.authentication, text.unicodeScalars.contains("\u{FFFD}") { return }
        let again = try? Advertisement.decode(advertisement.encode(addresses: addresses, checksum: rule), addresses: addresses, ttl: 255, checksum: rule)
        if again != advertisement { Issue.record("round trip changed \(advertisement)") }
    }

    /// One input: a quarter pure noise of 0…80 bytes (half of those behind a VRRP-looking first
    /// byte), the rest captures with bytes overwritten, cut short, grown, and in a third of the
    /// cases with their checksums made right again so that the checks after them run too.
    static func input(using random: inout SeededRandom) -> ([UInt8], Seed?) {
        let draw = random.next()
        if draw & 3 == 0 {
            var bytes: [UInt8] = []
            let count = Int((draw >> 8) % 81)
            bytes.reserveCapacity(count)
            var word: UInt64 = 0
            for index in 0..<count {
                if index % 8 == 0 { word = random.next() }
                bytes.append(UInt8(truncatingIfNeeded: word >> (index % 8 * 8)))
            }
            if count > 0, draw & 0x10 != 0 { bytes[0] = draw & 0x20 == 0 ? 0x45 : 0x31 }
            return (bytes, nil)
        }
        let seed = seeds[random.below(seeds.count)]
        var bytes = seed.bytes
        let start = seed.messageStart
        // Mostly within the VRRP message: an IPv4 header mutation rarely gets further.
        for _ in 0...random.below(3) {
            let index = draw & 0x40 == 0 ? start + random.below(bytes.count - start) : random.below(bytes.count)
            bytes[index] = UInt8(truncatingIfNeeded: random.next())
        }
        switch (draw >> 8) % 6 {
        case 0: bytes.removeLast(1 + random.below(bytes.count))
        case 1: bytes.append(contentsOf: (0...random.below(8)).map { _ in UInt8(truncatingIfNeeded: random.next()) })
        case 2, 3: reseal(&bytes, seed: seed)
        default: break
        }
        return (bytes, seed)
    }

    /// Recomputes the IPv4 header checksum and the VRRP checksum of a mutated seed, in place.
    static func reseal(_ bytes: inout [UInt8], seed: Seed) {
        let start = seed.messageStart
        var pseudoSum = 0
        if let ipv6 = seed.ipv6Addresses {
            pseudoSum = wordSum(ipv6.source.bytes, 0..<16) + wordSum(ipv6.destination.bytes, 0..<16) + bytes.count + 112
        } else {
            setChecksum(&bytes, at: 10, covering: 0..<20, pseudoSum: 0)
            if bytes[20] >> 4 == 3, seed.rule == .pseudoHeader {
                pseudoSum = wordSum(bytes, 12..<20) + 112 + bytes.count - 20
            }
        }
        setChecksum(&bytes, at: start + 6, covering: start..<bytes.count, pseudoSum: pseudoSum)
    }

    /// The plain sum of the big-endian 16-bit words of `bytes[range]` (an even-length range).
    static func wordSum(_ bytes: [UInt8], _ range: Range<Int>) -> Int {
        var sum = 0
        var index = range.lowerBound
        while index + 1 < range.upperBound {
            sum += Int(bytes[index]) << 8 | Int(bytes[index + 1])
            index += 2
        }
        if index < range.upperBound { sum += Int(bytes[index]) << 8 }
        return sum
    }

    /// Writes the Internet checksum of `pseudoSum` and `bytes[range]` at `offset` (inside `range`).
    static func setChecksum(_ bytes: inout [UInt8], at offset: Int, covering range: Range<Int>, pseudoSum: Int) {
        bytes[offset] = 0
        bytes[offset + 1] = 0
        var sum = pseudoSum + wordSum(bytes, range)
        while sum > 0xFFFF { sum = sum & 0xFFFF + sum >> 16 }
        bytes[offset] = UInt8(~sum >> 8 & 0xFF)
        bytes[offset + 1] = UInt8(~sum & 0xFF)
    }
}
