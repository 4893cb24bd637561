/// One value read from a TOML file, with the place it was written.
///
/// Every value carries its `SourceLocation` so that whoever interprets the configuration later
/// (long after parsing) can still say `racimo.toml:12:9: error: expected a string, found an integer`.
///
/// Equality compares locations too, and floats by value, so a `nan` is not equal to itself.
public struct TOMLValue: Sendable, Equatable {
    /// What was written, already decoded (escapes resolved, underscores removed from numbers).
    public var kind: Kind
    /// The value's first character: the opening quote of a string, the first digit or sign of a
    /// number, the `[` of an array, the `{` of an inline table, the `[` of a `[table]` header.
    public var location: SourceLocation

    public init(kind: Kind, location: SourceLocation) {
        self.kind = kind
        self.location = location
    }

    /// The TOML value types.
    public enum Kind: Sendable, Equatable {
        case string(String)
        case integer(Int64)
        case float(Double)
        case boolean(Bool)
        /// An offset or local date-time, a local date or a local time, exactly as written
        /// (`1979-05-27T07:32:00Z`, `1979-05-27`, `07:32:00.5`). Its shape and ranges were
        /// checked; it is kept as text because Racimo needs no calendar arithmetic and the
        /// original spelling is what a message should echo.
        case dateTime(String)
        /// Elements in file order; TOML 1.0 allows elements of different types.
        case array([TOMLValue])
        case table(TOMLTable)
    }

    /// The type's name as the TOML specification spells it, for messages such as
    /// "expected a string, found an integer": `string`, `integer`, `float`, `boolean`,
    /// `date-time`, `array` or `table`.
    public var typeName: String {
        switch kind {
        case .string: "string"
        case .integer: "integer"
        case .float: "float"
        case .boolean: "boolean"
        case .dateTime: "date-time"
        case .array: "array"
        case .table: "table"
        }
    }

    /// `typeName` with its indefinite article ("an integer", "a string"), so messages read as
    /// English without every caller choosing between "a" and "an".
    public var typeNameWithArticle: String {
        switch kind {
        case .integer, .array: "an \(typeName)"
        default: "a \(typeName)"
        }
    }
}

/// A TOML table: the document's root, a `[header]` section, an element of a `[[header]]` array,
/// a table made by dotted keys, or an inline `{ … }` table.
public struct TOMLTable: Sendable, Equatable {
    /// One `key = value` of a table, remembering where the key was written.
    public struct Entry: Sendable, Equatable {
        /// The key, unquoted and unescaped. For a dotted key `a.b.c = 1` this table holds only
        /// its own segment (`c`); `a` and `b` are entries of the enclosing tables.
        public var key: String
        /// The key's first character (its opening quote, if quoted). For a dotted key this is
        /// the position of this table's own segment, so `server.nmae = 1` can be reported at
        /// `nmae`. A table that was defined by a `[header]` points at the header's last segment.
        public var keyLocation: SourceLocation
        public var value: TOMLValue

        public init(key: String, keyLocation: SourceLocation, value: TOMLValue) {
            self.key = key
            self.keyLocation = keyLocation
            self.value = value
        }
    }

    /// In the order the keys first appear in the file, so messages and round trips follow the
    /// reader's eye rather than a hash order.
    public var entries: [Entry]
    /// Where the table was opened: the `[` of its `[header]`, the `{` of an inline table, the key
    /// segment of a table created implicitly (by dotted keys or as a header's parent), or 1:1
    /// for the document's root.
    public var location: SourceLocation

    public init(entries: [Entry] = [], location: SourceLocation) {
        self.entries = entries
        self.location = location
    }

    /// The value stored under `key` (one segment, not a dotted path), if any.
    ///
    /// A linear search: configuration tables hold a handful of keys, and keeping only the
    /// ordered list keeps the type simple and `Equatable` by content.
    public subscript(key: String) -> TOMLValue? {
        entry(key)?.value
    }

    /// The entry for `key` (one segment), with the key's own location.
    public func entry(_ key: String) -> Entry? {
        entries.first { $0.key == key }
    }

    /// The keys in file order.
    public var keys: [String] { entries.map(\.key) }
}
