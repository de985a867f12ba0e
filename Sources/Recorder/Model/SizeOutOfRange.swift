/// A size, or a sum of sizes, beyond ``RegionSizes/limit``: no address space is that large, so
/// the text it came from is not a real capture (or was damaged).
public struct SizeOutOfRange: Error, Sendable, Equatable {
    /// Creates the error.
    public init() {}
}
