/// What the submit reader needs from the outside world, so the `Jobs` target stays pure.
///
/// `condor_submit` reads files, globs directories and checks that the executable exists; a
/// conforming type does those things (or fakes them in tests).
public protocol SubmitEnvironment: Sendable {
    /// The directory `condor_submit` was run in: the base of relative paths (JDL: initialdir).
    var workingDirectory: String { get }
    /// The submitter's environment, for `$ENV(X)` and `getenv`.
    var variables: [String: String] { get }
    /// The text of a file named by `queue ... from FILE`, or nil if it cannot be read.
    func contents(ofFile path: String) -> String?
    /// Paths matching a glob (`queue ... matching`), sorted; `directories` true = only
    /// directories, false = only files, nil = both.
    func matching(_ pattern: String, directories: Bool?) -> [String]
    /// Whether `path` (absolute) names an executable file.
    func isExecutable(_ path: String) -> Bool
    /// Whether `path` (absolute) names an existing file or directory.
    func fileExists(_ path: String) -> Bool
}
