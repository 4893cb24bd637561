/// Dotted-quad IPv4 addresses as people write them in `openmosix.map` and `/etc/hosts`.
///
/// Strict on purpose: exactly four decimal parts of 0...255. The C library's `inet_addr`,
/// which openMosix's `setpe` used, also took forms such as `10.1` or `0x0a.1.1.1`; nobody
/// writes those in a cluster map on purpose, so Racimo reports them instead of guessing.
enum IPv4Text {
    /// Why a text is not an address, in words for a diagnostic.
    enum Problem: Equatable {
        case notAnAddress
        case wrongPartCount(Int)
        case partTooLarge(String)
        case emptyPart
    }

    /// The 32-bit value of `text`, or the reason it is not a dotted-quad address.
    static func parse(_ text: String) -> Result<UInt32, ProblemBox> {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard text.unicodeScalars.allSatisfy({ $0 == "." || ("0"..."9").contains($0) }),
              text.contains(".") else { return .failure(ProblemBox(.notAnAddress)) }
        guard parts.count == 4 else { return .failure(ProblemBox(.wrongPartCount(parts.count))) }
        var value: UInt32 = 0
        for part in parts {
            guard !part.isEmpty else { return .failure(ProblemBox(.emptyPart)) }
            guard part.count <= 3, let byte = UInt32(part), byte <= 255 else {
                return .failure(ProblemBox(.partTooLarge(String(part))))
            }
            value = value << 8 | byte
        }
        return .success(value)
    }

    /// `a.b.c.d` for a 32-bit value.
    static func format(_ value: UInt32) -> String {
        "\(value >> 24).\(value >> 16 & 255).\(value >> 8 & 255).\(value & 255)"
    }

    /// True for 127.0.0.0/8, which never leaves the machine.
    static func isLoopback(_ value: UInt32) -> Bool { value >> 24 == 127 }

    /// A `Problem` that can travel in a `Result`.
    struct ProblemBox: Error, Equatable {
        var problem: Problem
        init(_ problem: Problem) { self.problem = problem }

        /// The problem in words, naming the offending text.
        func sentence(for text: String) -> String {
            switch problem {
            case .notAnAddress:
                return "'\(text)' is not an IPv4 address"
            case .wrongPartCount(let count):
                return "'\(text)' has \(count) parts; an IPv4 address has 4 (a.b.c.d)"
            case .partTooLarge(let part):
                return "'\(text)' is not an IPv4 address: '\(part)' is not a number from 0 to 255"
            case .emptyPart:
                return "'\(text)' is not an IPv4 address: it has an empty part"
            }
        }
    }
}
