/// How a recording stores the breakdown of each address space.
public enum RegionsMode: String, Sendable, CaseIterable {
    /// One row per label, mappings of the same label summed (the default).
    case grouped
    /// One row per mapping, with its start address.
    case mappings
    /// No region rows: totals only.
    case off
}
