/// This build's version, printed by `racimo version` and carried in hello frames.
public enum RacimoVersion {
    public static let current = "0.1.0"
}
