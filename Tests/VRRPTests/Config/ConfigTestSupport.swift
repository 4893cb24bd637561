#if canImport(Glibc)
import Glibc
#endif
import RacimoCore
import VRRP

/// Reads keepalived text with `include` served from `files` (path → text), matched with the
/// same glob rules keepalived uses, in glob(3)'s order.
func keepalived(_ text: String, file: String = "keepalived.conf", files: [String: String] = [:])
    -> (configuration: KeepalivedConfiguration?, diagnostics: [String])
{
    let (configuration, diagnostics) = KeepalivedConfiguration.parse(text, file: file) { pattern, relativeTo in
        let resolved = IncludePath.resolve(pattern, relativeTo: relativeTo)
        // glob(3) with GLOB_BRACE: each brace alternative in order, its matches sorted by name.
        return IncludePath.expandBraces(resolved).flatMap { alternative in
            files.keys.sorted().filter { IncludePath.matches($0, pattern: alternative) }.map { ($0, files[$0]!) }
        }
    }
    return (configuration, diagnostics.all.map(\.description))
}

func heartbeat(haCf: String, haresources: String, authkeys: String, directory: String = "/etc/ha.d")
    -> (configuration: HeartbeatConfiguration?, diagnostics: [String])
{
    let (configuration, diagnostics) = HeartbeatConfiguration.parse(
        haCf: HeartbeatFile(name: directory + "/ha.cf", text: haCf),
        haresources: HeartbeatFile(name: directory + "/haresources", text: haresources),
        authkeys: HeartbeatFile(name: directory + "/authkeys", text: authkeys))
    return (configuration, diagnostics.all.map(\.description))
}

func at(_ file: String, _ line: Int, _ column: Int) -> SourceLocation {
    SourceLocation(file: file, line: line, column: column)
}

/// The text of a file, or nil if it cannot be read (tests only; the readers do no I/O).
func readFile(_ path: String) -> String? {
    guard let handle = fopen(path, "r") else { return nil }
    defer { fclose(handle) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
        let count = fread(&buffer, 1, buffer.count, handle)
        if count <= 0 { break }
        bytes += buffer[0..<count]
    }
    return String(decoding: bytes, as: UTF8.self)
}
