extension TOMLParser {
    /// Why a date-time token is invalid: which kind it looked like, what is wrong, and how to
    /// write it.
    struct DateTimeProblem {
        var noun: String
        var reason: String
        var hint: String?
    }

    /// A token that starts like a date (`1979-`) or a time (`07:`) is judged as one, so its
    /// errors talk about months and hours rather than digits.
    static func looksLikeDateTime(_ token: [Unicode.Scalar]) -> Bool {
        if token.count >= 5, token[0..<4].allSatisfy({ isDigit($0) }), token[4] == "-" { return true }
        if token.count >= 3, isDigit(token[0]), isDigit(token[1]), token[2] == ":" { return true }
        return false
    }

    /// Checks an RFC 3339 offset date-time, local date-time, local date or local time as TOML
    /// 1.0 writes them; nil if valid. Seconds are required (optional only from TOML 1.1), a
    /// leap second (`:60`) is accepted, and `T` may be lowercase or a space.
    static func dateTimeProblem(_ token: [Unicode.Scalar]) -> DateTimeProblem? {
        var cursor = DateTimeCursor(token: token)
        let hasDate = token.count >= 5 && token[4] == "-"
        let hasTime = token.contains(":")
        let noun = hasDate && hasTime ? "date-time" : hasDate ? "date" : "time"
        func problem(_ reason: String, _ hint: String? = nil) -> DateTimeProblem {
            DateTimeProblem(noun: noun, reason: reason, hint: hint)
        }
        if hasDate {
            guard let year = cursor.number(4), cursor.take("-"), let month = cursor.number(2), cursor.take("-"),
                let day = cursor.number(2)
            else {
                return problem("expected a date written YYYY-MM-DD", "for example 1979-05-27")
            }
            guard (1...12).contains(month) else { return problem("month must be between 01 and 12") }
            let days = daysIn(month: month, year: year)
            guard (1...days).contains(day) else {
                return problem("day must be between 01 and \(days) in that month")
            }
            if cursor.atEnd { return nil }
            guard cursor.take("T") || cursor.take("t") || cursor.take(" ") else {
                return problem("expected 'T' between the date and the time", "for example 1979-05-27T07:32:00")
            }
        }
        guard let hour = cursor.number(2), cursor.take(":"), let minute = cursor.number(2) else {
            return problem("expected a time written HH:MM:SS", "for example 07:32:00")
        }
        guard cursor.take(":"), let second = cursor.number(2) else {
            return problem("seconds are required", "write the time as HH:MM:SS, for example 07:32:00")
        }
        guard hour <= 23 else { return problem("hour must be between 00 and 23") }
        guard minute <= 59 else { return problem("minute must be between 00 and 59") }
        guard second <= 60 else { return problem("second must be between 00 and 59 (60 for a leap second)") }
        if cursor.take(".") {
            guard cursor.digits() > 0 else { return problem("a decimal point must be followed by digits") }
        }
        if cursor.atEnd { return nil }
        guard hasDate else {
            return problem("a time without a date cannot have a time zone offset")
        }
        if cursor.take("Z") || cursor.take("z") {
            // UTC.
        } else if cursor.take("+") || cursor.take("-") {
            guard let offsetHour = cursor.number(2), cursor.take(":"), let offsetMinute = cursor.number(2) else {
                return problem("expected a time zone offset written +HH:MM or -HH:MM, or Z for UTC")
            }
            guard offsetHour <= 23, offsetMinute <= 59 else {
                return problem("time zone offset must be between -23:59 and +23:59")
            }
        } else {
            return problem("unexpected \(describe(cursor.current)) after the time", "for example 1979-05-27T07:32:00Z")
        }
        guard cursor.atEnd else {
            return problem("unexpected \(describe(cursor.current)) after the time zone offset")
        }
        return nil
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

/// Reads the fixed-width fields of a date-time token.
private struct DateTimeCursor {
    let token: [Unicode.Scalar]
    var index = 0

    var atEnd: Bool { index == token.count }
    var current: Unicode.Scalar? { index < token.count ? token[index] : nil }

    /// Exactly `count` digits as a number, consumed only if all are there.
    mutating func number(_ count: Int) -> Int? {
        guard index + count <= token.count else { return nil }
        var value = 0
        for c in token[index..<(index + count)] {
            guard TOMLParser.isDigit(c) else { return nil }
            value = value * 10 + Int(c.value - 0x30)
        }
        index += count
        return value
    }

    /// Consumes `c` if it is next.
    mutating func take(_ c: Unicode.Scalar) -> Bool {
        guard current == c else { return false }
        index += 1
        return true
    }

    /// Consumes a run of digits, returning how many.
    mutating func digits() -> Int {
        let start = index
        while TOMLParser.isDigit(current) { index += 1 }
        return index - start
    }
}
