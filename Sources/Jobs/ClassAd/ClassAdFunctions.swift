/// Implementations of the value-level built-in functions (arguments already
/// evaluated). Each follows HTCondor's fnCall.cpp behaviour, including its
/// quirks, which are noted where they surprise.
enum ClassAdFunctions {
    /// Concatenates the string forms of its arguments. The first argument
    /// that is `undefined` or `error` decides the result.
    static func strcat(_ values: [ClassAdValue]) -> ClassAdValue {
        var out = ""
        for v in values {
            if v.isExceptional { return v }
            out += v.stringConversion
        }
        return .string(out)
    }

    /// `substr(s, offset[, length])` on bytes. A negative offset counts from
    /// the end; a length ≤ 0 means "up to that many bytes before the end"
    /// (an explicit 0 gives ""). Offsets are clamped, never an error.
    static func substr(_ values: [ClassAdValue]) -> ClassAdValue {
        guard values.count == 2 || values.count == 3 else { return .error }
        if values.contains(.undefined) { return .undefined }
        guard case .string(let s) = values[0], case .integer(let o) = values[1] else { return .error }
        var length: Int64 = 0
        if values.count == 3 {
            guard case .integer(let l) = values[2] else { return .error }
            length = l
        }
        // HTCondor reads both numbers into a C int.
        let bytes = Array(s.utf8)
        let total = bytes.count
        var offset = Int(Int32(truncatingIfNeeded: o))
        var len = Int(Int32(truncatingIfNeeded: length))
        if offset < 0 {
            offset = max(0, total + offset)
        } else if offset >= total {
            offset = total
        }
        if len <= 0 {
            len = max(0, total - offset + len)
        } else if len > total - offset {
            len = total - offset
        }
        if values.count == 3 && Int32(truncatingIfNeeded: length) == 0 { len = 0 }
        return .string(String(decoding: bytes[offset..<(offset + len)], as: UTF8.self))
    }

    /// Bytes of a string, elements of a list, attributes of an ad.
    static func size(_ values: [ClassAdValue]) -> ClassAdValue {
        guard values.count == 1 else { return .error }
        switch values[0] {
        case .undefined: return .undefined
        case .string(let s): return .integer(Int64(s.utf8.count))
        case .list(let items): return .integer(Int64(items.count))
        case .classAd(let ad): return .integer(Int64(ad.count))
        default: return .error
        }
    }

    /// ASCII case change of the argument's string form.
    static func changeCase(_ values: [ClassAdValue], upper: Bool) -> ClassAdValue {
        guard values.count == 1 else { return .error }
        if values[0].isExceptional { return values[0] }
        let bytes = values[0].stringConversion.utf8.map { c -> UInt8 in
            if upper, c >= 97, c <= 122 { return c - 32 }
            if !upper, c >= 65, c <= 90 { return c + 32 }
            return c
        }
        return .string(String(decoding: bytes, as: UTF8.self))
    }

    /// `int(x)`: reals truncate toward zero; strings are read like C's
    /// `strtod` (longest numeric prefix, "12abc" is 12) then truncated.
    /// Out-of-range or NaN gives Int64.min, as the C++ conversion does on x86-64.
    static func toInteger(_ v: ClassAdValue) -> ClassAdValue {
        switch v {
        case .undefined: return .undefined
        case .integer: return v
        case .boolean(let b): return .integer(b ? 1 : 0)
        case .real(let r): return .integer(truncate(r))
        case .string(let s):
            guard let r = strtodPrefix(s) else { return .error }
            return .integer(truncate(r))
        default: return .error
        }
    }

    /// `real(x)`; strings are read like `strtod` ("inf", "nan" accepted).
    static func toReal(_ v: ClassAdValue) -> ClassAdValue {
        switch v {
        case .undefined: return .undefined
        case .integer(let i): return .real(Double(i))
        case .boolean(let b): return .real(b ? 1 : 0)
        case .real: return v
        case .string(let s):
            guard let r = strtodPrefix(s) else { return .error }
            return .real(r)
        default: return .error
        }
    }

    static func truncate(_ r: Double) -> Int64 {
        guard r.isFinite, r > -9.223372036854775808e18, r < 9.223372036854775808e18 else { return .min }
        return Int64(r.rounded(.towardZero))
    }

    /// floor/ceiling/round: integers pass through; everything else goes
    /// through `real()` and the result is an integer. `round` is C's `rint`
    /// (halves to even: round(2.5) is 2).
    static func round(_ name: String, _ values: [ClassAdValue]) -> ClassAdValue {
        guard values.count == 1 else { return .error }
        if case .integer = values[0] { return values[0] }
        // Unlike real(), an undefined argument is an error here.
        guard case .real(let r) = toReal(values[0]) else { return .error }
        switch name {
        case "floor": return .integer(truncate(r.rounded(.down)))
        case "round": return .integer(truncate(r.rounded(.toNearestOrEven)))
        default: return .integer(truncate(r.rounded(.up)))
        }
    }

    /// `min(list)` / `max(list)`: undefined elements are skipped, a non-number
    /// is `error`, an empty list is `undefined`. Quirk kept from HTCondor: the
    /// comparison promotes the running result in place, so once it has been
    /// compared with a real it stays real (`max({3, 1.5})` is 3.0).
    static func minMax(_ values: [ClassAdValue], minimum: Bool) -> ClassAdValue {
        guard values.count == 1 else { return .error }
        guard case .list(let items) = values[0] else {
            return values[0] == .undefined ? .undefined : .error
        }
        var result: ClassAdValue = .undefined
        for item in items {
            switch item {
            case .undefined: continue
            case .integer, .real, .boolean: break
            default: return .error
            }
            guard result != .undefined else {
                result = item
                continue
            }
            var current = result
            var candidate = item
            if case .boolean(let b) = current { current = .integer(b ? 1 : 0) }
            if case .boolean(let b) = candidate { candidate = .integer(b ? 1 : 0) }
            if case .real = candidate, case .integer(let i) = current { current = .real(Double(i)) }
            if case .real = current, case .integer(let i) = candidate { candidate = .real(Double(i)) }
            let better = ClassAdOperators.compare(minimum ? .less : .greater, candidate, current)
            result = better == .boolean(true) ? candidate : current
        }
        return result
    }

    /// `member(x, list)`: some element `== x`; `identicalMember` uses `=?=`.
    static func member(_ values: [ClassAdValue], identical: Bool) -> ClassAdValue {
        guard values.count == 2 else { return .error }
        let (x, list) = (values[0], values[1])
        if list == .undefined || (!identical && x == .undefined) { return .undefined }
        guard case .list(let items) = list else { return .error }
        switch x {
        case .list, .classAd: return .error
        case .error where !identical: return .error
        default: break
        }
        for item in items {
            let r = ClassAdOperators.binary(identical ? .metaEqual : .equal, item, x)
            if r == .boolean(true) { return .boolean(true) }
        }
        return .boolean(false)
    }
}
