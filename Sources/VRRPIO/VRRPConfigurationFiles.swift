import Foundation
import LinuxSupport
import RacimoCore
import VRRP

/// Reads the files `racimo vrrp` is pointed at: a keepalived.conf with its includes, or
/// Heartbeat's directory. The readers themselves are pure (VRRP's Config/); this is their shell.
public enum VRRPConfigurationFiles {
    /// Reads and checks a keepalived.conf. Returns the plan, or nil with the errors, and the
    /// warnings either way.
    public static func keepalived(path: String) -> (plan: VRRPPlan?, diagnostics: Diagnostics) {
        let text: String
        do {
            text = try Files.readText(path)
        } catch {
            return (nil, Diagnostics([.error(at: nil, "cannot read \(path): \(error)")]))
        }
        let (configuration, diagnostics) = KeepalivedConfiguration.parse(text, file: path) { pattern, includer in
            matchingFiles(IncludePath.resolve(pattern, relativeTo: includer)).compactMap { file in
                (try? Files.readText(file)).map { (file, $0) }
            }
        }
        return (configuration.map(VRRPPlan.init(keepalived:)), diagnostics)
    }

    /// The files a keepalived `include` pattern names, in glob(3)'s order: each brace
    /// alternative in turn, its matches sorted. Wildcards are matched in the last component
    /// (`conf.d/*.conf`); a pattern without any names at most one file.
    static func matchingFiles(_ pattern: String) -> [String] {
        IncludePath.expandBraces(pattern).flatMap { alternative -> [String] in
            guard IncludePath.hasWildcards(alternative) else { return Files.exists(alternative) ? [alternative] : [] }
            let directory = alternative.lastIndex(of: "/").map { String(alternative[..<$0]) } ?? "."
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.isEmpty ? "/" : directory)) ?? []
            return names.sorted().map { directory + "/" + $0 }.filter { IncludePath.matches($0, pattern: alternative) }
        }
    }
}
