/// A position in a file a person wrote: 1-based line and column, as editors count them.
///
/// Columns count Unicode scalars, so a tab or an accented letter is one column.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    /// The file's path as the user named it (not resolved), so messages echo what they typed.
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`, the form compilers print and editors jump to.
    public var description: String { "\(file):\(line):\(column)" }
}
