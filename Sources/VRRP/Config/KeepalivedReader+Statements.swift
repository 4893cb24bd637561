import RacimoCore

/// Reading keepalived.conf: the shapes a statement can take: a block, a value, a number, a duration, a flag, a command line.
extension KeepalivedReader {
    /// The block of a statement that needs one, or nil with an error.
    mutating func requireBlock(_ statement: ConfigStatement, context: String) -> [ConfigStatement]? {
        guard let block = statement.block else {
            diagnostics.append(.error(at: statement.keyword.location,
                                      "'\(statement.keyword.text)'\(Self.place(context)) needs a block { ... }"))
            return nil
        }
        return block
    }

    mutating func noBlock(_ statement: ConfigStatement, context: String) {
        if statement.block != nil {
            diagnostics.append(.error(at: statement.keyword.location,
                                      "'\(statement.keyword.text)'\(Self.place(context)) takes no block"))
        }
    }

    /// Warns about arguments of a statement that takes none (keepalived ignores them).
    mutating func noArguments(_ statement: ConfigStatement, context: String) {
        if let extra = statement.arguments.first {
            diagnostics.append(.warning(at: extra.location,
                                        "'\(statement.keyword.text)'\(Self.place(context)) takes no value; '\(extra.text)' is ignored"))
        }
    }

    /// The one value of a statement, or nil with an error; extra words are warned about.
    mutating func value(_ statement: ConfigStatement, context: String) -> ConfigWord? {
        guard statement.block == nil else {
            noBlock(statement, context: context)
            return nil
        }
        guard let first = statement.arguments.first else {
            diagnostics.append(.error(at: statement.keyword.location,
                                      "'\(statement.keyword.text)'\(Self.place(context)) needs a value"))
            return nil
        }
        if statement.arguments.count > 1 {
            let extra = statement.arguments[1]
            diagnostics.append(.warning(at: extra.location,
                                        "unexpected '\(extra.text)' after '\(statement.keyword.text) \(first.text)'\(Self.place(context)), ignored"))
        }
        return first
    }

    /// A whole number in `range`, or nil with an error.
    mutating func integer(_ statement: ConfigStatement, context: String, in range: ClosedRange<Int>) -> Int? {
        guard let word = value(statement, context: context) else { return nil }
        return integer(word, keyword: statement.keyword.text, context: context, in: range)
    }

    mutating func integer(_ word: ConfigWord, keyword: String, context: String, in range: ClosedRange<Int>) -> Int? {
        guard let number = KeepalivedValues.integer(word.text), range.contains(number) else {
            let bounds = range.upperBound == Int(Int32.max) ? "\(range.lowerBound) or more" : "from \(range.lowerBound) to \(range.upperBound)"
            diagnostics.append(.error(at: word.location,
                                      "'\(keyword)'\(Self.place(context)) must be a whole number \(bounds), found \"\(word.text)\""))
            return nil
        }
        return number
    }

    /// A number of seconds with up to `digits` decimals, within `range` (in 10^-digits s).
    mutating func seconds(_ statement: ConfigStatement, context: String, digits: Int,
                          in range: ClosedRange<Int64>) -> Duration? {
        guard let word = value(statement, context: context) else { return nil }
        let scale = Int64(pow10(digits))
        guard let units = KeepalivedValues.decimal(word.text, digits: digits), range.contains(units) else {
            diagnostics.append(.error(
                at: word.location,
                "'\(statement.keyword.text)'\(Self.place(context)) must be a number of seconds from \(Self.decimalText(range.lowerBound, digits)) to \(Self.decimalText(range.upperBound, digits)) with at most \(digits) decimals, found \"\(word.text)\""))
            return nil
        }
        return .nanoseconds(units * (1_000_000_000 / scale))
    }

    /// A flag that may be followed by a `<BOOL>` (true when absent).
    mutating func optionalBoolean(_ statement: ConfigStatement, context: String) -> Bool? {
        noBlock(statement, context: context)
        guard let word = statement.arguments.first else { return true }
        guard let value = KeepalivedValues.boolean(word.text) else {
            diagnostics.append(.error(at: word.location,
                                      "'\(statement.keyword.text)'\(Self.place(context)) takes on, off, true, false, yes or no, found \"\(word.text)\""))
            return nil
        }
        return value
    }

