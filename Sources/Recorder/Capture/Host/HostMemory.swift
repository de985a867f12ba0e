/// The host's memory and the memory of the cgroup memhist watches, in bytes.
public struct HostMemory: Sendable, Hashable {
    /// `MemTotal`.
    public var total: Int?
    /// `MemAvailable`: an estimate of what can be allocated without swapping.
    public var available: Int?
    /// `SwapTotal`.
    public var swapTotal: Int?
    /// `SwapFree`.
    public var swapFree: Int?
    /// The cgroup's usage (v2 `memory.current`, v1 `memory.usage_in_bytes`).
    public var cgroupUsage: Int?
    /// The cgroup's limit; nil when there is none (v2 `max`, v1's huge sentinel).
    public var cgroupLimit: Int?

    /// Creates a value with every field unknown.
    public init(
        total: Int? = nil, available: Int? = nil, swapTotal: Int? = nil, swapFree: Int? = nil,
        cgroupUsage: Int? = nil, cgroupLimit: Int? = nil
    ) {
        self.total = total
        self.available = available
        self.swapTotal = swapTotal
        self.swapFree = swapFree
        self.cgroupUsage = cgroupUsage
        self.cgroupLimit = cgroupLimit
    }
}
