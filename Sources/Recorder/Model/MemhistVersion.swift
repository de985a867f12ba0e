/// The version of memhist, stored with each session and printed by `memhist --version`.
public enum MemhistVersion {
    /// The current version.
    public static let current = "0.1.0"
}