    /// A flag that takes nothing.
    mutating func flag(_ statement: ConfigStatement, context: String) {
        noBlock(statement, context: context)
        noArguments(statement, context: context)
    }

    /// A `script` or `notify*` line: the command (the first word, split again as keepalived
    /// does) and, when `allowsUser`, the optional `USER [GROUP]` after it.
    mutating func command(_ statement: ConfigStatement, context: String, allowsUser: Bool)
        -> (command: [String], user: String?, group: String?)?
    {
        noBlock(statement, context: context)
        let keyword = statement.keyword.text
        guard let first = statement.arguments.first else {
            diagnostics.append(.error(at: statement.keyword.location, "'\(keyword)'\(Self.place(context)) needs a command"))
            return nil
        }
        // keepalived re-reads the line with single quotes grouping words; the lexer does not,
        // so such a line cannot be read faithfully here.
        if let single = statement.arguments.first(where: { !$0.quoted && $0.text.contains("'") }) {
            diagnostics.append(.error(at: single.location,
                                      "single quotes outside double quotes are not supported in '\(keyword)'",
                                      hint: "put the whole command in double quotes, e.g. \(keyword) \"/usr/local/bin/check 'a b'\""))
            return nil
        }
        // keepalived re-reads the line honouring `\"` inside double quotes; the lexer ends the
        // quoted word there, so the rest of the line would be misread.
        if let escaped = statement.arguments.first(where: { $0.quoted && $0.text.hasSuffix("\\") }) {
            diagnostics.append(.error(at: escaped.location, "escaped double quotes (\\\") in '\(keyword)' are not supported",
                                      hint: "use single quotes inside the double quotes"))
            return nil
        }
        let words: [String]
        do {
            words = try KeepalivedValues.splitCommand(first.text)
        } catch {
            let what = switch error {
            case .unterminatedQuote(let q): "a \(q == "'" ? "single" : "double") quote that is not closed"
            case .trailingBackslash: "a backslash at the end"
            }
            diagnostics.append(.error(at: first.location, "the command of '\(keyword)'\(Self.place(context)) has \(what)"))
            return nil
        }
        guard !words.isEmpty, !words[0].isEmpty else {
            diagnostics.append(.error(at: first.location, "'\(keyword)'\(Self.place(context)) needs a command"))
            return nil
        }
        let rest = statement.arguments.dropFirst()
        if !allowsUser, let extra = rest.first {
            // `set_script_params_array()` uses only the first word: keepalived would run the
            // program without these arguments, and without complaint.
            let all = ([first] + rest).map(\.text).joined(separator: " ")
            diagnostics.append(.error(
                at: extra.location,
                "'\(keyword)'\(Self.place(context)) takes the command as one word: keepalived would run \"\(first.text)\" alone and ignore \"\(rest.map(\.text).joined(separator: " "))\"",
                hint: "quote the whole command: \(keyword) \"\(all)\""))
            return nil
        }
        var user: String?
        var group: String?
        if !rest.isEmpty {
            let texts = rest.prefix(2).map(\.text)
            if let parsed = KeepalivedValues.userAndGroup(texts) {
                (user, group) = parsed
            }
            if rest.count > 2 {
                let extra = rest[rest.startIndex + 2]
                diagnostics.append(.warning(at: extra.location,
                                            "unexpected '\(extra.text)' after the user and group of '\(keyword)'\(Self.place(context)), ignored"))
            }
        }
        return (words, user, group)
    }

    static func place(_ context: String) -> String { context.isEmpty ? "" : " in \(context)" }

    static func decimalText(_ value: Int64, _ digits: Int) -> String {
        let scale = Int64(pow10(digits))
        var text = String(value / scale)
        var fraction = value % scale
        if fraction > 0 {
            var decimals = ""
            var s = scale
            while fraction > 0 {
                s /= 10
                decimals += String(fraction / s)
                fraction %= s
            }
            text += "." + decimals
        }
        return text
    }
}

private func pow10(_ n: Int) -> Int {
    var value = 1
    for _ in 0..<n { value *= 10 }
    return value
}
