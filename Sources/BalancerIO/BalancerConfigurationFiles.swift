import Balancer
import LinuxSupport
import RacimoCore

/// Reads the file a user brings to `racimo balancer -f` and turns it into a plan.
public enum BalancerConfigurationFiles {
    /// The dialects `-f` understands.
    public enum Format: String, Sendable, CaseIterable {
        case haproxy, ldirectord, keepalived
    }

    /// The format of `text`: keepalived if it has a `virtual_server` block, ldirectord if its
    /// first setting is `name=value` with a known ldirectord word or it has `virtual=` lines,
    /// HAProxy otherwise (its sections are bare words).
    public static func guessFormat(_ text: String, path: String) -> Format {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.drop { $0 == " " || $0 == "\t" } }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") && !$0.hasPrefix("!") }
        if lines.contains(where: { $0.hasPrefix("virtual_server ") || $0.hasPrefix("virtual_server\t") }) { return .keepalived }
        if lines.contains(where: { $0.hasPrefix("virtual=") || $0.hasPrefix("virtual =") }) { return .ldirectord }
        if path.hasSuffix(".cf") && !path.hasSuffix("haproxy.cf") { return .ldirectord }
        return .haproxy
    }

    /// The plan and every diagnostic; no plan when there are errors.
    public static func load(path: String, format: Format? = nil) -> (BalancerPlan?, Diagnostics, Format) {
        let text: String
        do {
            text = try Files.readText(path)
        } catch {
            return (nil, Diagnostics([.error(at: nil, "cannot read \(path): \(error)")]), format ?? .haproxy)
        }
        let format = format ?? guessFormat(text, path: path)
        let (plan, diagnostics) = plan(text: text, file: path, format: format)
        return (plan, diagnostics, format)
    }

    public static func plan(text: String, file: String, format: Format) -> (BalancerPlan?, Diagnostics) {
        switch format {
        case .haproxy:
            let (configuration, diagnostics) = HAProxyConfiguration.parse(text, file: file)
            return (configuration.map { BalancerPlan(haproxy: $0) }, diagnostics)
        case .ldirectord:
            let (configuration, diagnostics) = LdirectordConfiguration.parse(text, file: file)
            return (configuration.map { BalancerPlan(ldirectord: $0) }, diagnostics)
        case .keepalived:
            let (configuration, diagnostics) = KeepalivedVirtualServers.parse(text, file: file)
            return (diagnostics.hasErrors ? nil : configuration.map { BalancerPlan(keepalived: $0) }, diagnostics)
        }
    }
}
