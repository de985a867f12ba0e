/// One row of a sample's region breakdown: a label with the summed sizes of its mappings
/// (grouped), or one mapping (with its start address).
public struct RegionRow: Sendable, Hashable {
    /// The region's label.
    public var label: String
    /// The kind of memory.
    public var kind: RegionKind
    /// The mapping's start, for per-mapping rows; nil when grouped.
    public var startAddress: UInt64?
    /// How many mappings the row sums.
    public var mappingCount: Int
    /// The sizes.
    public var sizes: RegionSizes

    /// Creates a row.
    public init(label: String, kind: RegionKind, startAddress: UInt64?, mappingCount: Int, sizes: RegionSizes) {
        self.label = label
        self.kind = kind
        self.startAddress = startAddress
        self.mappingCount = mappingCount
        self.sizes = sizes
    }

    /// What identifies a row across samples: the label, and the start address per mapping.
    public struct Key: Hashable, Sendable {
        /// The label.
        public var label: String
        /// The start address, for per-mapping rows.
        public var startAddress: UInt64?
    }

    /// This row's key.
    public var key: Key { Key(label: label, startAddress: startAddress) }

    /// The row that records this region's disappearance: no mappings, no sizes.
    public var vanished: RegionRow {
        RegionRow(label: label, kind: kind, startAddress: startAddress, mappingCount: 0, sizes: .zero)
    }

    /// One row per label, sizes summed, in order of first appearance.
    /// - Throws: ``SizeOutOfRange`` when a label's sizes add up beyond ``RegionSizes/limit``.
    public static func grouped(_ regions: [Region]) throws(SizeOutOfRange) -> [RegionRow] {
        var index: [String: Int] = [:]
        var rows: [RegionRow] = []
        for region in regions {
            if let at = index[region.label] {
                rows[at].mappingCount += 1
                try rows[at].sizes.add(region.sizes)
            } else {
                index[region.label] = rows.count
                rows.append(
                    RegionRow(
                        label: region.label, kind: region.kind, startAddress: nil, mappingCount: 1, sizes: region.sizes)
                )
            }
        }
        return rows
    }

    /// One row per mapping.
    public static func perMapping(_ regions: [Region]) -> [RegionRow] {
        regions.map {
            RegionRow(label: $0.label, kind: $0.kind, startAddress: $0.start, mappingCount: 1, sizes: $0.sizes)
        }
    }
}
