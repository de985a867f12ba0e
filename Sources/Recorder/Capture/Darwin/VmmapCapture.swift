/// What ``VmmapParser`` read from one `vmmap PID` output: the process's memory totals, its
/// regions, and what the output says about itself.
public struct VmmapCapture: Sendable, Hashable {
    /// The totals over ``regions`` by the rules of the Darwin capture (see ``VmmapParser``), in
    /// bytes. `referencedSize`, `minorFaults` and `majorFaults` are 0: vmmap does not report them.
    public var memory: MemoryUsage
    /// Every region line, in output order (both sections, or the one `-interleaved` section).
    /// Never empty: an output without region lines is no capture.
    public var regions: [VmmapRegion]
    /// The `Output report format:` version as printed (`"2.4"`), or nil when the text has no
    /// such line (an excerpt).
    public var reportFormat: String?
    /// The page size in bytes: from the `VM page size:` line, else the page size the caller
    /// passed; nil when neither was known.
    public var pageSize: Int?
    /// The `REGION COUNT` of the summary table's `TOTAL` row, when the text has one: a
    /// cross-check for a complete capture. vmmap counts non-coalesced regions there, so it can
    /// exceed `regions.count`; an excerpt or a paste with elided lines shows fewer lines.
    public var summaryRegionCount: Int?
    /// The header's `Physical footprint:` in bytes (macOS 10.13 and later), when present.
    public var physicalFootprint: Int?
    /// The header's `Physical footprint (peak):` in bytes, when present.
    public var physicalFootprintPeak: Int?
    /// Whether the output was `vmmap -pages` output, whose bracket counts were multiplied by
    /// ``pageSize`` to give the byte sizes here.
    public var sizesWereInPages: Bool

    /// Creates a capture from its parts.
    public init(
        memory: MemoryUsage, regions: [VmmapRegion], reportFormat: String? = nil, pageSize: Int? = nil,
        summaryRegionCount: Int? = nil, physicalFootprint: Int? = nil, physicalFootprintPeak: Int? = nil,
        sizesWereInPages: Bool = false
    ) {
        self.memory = memory
        self.regions = regions
        self.reportFormat = reportFormat
        self.pageSize = pageSize
        self.summaryRegionCount = summaryRegionCount
        self.physicalFootprint = physicalFootprint
        self.physicalFootprintPeak = physicalFootprintPeak
        self.sizesWereInPages = sizesWereInPages
    }
}
