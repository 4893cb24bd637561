import Foundation

/// Writes a line to standard error: diagnostics go there so that `--json` output stays clean.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
