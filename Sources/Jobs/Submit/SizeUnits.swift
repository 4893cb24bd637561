/// Sizes in `request_memory` (MB) and `request_disk` (KiB): a number with an optional suffix
/// K/KB, M/MB, G/GB, T/TB meaning powers of 2 (JDL l.604, l.638).
enum SizeUnits {
    /// The size in units of `baseKiB` KiB (1024 for MB, 1 for KiB), rounded up.
    static func parse(_ text: String, baseKiB: Int) -> Result<Int, SubmitParseError> {
        let word = text.trimmingSubmitSpace()
        let digits = word.prefix { $0.isNumber || $0 == "." }
        let afterDigits = word.dropFirst(digits.count)
        let suffixOffset = digits.count + afterDigits.prefix { $0.isSubmitSpace }.count
        let suffix = afterDigits.trimmingSubmitSpace()
        guard !digits.isEmpty, let number = Double(digits), number.isFinite else {
            return .failure(.init(
                "'\(word)' is not a size", offset: 0,
                hint: "write a number with an optional unit K, M, G or T, e.g. 2G"))
        }
        let kib: Double
        switch suffix.uppercased() {
        case "": kib = number * Double(baseKiB)
        case "K", "KB": kib = number
        case "M", "MB": kib = number * 1024
        case "G", "GB": kib = number * 1024 * 1024
        case "T", "TB": kib = number * 1024 * 1024 * 1024
        default:
            return .failure(.init(
                "unknown size unit '\(suffix)'", offset: suffixOffset,
                hint: "units are K, M, G, T (powers of 2)"))
        }
        let value = (kib / Double(baseKiB)).rounded(.up)
        guard value < 1e15 else { return .failure(.init("size '\(word)' is too large", offset: 0)) }
        return .success(Int(value))
    }
}
