import Testing

@testable import RacimoCore

/// Every mistake is reported once, at its exact line and column, in words an administrator can
/// act on. Each case is a document and the full line the reader prints for it.
@Suite("TOML reader: errors")
struct TOMLReaderErrorTests {
    /// The single diagnostic thrown for `text`, or nil (recorded as an issue) if none was.
    private func failure(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Diagnostic? {
        do {
            let table = try TOMLReader.parse(text, file: "racimo.toml")
            Issue.record("parsed without error: \(table.keys)", sourceLocation: sourceLocation)
            return nil
        } catch {
            #expect(error.all.count == 1, sourceLocation: sourceLocation)
            #expect(error.all.first?.severity == .error, sourceLocation: sourceLocation)
            return error.all.first
        }
    }

    private func check(_ text: String, _ expected: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(failure(text, sourceLocation: sourceLocation)?.description == expected, sourceLocation: sourceLocation)
    }

    @Test("an unquoted string is reported at the value, with the line as it should be")
    func unquotedString() {
        let diagnostic = failure("# cluster\ncluster = \"lab\"\nname = node1\n")
        #expect(diagnostic?.location == RacimoCore.SourceLocation(file: "racimo.toml", line: 3, column: 8))
        #expect(diagnostic?.message == "expected a value after '='")
        #expect(diagnostic?.hint == #"strings need quotes: name = "node1""#)
        #expect(diagnostic?.description == #"racimo.toml:3:8: error: expected a value after '=' (strings need quotes: name = "node1")"#)
    }

    @Test("a duplicate key names where it was first defined")
    func duplicateKey() {
        check("[node]\nname = \"a\"\nname = \"b\"", "racimo.toml:3:1: error: duplicate key 'name' (first defined at racimo.toml:2:1)")
        check("a.b = 1\na.b = 2", "racimo.toml:2:3: error: duplicate key 'a.b' (first defined at racimo.toml:1:3)")
        check("[a.b]\n[a]\nb = 1", "racimo.toml:3:1: error: duplicate key 'b' (first defined at racimo.toml:1:1)")
        check("t = { a = 1, a = 2 }", "racimo.toml:1:14: error: duplicate key 'a' (first defined at racimo.toml:1:7)")
        check("\"a\" = 1\na = 2", "racimo.toml:2:1: error: duplicate key 'a' (first defined at racimo.toml:1:1)")
    }

    @Test("values that are not values", arguments: [
        ("name = True", "racimo.toml:1:8: error: expected a value after '=' (booleans are written in lowercase: name = true)"),
        ("enabled = yes", "racimo.toml:1:11: error: expected a value after '=' (booleans are written true or false)"),
        ("ratio = .5", "racimo.toml:1:9: error: expected a value after '=' (write a digit before the decimal point: ratio = 0.5)"),
        ("name =\nnext = 1", "racimo.toml:1:7: error: expected a value after '=', found end of line (the value must be on the same line as the key)"),
        ("timeout = 250ms", #"racimo.toml:1:11: error: invalid number '250ms': 'm' cannot appear in an integer (durations are written as strings: timeout = "250ms")"#),
        ("version = 1.2.3", #"racimo.toml:1:11: error: invalid number '1.2.3': '.' cannot appear in the fraction of a float (if this is text, put it in quotes: version = "1.2.3")"#),
        ("a = [1,,2]", "racimo.toml:1:8: error: expected a value in the array, found ','"),
    ])
    func values(text: String, expected: String) { check(text, expected) }

    @Test("strings: unterminated, broken lines, escapes, control characters", arguments: [
        ("name = \"node1\nport = 1", #"racimo.toml:1:14: error: line ends inside a string that starts at racimo.toml:1:8 (close it with " before the end of the line, or use """ for text that spans lines)"#),
        ("name = 'node1\r\n", "racimo.toml:1:14: error: line ends inside a string that starts at racimo.toml:1:8 (close it with ' before the end of the line, or use ''' for text that spans lines)"),
        ("name = \"node1", #"racimo.toml:1:8: error: unterminated string: the string starting here has no closing " (add " where the text ends)"#),
        ("a = 1\nmotd = \"\"\"\nWelcome\n", #"racimo.toml:2:8: error: unterminated string: the string starting here has no closing """ (add """ where the text ends)"#),
        ("motd = '''\nWelcome", "racimo.toml:1:8: error: unterminated string: the string starting here has no closing ''' (add ''' where the text ends)"),
        (#"path = "C:\Program Files""#, #"racimo.toml:1:11: error: invalid escape '\P' in a string (to write a backslash, double it (\\), or use a literal string such as 'C:\temp')"#),
        (#"x = "\e""#, #"racimo.toml:1:6: error: invalid escape '\e' in a string (to write a backslash, double it (\\), or use a literal string such as 'C:\temp')"#),
        (#"x = "\u12G4""#, #"racimo.toml:1:6: error: \u must be followed by exactly 4 hexadecimal digits (for example \u00E9 for é; a backslash itself is written \\)"#),
        (#"x = "\uD800""#, #"racimo.toml:1:6: error: \uD800 is not a Unicode character (surrogates (D800-DFFF) and values above 10FFFF cannot be written)"#),
        (#"x = "\U00110000""#, #"racimo.toml:1:6: error: \U00110000 is not a Unicode character (surrogates (D800-DFFF) and values above 10FFFF cannot be written)"#),
        ("x = \"a\u{7}b\"", #"racimo.toml:1:7: error: control character U+0007 is not allowed in a string (write it as an escape, such as \u0007)"#),
        ("x = 'a\u{0}'", #"racimo.toml:1:7: error: control character U+0000 is not allowed in a string (use a "…" string and write it as an escape, such as \u0007)"#),
        ("a = \"\"\"a\"\"\"\"\"\"", #"racimo.toml:1:9: error: too many " in a row to close the multi-line string (escape quotes inside the string as \")"#),
        ("\"\"\"key\"\"\" = 1", #"racimo.toml:1:1: error: a key cannot be a multi-line string (quote the key with a single " on each side)"#),
    ])
    func strings(text: String, expected: String) { check(text, expected) }

    @Test("numbers: overflow, leading zeros, underscores, signs", arguments: [
        ("n = 9223372036854775808", "racimo.toml:1:5: error: invalid number '9223372036854775808': it does not fit in a 64-bit integer (integers must be between -9223372036854775808 and 9223372036854775807)"),
        ("n = -9223372036854775809", "racimo.toml:1:5: error: invalid number '-9223372036854775809': it does not fit in a 64-bit integer (integers must be between -9223372036854775808 and 9223372036854775807)"),
        ("n = 0x8000000000000000", "racimo.toml:1:5: error: invalid number '0x8000000000000000': it does not fit in a 64-bit integer (integers must be between -9223372036854775808 and 9223372036854775807)"),
        ("mode = 0755", "racimo.toml:1:8: error: invalid number '0755': leading zeros are not allowed (write 755 for decimal or 0o755 for octal, or quote it if it is text)"),
        ("n = 089", "racimo.toml:1:5: error: invalid number '089': leading zeros are not allowed (write 89, or quote it if it is text)"),
        ("f = 03.14", "racimo.toml:1:5: error: invalid number '03.14': leading zeros are not allowed"),
        ("n = 1__000", "racimo.toml:1:5: error: invalid number '1__000': an underscore must stand between two digits (write 1_000 or 1000)"),
        ("n = 1_", "racimo.toml:1:5: error: invalid number '1_': an underscore must stand between two digits (write 1_000 or 1000)"),
        ("n = +0x1F", #"racimo.toml:1:5: error: invalid number '+0x1F': hexadecimal, octal and binary integers cannot have a sign (write 0x1F without the sign)"#),
        ("f = 1.", "racimo.toml:1:5: error: invalid number '1.': a decimal point must be followed by digits (write 1.0 rather than 1.)"),
        ("f = 1e400", "racimo.toml:1:5: error: invalid number '1e400': it is too large for a 64-bit float (write inf for infinity)"),
        ("f = 1e", "racimo.toml:1:5: error: invalid number '1e': an exponent needs at least one digit"),
    ])
    func numbers(text: String, expected: String) { check(text, expected) }

    @Test("date-times: shape and ranges", arguments: [
        ("d = 1979-13-27", "racimo.toml:1:5: error: invalid date '1979-13-27': month must be between 01 and 12"),
        ("d = 2023-02-29", "racimo.toml:1:5: error: invalid date '2023-02-29': day must be between 01 and 28 in that month"),
        ("d = 1979-5-27", "racimo.toml:1:5: error: invalid date '1979-5-27': expected a date written YYYY-MM-DD (for example 1979-05-27)"),
        ("d = 1979-05-27T07:32Z", "racimo.toml:1:5: error: invalid date-time '1979-05-27T07:32Z': seconds are required (write the time as HH:MM:SS, for example 07:32:00)"),
        ("t = 07:32:00Z", "racimo.toml:1:5: error: invalid time '07:32:00Z': a time without a date cannot have a time zone offset"),
        ("t = 24:00:00", "racimo.toml:1:5: error: invalid time '24:00:00': hour must be between 00 and 23"),
        ("d = 1979-05-27T07:32:00+25:00", "racimo.toml:1:5: error: invalid date-time '1979-05-27T07:32:00+25:00': time zone offset must be between -23:59 and +23:59"),
    ])
    func dateTimes(text: String, expected: String) { check(text, expected) }

    @Test("keys and the '=' after them", arguments: [
        ("name \"x\"", "racimo.toml:1:6: error: expected '=' after key 'name', found '\"'"),
        ("name: \"x\"", "racimo.toml:1:5: error: expected '=' after key 'name', found ':' (TOML assigns with '=': name = …)"),
        ("[node]\n  name\n", "racimo.toml:2:7: error: expected '=' after key 'name', found end of line (each line is a key = value pair, a [table] header or a # comment)"),
        ("first name = 1", "racimo.toml:1:7: error: expected '=' after key 'first', found 'n' (a key with spaces must be quoted: \"first …\")"),
        ("= 1", "racimo.toml:1:1: error: expected a key before '=' (write the key's name: name = …)"),
        ("größe = 1", #"racimo.toml:1:3: error: invalid character 'ö' in key (bare keys may contain only A-Z, a-z, 0-9, '_' and '-'; quote other keys: "größe")"#),
        ("a. = 1", "racimo.toml:1:4: error: expected a key after '.', found '='"),
        ("a = 1 2", "racimo.toml:1:7: error: unexpected '2' after the value (each key = value pair and each [table] header goes on its own line)"),
    ])
    func keys(text: String, expected: String) { check(text, expected) }

    @Test("headers that are not closed or not named", arguments: [
        ("[a] b = 1", "racimo.toml:1:5: error: unexpected 'b' after the table header (each key = value pair and each [table] header goes on its own line)"),
        ("[a\nb = 1", "racimo.toml:1:3: error: expected ']' to close the header [a], found end of line"),
        ("[]", "racimo.toml:1:2: error: expected a table name, found ']'"),
        ("[[a] ]", "racimo.toml:1:4: error: expected ']]' to close the header [[a]], found ']' (an array-of-tables header is written [[a]], with no space between the brackets)"),
    ])
    func headers(text: String, expected: String) { check(text, expected) }

    @Test("tables defined twice or extended where TOML forbids it", arguments: [
        ("[a]\nx = 1\n[a]", "racimo.toml:3:1: error: table [a] is defined twice (first defined at racimo.toml:1:1)"),
        ("[a]\nb.c = 1\n[a.b]", "racimo.toml:3:1: error: table [a.b] was already created by dotted keys at racimo.toml:2:1 (a table is written either with a [header] or with dotted keys, not both)"),
        ("a.b.c = 1\n[a.b]", "racimo.toml:2:1: error: table [a.b] was already created by dotted keys at racimo.toml:1:3 (a table is written either with a [header] or with dotted keys, not both)"),
        ("[a.b]\nc = 1\n[a]\nb.d = 2", "racimo.toml:4:1: error: cannot add 'b.d' with a dotted key: table [a.b] is defined by its header at racimo.toml:1:1 (write the key under the [a.b] header instead)"),
        ("a = { x = 1 }\n[a.b]", "racimo.toml:2:2: error: cannot define table [a.b]: 'a' is an inline table, written at racimo.toml:1:5; inline tables cannot be extended (write all its keys inside the { }, or make it a [a] section)"),
        ("a = { x = 1 }\na.y = 2", "racimo.toml:2:1: error: cannot add 'a.y': 'a' is an inline table, written at racimo.toml:1:5; inline tables cannot be extended (write all its keys inside the { }, or make it a [a] section)"),
        ("a = { x = 1 }\n[a]", "racimo.toml:2:1: error: cannot define table [a]: 'a' is an inline table, written at racimo.toml:1:5; inline tables cannot be extended (write all its keys inside the { }, or make it a [a] section)"),
        ("[a]\n[[a]]", "racimo.toml:2:1: error: cannot use [[a]]: 'a' is already a table, defined at racimo.toml:1:1 (an array of tables is written only with [[a]] headers)"),
        ("[[a]]\n[a]", "racimo.toml:2:1: error: cannot define table [a]: 'a' is an array of tables, started by [[a]] at racimo.toml:1:1 (write [[a]] to add another element)"),
        ("a = []\n[[a]]", "racimo.toml:2:1: error: cannot append to 'a' with [[a]]: it is an array written inline at racimo.toml:1:5 (an array of tables is written either inline or with [[a]] headers, not both)"),
        ("a = 1\n[a]", "racimo.toml:2:1: error: cannot define table [a]: 'a' is already an integer (defined at racimo.toml:1:1)"),
        ("a = 1\n[a.b]", "racimo.toml:2:2: error: cannot define table [a.b]: 'a' is already an integer (defined at racimo.toml:1:1)"),
        ("a = 1\na.b = 2", "racimo.toml:2:1: error: cannot add 'a.b': 'a' is already an integer (defined at racimo.toml:1:1)"),
        ("[[a.b]]\n[a]\nb.c = 1", "racimo.toml:3:1: error: cannot add 'b.c' with a dotted key: 'b' is an array of tables, started by [[a.b]] at racimo.toml:1:1 (write the key under a [[a.b]] header instead)"),
        ("[fruit]\napple.taste.sweet = true\n[fruit.apple.taste]", "racimo.toml:3:1: error: table [fruit.apple.taste] was already created by dotted keys at racimo.toml:2:7 (a table is written either with a [header] or with dotted keys, not both)"),
    ])
    func redefinitions(text: String, expected: String) { check(text, expected) }

    @Test("arrays and inline tables that are not closed properly", arguments: [
        ("t = { a = 1,\n  b = 2 }", "racimo.toml:1:13: error: an inline table must fit on one line; this one starts at racimo.toml:1:5 (close it with '}' on this line, or write it as a [table] section)"),
        ("t = { a = 1, }", "racimo.toml:1:14: error: trailing comma in an inline table (remove the ',' before '}'; only arrays allow a trailing comma)"),
        ("t = { a = 1", "racimo.toml:1:5: error: unterminated inline table: the inline table starting here has no closing '}' (add '}' after its last element)"),
        ("t = { a = 1 b = 2 }", "racimo.toml:1:13: error: expected ',' or '}' in the inline table, found 'b' (the inline table starts at racimo.toml:1:5)"),
        ("a = [1 2]", "racimo.toml:1:8: error: expected ',' or ']' after an array element, found '2' (the array starts at racimo.toml:1:5)"),
        ("a = [1, 2\n", "racimo.toml:1:5: error: unterminated array: the array starting here has no closing ']' (add ']' after its last element)"),
        ("a = [1, 2\nb = 3", "racimo.toml:2:1: error: expected ',' or ']' after an array element, found 'b' (the array starts at racimo.toml:1:5)"),
    ])
    func containers(text: String, expected: String) { check(text, expected) }

    @Test("control characters and stray carriage returns", arguments: [
        ("# bell \u{7} here", "racimo.toml:1:8: error: control character U+0007 is not allowed in a comment"),
        ("a = 1\r b = 2", "racimo.toml:1:6: error: carriage return without a line feed (TOML lines end with LF or CRLF; save the file with Unix or Windows line endings)"),
        ("\u{FEFF}\u{C}", "racimo.toml:1:1: error: expected a key, a [table] header or a # comment, found control character U+000C"),
    ])
    func control(text: String, expected: String) { check(text, expected) }

    @Test("refuses nesting deeper than 100 instead of exhausting the stack")
    func nesting() {
        let deep = "a = " + String(repeating: "[", count: 101) + String(repeating: "]", count: 101)
        check(deep, "racimo.toml:1:105: error: arrays and inline tables are nested more than 100 deep")
        let fine = "a = " + String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect((try? TOMLReader.parse(fine, file: "racimo.toml")) != nil)
    }
}
